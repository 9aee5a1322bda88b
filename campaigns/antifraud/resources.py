"""The households without the anti-fraud app, as a spreadsheet to take on visits: export only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ledgers.columns import community_column, grid_column
from ledgers.models import Household
from sheets.resources import Column, Resource


class UncoveredResource(Resource):
    """The households without the anti-fraud app, to visit: export only."""

    key = "anti-fraud-uncovered"
    model = Household
    title = _("Households without the anti-fraud app")
    list_url_name = "campaigns:anti_fraud_uncovered"
    url_prefix = "campaigns:anti_fraud_uncovered"
    columns = [
        community_column(),
        grid_column(),
        Column("户号", "number", text=True),
        Column("户主", export=lambda h: h.head_name or ""),
        Column("地址", "address"),
        Column("情况", export=lambda h: h.anti_fraud_answer),
        Column(
            "拒绝原因",
            export=lambda h: h.anti_fraud.refused_reason if hasattr(h, "anti_fraud") else "",
        ),
        Column(
            "登记日期",
            export=lambda h: h.anti_fraud.recorded_on if hasattr(h, "anti_fraud") else None,
        ),
    ]

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "grid", "anti_fraud")


UNCOVERED = UncoveredResource()  # export only: not registered for import
