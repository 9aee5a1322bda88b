"""The filters of the business and place lists."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ledgers.codes import Religion
from ledgers.filters import community_filter, grid_filter
from ledgers.models import (
    Business,
    BusinessKind,
    Place,
    PlaceKind,
)


class BusinessFilter(django_filters.FilterSet):
    community = community_filter()
    grid = grid_filter()
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=BusinessKind.choices)
    minority_run = django_filters.BooleanFilter(label=_("run by a minority resident"))

    class Meta:
        model = Business
        fields = ["community", "grid", "kind", "minority_run"]


class PlaceFilter(django_filters.FilterSet):
    community = community_filter()
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=PlaceKind.choices)
    religion = django_filters.ChoiceFilter(label=_("religion"), choices=Religion.choices[1:])

    class Meta:
        model = Place
        fields = ["community", "kind", "religion"]
