"""The filters of the community list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ledgers.models import (
    Community,
    DemonstrationLevel,
)


class CommunityFilter(django_filters.FilterSet):
    demonstration_level = django_filters.ChoiceFilter(
        label=_("demonstration level"), choices=DemonstrationLevel.choices[1:]
    )

    class Meta:
        model = Community
        fields = ["demonstration_level"]
