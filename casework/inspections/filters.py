"""Filters of the inspections list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from casework.inspections.models import Inspection, InspectionItem, InspectionResult
from casework.list_filters import my_places
from ledgers.filters import YES_NO, YearFilter, community_filter, date_range


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
