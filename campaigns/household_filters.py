"""Filters campaigns adds to the household list (ledgers.extensions), so that a figure counted
in households (the visited ones, those with the anti-fraud app) links to exactly its households:
?visited_after=&visited_before= (at least one visit between the two days, both included) and
?app_installed_by= (the app recorded as installed on or before the day)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.antifraud.coverage import installed
from campaigns.visits.models import Visit
from core.sets import among
from ledgers.extensions import household_filter
from ledgers.filters import DateRangeInputs, days_of


def visits_between(start: date | None, end: date | None) -> QuerySet[Visit]:
    """The visits made between the two days (both included; either end may be open)."""
    visits = Visit.objects.all()
    if start is not None:
        visits = visits.filter(visited_on__gte=start)
    if end is not None:
        visits = visits.filter(visited_on__lte=end)
    return visits


def _visited(queryset: QuerySet[Any], name: str, value: slice) -> QuerySet[Any]:
    return queryset.filter(among(visits_between(*days_of(value)), "household_id"))


def _installed_by(queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
    return queryset.filter(installed(value))


household_filter(
    "campaigns.view_visit",
    "visited",
    django_filters.DateFromToRangeFilter(
        label=_("visited between"), widget=DateRangeInputs(), method=_visited
    ),
)
household_filter(
    "campaigns.view_antifraudcoverage",
    "app_installed_by",
    django_filters.DateFilter(
        label=_("anti-fraud app installed by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        method=_installed_by,
    ),
)
