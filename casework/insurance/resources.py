"""Insurance enrolment (参保登记) as spreadsheets: the enrolment ledger, imported and exported,
and the gap list, exported only.

The enrolment ledger is registered in CaseworkConfig.ready(); the import, template and export
pages are the spreadsheet engine's own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.insurance.models import EnrolmentStatus, InsuranceEnrolment, InsuranceScheme
from core.people import person_name
from ledgers import cells as ledger_cells
from ledgers.columns import (
    OnResidentResource,
    community_column,
    grid_column,
    id_column,
    resident_columns,
)
from ledgers.models import Resident
from sheets import cells
from sheets.resources import Column, Resource, code_column

SCHEMES = cells.CodeList(
    InsuranceScheme,
    {
        "城乡居民基本医疗保险": "medical",
        "城乡居民医保": "medical",
        "居民医保": "medical",
        "医疗保险": "medical",
        "医保": "medical",
        "城乡居民基本养老保险": "pension",
        "城乡居民养老保险": "pension",
        "居民养老": "pension",
        "养老保险": "pension",
        "养老": "pension",
    },
)
ENROLMENT_STATUSES = cells.CodeList(
    EnrolmentStatus,
    {
        "已参保": "enrolled",
        "参保": "enrolled",
        "未参保": "not_enrolled",
        "已在其他渠道参保": "other",
        "其他渠道参保": "other",
        "职工医保": "other",
        "职工养老": "other",
        "异地参保": "other",
    },
)


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def year_value(value: object) -> int | None:
    year = cells.integer(cells.text(value).removesuffix("年度").removesuffix("年"))
    if year is not None and not 2000 <= year <= timezone.localdate().year + 1:
        raise cells.CellError(_("The year must be between 2000 and next year."))
    return year


class InsuranceResource(OnResidentResource):
    """参保登记: one row per resident (by ID number), scheme and year."""

    key = "insurance"
    model = InsuranceEnrolment
    title = _("Insurance enrolment ledger")
    list_url_name = "casework:insuranceenrolment_list"
    url_prefix = "casework:insuranceenrolment"
    record_key = ("险种", "年度")
    checked_by_lookup = {
        # `prepare` loads the enrolments of the file's residents, by scheme and year: a row
        # with the same three is that enrolment.
        "casework_insuranceenrolment_one_per_resident_scheme_year": "prepare",
    }
    columns = [
        *resident_columns(),
        code_column(
            "险种",
            "scheme",
            SCHEMES,
            aliases=("参保险种", "保险类别"),
            required=True,
            example="城乡居民基本医疗保险",
        ),
        Column(
            "年度",
            "year",
            aliases=("参保年度", "年份"),
            parse=year_value,
            required=True,
            example="2026",
        ),
        code_column(
            "参保状态",
            "status",
            ENROLMENT_STATUSES,
            aliases=("状态", "是否参保"),
            required=True,
            example="已参保",
        ),
        Column("参保日期", "enrolled_on", aliases=("缴费日期",), parse=cells.date_value),
        Column(
            "社区协助",
            "helped_by_community",
            aliases=("协助参保", "是否协助", "社区协助参保"),
            parse=cells.boolean,
            export=lambda e: yes_no(e.helped_by_community),
            example="否",
        ),
        Column(
            "协助人",
            export=lambda e: person_name(e.helper) if e.helper_id else "",
            export_only=True,
        ),
        Column("社区", export=lambda e: e.resident.community.name, export_only=True),
        Column("备注", "notes"),
    ]

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("resident__community", "helper")


class InsuranceGapResource(Resource):
    """The gap list written out: residents to visit, with what a visit needs. Export only."""

    key = "insurance-gaps"
    model = Resident
    title = _("Insurance gap list")
    list_url_name = "casework:insurance_gaps"
    url_prefix = "casework:insurance_gaps"
    columns = [
        Column("姓名", "name"),
        id_column(field="id_number"),
        code_column("性别", "gender", ledger_cells.GENDER),
        Column("出生日期", "birth_date"),
        code_column("民族", "ethnicity", ledger_cells.ETHNICITY),
        community_column(),
        grid_column(),
        Column("户号", export=lambda r: r.household.number if r.household_id else ""),
        Column(
            "困难户",
            export=lambda r: yes_no(bool(r.household_id and r.household.hardship)),
        ),
        Column("联系电话", "phone", text=True),
        Column("现住址", "current_address"),
    ]

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "grid", "household")


INSURANCE = InsuranceResource()
INSURANCE_GAPS = InsuranceGapResource()  # export only: not registered for import
