"""What the casework lists' filters share: the user's places, a from–to date range, a
"yes only" condition."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.widgets import DateRangeWidget

from ledgers.models import Place


def my_places(request: Any) -> QuerySet[Place]:
    """The places the user may see: the choices of a list's place filter."""
    return Place.objects.none() if request is None else Place.objects.for_user(request.user)


def date_range(label: Any) -> django_filters.DateFromToRangeFilter:
    """A from–to date filter: `<name>_after` and `<name>_before`, both days included."""
    return django_filters.DateFromToRangeFilter(
        label=label, widget=DateRangeWidget(attrs={"type": "date"})
    )


def only_yes(condition: Any) -> Any:
    """A filter method keeping the rows that meet `condition` (a Q) when "yes" is chosen."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(condition) if value == "yes" else queryset

    return method
