"""Filters of the insurance enrolments and of the insurance gap list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.insurance.models import (
    COVERED,
    PENSION_AGE,
    EnrolmentStatus,
    InsuranceEnrolment,
    InsuranceScheme,
    should_enrol,
)
from casework.list_filters import only_yes
from ledgers.filters import YES_NO, YearFilter, community_filter, grid_filter
from ledgers.models import MINORITY_CODES, Resident, ResidentStatus


def current_year() -> int:
    return timezone.localdate().year


class EnrolmentFilter(django_filters.FilterSet):
    community = community_filter("resident__community")
    grid = grid_filter("resident__grid")
    scheme = django_filters.ChoiceFilter(label=_("scheme"), choices=InsuranceScheme.choices)
    year = YearFilter("year", dates=False)
    status = django_filters.ChoiceFilter(
        label=_("enrolment status"), choices=EnrolmentStatus.choices
    )
    helped_by_community = django_filters.BooleanFilter(label=_("helped by the community"))
    # The drill-downs of the dashboard and the yearly statistics: insured (已参保 or through
    # another scheme), on the register now (an enrolment rate counts those), minority residents,
    # and the elderly (60 or over by 31 December of the row's year).
    covered = django_filters.ChoiceFilter(
        label=_("insured"), choices=YES_NO, method="filter_covered"
    )
    on_register = django_filters.ChoiceFilter(
        label=_("on the register"),
        choices=YES_NO[:1],
        method=only_yes(Q(resident__status=ResidentStatus.ACTIVE)),
    )
    minority = django_filters.ChoiceFilter(
        label=_("minority"), choices=YES_NO[:1], method="filter_minority"
    )
    elderly = django_filters.ChoiceFilter(
        label=_("aged 60 or over"), choices=YES_NO[:1], method="filter_elderly"
    )

    class Meta:
        model = InsuranceEnrolment
        fields = ["community", "grid", "scheme", "year", "status", "helped_by_community"]

    def filter_covered(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        covered = Q(status__in=COVERED)
        return queryset.filter(covered) if value == "yes" else queryset.exclude(covered)

    def filter_minority(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(resident__ethnicity__in=MINORITY_CODES) if value else queryset

    def filter_elderly(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(resident__birth_date__year__lte=F("year") - PENSION_AGE)


class InsuranceGapFilter(django_filters.FilterSet):
    """Who should be insured and is not: the scheme and year default to medical, this year."""

    community = community_filter()
    grid = grid_filter()
    scheme = django_filters.ChoiceFilter(
        label=_("scheme"), choices=InsuranceScheme.choices, method="by_rule", empty_label=None
    )
    year = YearFilter("year", method="by_rule")

    class Meta:
        model = Resident
        fields = ["community", "grid", "scheme", "year"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("scheme"):
            data["scheme"] = InsuranceScheme.MEDICAL
        if not data.get("year"):
            data["year"] = str(current_year())
        super().__init__(data, *args, **kwargs)

    def by_rule(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # both together, in filter_queryset

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        scheme, year = self.form.cleaned_data.get("scheme"), self.form.cleaned_data.get("year")
        if not scheme or year is None:
            return queryset.none()
        return should_enrol(queryset, scheme, int(year))
