"""Filters of the creation file's lists: kind, year, community (and the office's own rows)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.creation.models import (
    Demonstration,
    DemonstrationLevel,
    DemonstrationStatus,
    DocumentKind,
    LeadershipGroup,
    WorkDocument,
)
from ledgers.filters import YearFilter, community_filter

OFFICE_ONLY = [("1", _("The office's own only"))]


class AreaFilterSet(django_filters.FilterSet):
    """A community's rows, or (office=1) the office's own."""

    community = community_filter()
    office = django_filters.ChoiceFilter(
        label=_("the office"), choices=OFFICE_ONLY, method="filter_office"
    )

    def filter_office(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(community__isnull=True) if value == "1" else queryset


class LeadershipGroupFilter(AreaFilterSet):
    year = YearFilter("year", dates=False)

    class Meta:
        model = LeadershipGroup
        fields = ["year", "community", "office"]


class WorkDocumentFilter(AreaFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=DocumentKind.choices)
    year = YearFilter("year", dates=False)

    class Meta:
        model = WorkDocument
        fields = ["kind", "year", "community", "office"]


class DemonstrationFilter(AreaFilterSet):
    level = django_filters.ChoiceFilter(label=_("level"), choices=DemonstrationLevel.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=DemonstrationStatus.choices)

    class Meta:
        model = Demonstration
        fields = ["level", "status", "community", "office"]
