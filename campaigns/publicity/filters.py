"""Filters of the publicity items; the GET names are the drill-down contract the dashboard and
the yearly statistics link with (community, kind, published_on_after/before, year)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.publicity.models import Publicity, PublicityKind
from ledgers.filters import YearFilter, community_filter, date_range


class PublicityFilter(django_filters.FilterSet):
    """Office-wide items are listed with every community's, unless a community is chosen."""

    community = community_filter()
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=PublicityKind.choices)
    published_on = date_range(_("published on"))
    year = YearFilter("published_on")

    class Meta:
        model = Publicity
        fields = ["community", "kind", "published_on", "year"]
