"""Filters of the hazard register and of the inspections."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from casework.models import (
    Hazard,
    HazardLevel,
    HazardState,
    Inspection,
    InspectionItem,
    InspectionResult,
)
from ledgers.codes import HazardCategory
from ledgers.filters import YES_NO, community_filter
from ledgers.models import Place


def my_places(request: Any) -> QuerySet[Place]:
    return Place.objects.none() if request is None else Place.objects.for_user(request.user)


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
    year = django_filters.NumberFilter(label=_("year"), field_name="found_on", lookup_expr="year")

    class Meta:
        model = Hazard
        fields = ["community", "place", "category", "level", "state", "year"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Past the deadline and not closed (working-day counts are shown on each hazard).
        overdue = Q(deadline__lt=timezone.localdate()) & ~Q(state=HazardState.CLOSED)
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)

    def filter_due_this_week(
        self, queryset: QuerySet[Any], name: str, value: bool
    ) -> QuerySet[Any]:
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            deadline__gte=today, deadline__lte=today + timedelta(days=7)
        ).exclude(state=HazardState.CLOSED)


class InspectionFilter(django_filters.FilterSet):
    community = community_filter()
    place = django_filters.ModelChoiceFilter(label=_("place"), queryset=my_places)
    inspected_on = django_filters.DateFromToRangeFilter(
        label=_("inspected on"), widget=DateRangeWidget(attrs={"type": "date"})
    )
    year = django_filters.NumberFilter(
        label=_("year"), field_name="inspected_on", lookup_expr="year"
    )
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
