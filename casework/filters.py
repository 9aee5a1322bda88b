"""Filters of the casework lists: the hazard register and assistance cases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import (
    AssistanceCase,
    AssistanceKind,
    CaseState,
    Hazard,
    HazardLevel,
    HazardState,
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


class AssistanceFilter(django_filters.FilterSet):
    community = community_filter()
    kind = django_filters.ChoiceFilter(label=_("assistance type"), choices=AssistanceKind.choices)
    state = django_filters.ChoiceFilter(label=_("state"), choices=CaseState.choices)
    year = django_filters.NumberFilter(label=_("year"), field_name="applied_on", lookup_expr="year")
    due = django_filters.ChoiceFilter(
        label=_("due for re-check"), choices=YES_NO[:1], method="filter_due"
    )

    class Meta:
        model = AssistanceCase
        fields = ["community", "kind", "state", "year"]

    def filter_due(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.due_for_recheck() if value == "yes" else queryset  # type: ignore[attr-defined]
