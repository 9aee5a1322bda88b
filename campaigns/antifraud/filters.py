"""Filters of the households without the anti-fraud app: by community, grid and answer."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.antifraud.models import AntiFraudStatus
from campaigns.filters import AreaFilter

NOT_ASKED = "not_asked"


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
