"""Filters of the inspections list and of the inspection plans."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from casework.inspections.models import (
    Frequency,
    Inspection,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
)
from casework.list_filters import my_places
from ledgers.filters import YES_NO, YearFilter, community_filter, date_range
from ledgers.models import PlaceKind


class InspectionFilter(django_filters.FilterSet):
    community = community_filter()
    place = django_filters.ModelChoiceFilter(label=_("place"), queryset=my_places)
    inspected_on = date_range(_("inspected on"))
    year = YearFilter("inspected_on")
    failed = django_filters.ChoiceFilter(
        label=_("has failed items"), choices=YES_NO, method="filter_failed"
    )

    class Meta:
        model = Inspection
        fields = ["community", "place", "inspected_on", "year"]

    def filter_failed(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        failed = Exists(
            InspectionItem.objects.filter(inspection=OuterRef("pk"), result=InspectionResult.FAIL)
        )
        return queryset.filter(failed) if value == "yes" else queryset.exclude(failed)


class PlanFilter(django_filters.FilterSet):
    community = community_filter()
    frequency = django_filters.ChoiceFilter(label=_("how often"), choices=Frequency.choices)
    place_kind = django_filters.ChoiceFilter(label=_("kind of place"), choices=PlaceKind.choices)

    class Meta:
        model = InspectionPlan
        fields = ["community", "frequency", "place_kind"]
