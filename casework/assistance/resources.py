"""Casework spreadsheets: the export of the assistance ledger (社会救助台账).

Income, hardship and amounts are columns of their own permission: a reader without it (the
county, unless granted) gets the ledger without them; what remains is enough to count by.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from casework.assistance.models import (
    DETAILS_PERMISSION,
    AssistanceCase,
    AssistanceKind,
    CaseState,
    IncomeCheck,
    PaymentMethod,
    ReasonCategory,
)
from core.people import person_name
from sheets.resources import Column, Resource


def _sensitive(header: str, field: str, **kwargs: Any) -> Column:
    return Column(header, field, permission=DETAILS_PERMISSION, **kwargs)


def _month(value: Any) -> str:
    return f"{value:%Y-%m}" if value else ""


class AssistanceResource(Resource):
    """Export only: cases are made through their workflow, never imported."""

    key = "assistance"
    model = AssistanceCase
    title = _("Assistance ledger")
    list_url_name = "casework:assistance_list"
    url_prefix = "casework:assistance"
    columns = [
        Column("社区", export=lambda c: c.community.name),
        Column("户号", text=True, export=lambda c: c.household.number),
        Column("申请人", export=lambda c: c.applicant.name),
        Column("家庭人口", "family_size"),
        Column("救助类型", "kind", labels=dict(AssistanceKind.choices)),
        Column("申请日期", "applied_on"),
        _sensitive("事由分类", "reason_category", labels=dict(ReasonCategory.choices)),
        _sensitive("事由", "reason"),
        _sensitive("家庭月收入（元）", "monthly_income"),
        _sensitive("经济核查结论", "income_check", labels=dict(IncomeCheck.choices)),
        _sensitive("社区初审意见", "community_opinion"),
        Column("公示开始", "publicity_start"),
        Column("公示结束", "publicity_end"),
        Column("异议数", export=lambda c: c.objection_count),
        Column("街道审核日期", "street_reviewed_on"),
        Column("街道审核文号", "street_document"),
        Column("民政审批日期", "decided_on"),
        Column("审批文号", "decision_document"),
        _sensitive("申请金额（元）", "amount_requested"),
        _sensitive("批准金额/月标准（元）", "amount_approved"),
        Column("发放方式", "payment_method", labels=dict(PaymentMethod.choices)),
        Column("起始月份", export=lambda c: _month(c.start_month)),
        Column("终止月份", export=lambda c: _month(c.end_month)),
        Column("复核日期", "recheck_due"),
        Column("状态", "state", labels=dict(CaseState.choices)),
        Column("经办人", export=lambda c: person_name(c.handled_by) if c.handled_by else ""),
    ]

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(
            "community", "household", "applicant", "handled_by"
        ).annotate(objection_count=Count("objections"))


ASSISTANCE = AssistanceResource()
