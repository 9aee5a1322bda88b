"""Filters of the hazard register."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.hazards.models import (
    CLOSED_ON_TIME,
    Hazard,
    HazardLevel,
    HazardState,
    overdue_condition,
)
from casework.list_filters import my_places, only_yes
from ledgers.codes import HazardCategory
from ledgers.filters import YES_NO, YearFilter, community_filter, date_range


class HazardFilter(django_filters.FilterSet):
    community = community_filter()
    place = django_filters.ModelChoiceFilter(label=_("place"), queryset=my_places)
    category = django_filters.ChoiceFilter(label=_("category"), choices=HazardCategory.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=HazardLevel.choices)
    state = django_filters.ChoiceFilter(label=_("state"), choices=HazardState.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("overdue"), choices=YES_NO, method="filter_overdue"
    )
    due_this_week = django_filters.ChoiceFilter(
        label=_("deadline within 7 days"), choices=YES_NO[:1], method="filter_due_this_week"
    )
    year = YearFilter("found_on")
    unreported = django_filters.ChoiceFilter(
        label=_("major, not reported upward"), choices=YES_NO[:1], method="filter_unreported"
    )
    open = django_filters.ChoiceFilter(
        label=_("not closed"), choices=YES_NO[:1], method=only_yes(~Q(state=HazardState.CLOSED))
    )
    found_on = date_range(_("found on"))
    closed_on = date_range(_("closed on"))
    on_time = django_filters.ChoiceFilter(
        label=_("closed on time"), choices=YES_NO[:1], method=only_yes(CLOSED_ON_TIME)
    )
    extension = django_filters.ChoiceFilter(
        label=_("extension requested"),
        choices=YES_NO[:1],
        method=only_yes(Q(extension_requested_to__isnull=False)),
    )

    class Meta:
        model = Hazard
        fields = ["community", "place", "category", "level", "state", "year"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # The model's rule: past the deadline (in working days where it was given in them).
        overdue = overdue_condition()
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)

    def filter_unreported(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # 重大隐患未上报: what still has to go up to the party work committee.
        if value != "yes":
            return queryset
        return queryset.filter(level=HazardLevel.MAJOR, reported_on__isnull=True)

    def filter_due_this_week(
        self, queryset: QuerySet[Any], name: str, value: bool
    ) -> QuerySet[Any]:
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            deadline__gte=today, deadline__lte=today + timedelta(days=7)
        ).exclude(state=HazardState.CLOSED)
