"""Filters of the visits, publicity and anti-fraud pages; the GET names are the drill-down
contract the dashboard and the yearly statistics link with (community, grid, purpose, kind,
visited_on_after/before, published_on_after/before, year)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from campaigns.models import AntiFraudStatus, Publicity, PublicityKind, Visit, VisitPurpose
from ledgers.filters import YearFilter, community_filter, grid_filter
from ledgers.models import Household

NOT_ASKED = "not_asked"


def date_range(field_name: str, label: Any) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(
        field_name=field_name, label=label, widget=DateRangeWidget(attrs={"type": "date"})
    )


class VisitFilter(django_filters.FilterSet):
    community = community_filter()
    grid = grid_filter()
    purpose = django_filters.ChoiceFilter(label=_("purpose"), choices=VisitPurpose.choices)
    visited_on = date_range("visited_on", _("visited on"))
    year = YearFilter("visited_on")

    class Meta:
        model = Visit
        fields = ["community", "grid", "purpose", "visited_on", "year"]


class PublicityFilter(django_filters.FilterSet):
    """Office-wide items are listed with every community's, unless a community is chosen."""

    community = community_filter()
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=PublicityKind.choices)
    published_on = date_range("published_on", _("published on"))
    year = YearFilter("published_on")

    class Meta:
        model = Publicity
        fields = ["community", "kind", "published_on", "year"]


class AreaFilter(django_filters.FilterSet):
    """Households by community and grid: the coverage pages."""

    community = community_filter()
    grid = grid_filter()

    class Meta:
        model = Household
        fields = ["community", "grid"]


class UncoveredFilter(AreaFilter):
    """Households without the anti-fraud app: refused, or not asked yet."""

    status = django_filters.ChoiceFilter(
        label=_("answer"),
        choices=[
            (AntiFraudStatus.REFUSED, AntiFraudStatus.REFUSED.label),
            (NOT_ASKED, _("Not asked yet")),
        ],
        method="filter_status",
    )

    class Meta(AreaFilter.Meta):
        fields = ["community", "grid", "status"]

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == NOT_ASKED:
            return queryset.filter(anti_fraud__isnull=True)
        return queryset.filter(Q(anti_fraud__status=value))


def current_year() -> int:
    return timezone.localdate().year
