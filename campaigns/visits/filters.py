"""Filters of the visits; the GET names are the drill-down contract the dashboard and the yearly
statistics link with (community, grid, purpose, visited_on_after/before, year)."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.visits.models import Visit, VisitPurpose
from ledgers.filters import YearFilter, community_filter, date_range, grid_filter


class VisitFilter(django_filters.FilterSet):
    community = community_filter()
    grid = grid_filter()
    purpose = django_filters.ChoiceFilter(label=_("purpose"), choices=VisitPurpose.choices)
    visited_on = date_range(_("visited on"))
    year = YearFilter("visited_on")

    class Meta:
        model = Visit
        fields = ["community", "grid", "purpose", "visited_on", "year"]


def current_year() -> int:
    return timezone.localdate().year
