"""The filters of the community list (its search box is the list's own)."""

from __future__ import annotations

import django_filters

from ledgers.models import Community


class CommunityFilter(django_filters.FilterSet):
    class Meta:
        model = Community
        fields: list[str] = []
