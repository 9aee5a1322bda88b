"""Filters casework adds to the household list (ledgers.extensions), so that the statistics'
"minority hardship households helped" link to exactly their households: ?relief_after=
&relief_before= (a household with a minority member that applied, past the draft, for temporary
relief, the minimum living allowance or housing support between the two days) and
?relief_approved_after=&relief_approved_before= (such an application, approved)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from casework.assistance.filters import RELIEF_KINDS, household_had_minority_member
from casework.assistance.models import AssistanceCase, AssistanceCaseQuerySet
from core.sets import among
from ledgers.extensions import household_filter
from ledgers.filters import DateRangeInputs, days_of


def relief_applications(start: date | None, end: date | None) -> AssistanceCaseQuerySet:
    """Applications (past the draft) of a household with a minority member for temporary
    relief, the minimum living allowance or housing support, made between the two days."""
    cases: AssistanceCaseQuerySet = AssistanceCase.objects.applications()  # type: ignore[attr-defined]
    cases = cases.filter(household_had_minority_member(), kind__in=RELIEF_KINDS)
    if start is not None:
        cases = cases.filter(applied_on__gte=start)
    if end is not None:
        cases = cases.filter(applied_on__lte=end)
    return cases


def _applied(queryset: QuerySet[Any], name: str, value: slice) -> QuerySet[Any]:
    return queryset.filter(among(relief_applications(*days_of(value)), "household_id"))


def _approved(queryset: QuerySet[Any], name: str, value: slice) -> QuerySet[Any]:
    approvals = relief_applications(*days_of(value)).approvals()
    return queryset.filter(among(approvals, "household_id"))


household_filter(
    "casework.view_assistancecase",
    "relief",
    django_filters.DateFromToRangeFilter(
        label=_("applied for relief between"), widget=DateRangeInputs(), method=_applied
    ),
)
household_filter(
    "casework.view_assistancecase",
    "relief_approved",
    django_filters.DateFromToRangeFilter(
        label=_("relief approved, applied between"), widget=DateRangeInputs(), method=_approved
    ),
)
