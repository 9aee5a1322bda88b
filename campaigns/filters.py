"""Filters several areas share: households by community and grid, with what
the coverage pages make of them."""

from __future__ import annotations

from typing import cast

import django_filters
from django.http import HttpRequest

from core.generic import styled
from ledgers.filters import community_filter, grid_filter
from ledgers.models import Household, HouseholdQuerySet


class AreaFilter(django_filters.FilterSet):
    """Households by community and grid: the coverage pages."""

    community = community_filter()
    grid = grid_filter()

    class Meta:
        model = Household
        fields = ["community", "grid"]


def area_filter(request: HttpRequest) -> AreaFilter:
    households = Household.objects.for_user(request.user)
    return styled(AreaFilter(request.GET or None, queryset=households, request=request))


def filtered(area: AreaFilter) -> HouseholdQuerySet:
    """The filter's households, or none when its values are not the user's (a community of
    another office, a grid that does not exist)."""
    households = area.qs if not area.is_bound or area.is_valid() else area.queryset.none()
    return cast(HouseholdQuerySet, households)
