"""What the casework lists' filters share: the user's places, a "yes only" condition."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ledgers.models import Place


def my_places(request: Any) -> QuerySet[Place]:
    """The places the user may see: the choices of a list's place filter."""
    return Place.objects.none() if request is None else Place.objects.for_user(request.user)


def only_yes(condition: Any) -> Any:
    """A filter method keeping the rows that meet `condition` (a Q) when "yes" is chosen."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(condition) if value == "yes" else queryset

    return method
