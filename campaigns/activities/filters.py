"""Filters of the activity log; their GET names are the drill-down contract the dashboard and
the yearly statistics link with (community, kind, held_on_after, held_on_before, year, office)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import Activity, ActivityKind
from campaigns.targets.models import MEETING_KINDS, Indicator
from ledgers.filters import YearFilter, community_filter, date_range

# Not a kind of its own: the study sessions, mobilisation meetings and forums a "meetings"
# target counts together, so that the target's records are one link away.
MEETINGS = "meetings"
KIND_CHOICES = [*ActivityKind.choices, (MEETINGS, Indicator.MEETINGS.label)]
OFFICE_ONLY = [("1", _("Whole office only"))]


def kinds_asked(values: list[str]) -> list[str]:
    """The kinds of ?kind=…: several may be given, "meetings" stands for MEETING_KINDS."""
    kinds: list[str] = []
    for value in values:
        if value == MEETINGS:
            kinds += [str(kind) for kind in MEETING_KINDS]
        elif value in ActivityKind.values:
            kinds.append(value)
    return kinds


class ActivityFilter(django_filters.FilterSet):
    # A community's own activities; without it, the office-wide ones are listed too.
    community = community_filter()
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=KIND_CHOICES, method="filter_kind")
    held_on = date_range(_("date"))
    year = YearFilter("held_on")
    office = django_filters.ChoiceFilter(
        label=_("whole office"), choices=OFFICE_ONLY, method="filter_office"
    )

    class Meta:
        model = Activity
        fields = ["community", "kind", "held_on", "year", "office"]

    def filter_kind(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # ?kind=study&kind=forum is accepted too; the form field validated the last one.
        kinds = kinds_asked(self.data.getlist("kind") if hasattr(self.data, "getlist") else [value])
        return queryset.filter(kind__in=kinds) if kinds else queryset

    def filter_office(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(community__isnull=True) if value == "1" else queryset
