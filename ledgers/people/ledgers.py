"""The special ledgers of people (台账), titled and laid out as the county asks for them."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.generic import Column, ObjectListView
from ledgers.models import (
    MINORITY_CODES,
    FloatingRecord,
    OverseasTie,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
)
from ledgers.people.filters import (
    FloatingFilter,
    MinorityFilter,
    OverseasFilter,
    StrataFilter,
    StudyAbroadFilter,
)
from ledgers.people.views import ResidentListView, search_residents


class MinorityLedgerView(ResidentListView):
    spreadsheet = "residents"
    export_url_name = "ledgers:minority_ledger_export"
    title = _("Minority residents ledger")  # 少数民族人口台账
    filterset_class = MinorityFilter
    add_url_name = ""
    columns = [
        Column("name", _("full name"), sort="name_sort", link=True),
        Column("get_gender_display", _("gender")),
        Column("birth_date", _("birth date"), sort="birth_date"),
        Column("get_ethnicity_display", _("ethnicity"), sort="ethnicity"),
        Column("masked_id", _("ID number")),
        Column("get_political_status_display", _("political status")),
        Column("occupation", _("occupation")),
        Column("phone", _("phone")),
        Column("current_address", _("current address")),
        Column("community", _("community"), sort="community__code"),
        Column("get_residence_type_display", _("residence type")),
    ]
    empty_message = _("No minority residents on the register.")

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .filter(ethnicity__in=MINORITY_CODES, status=ResidentStatus.ACTIVE)
        )


RESIDENT_COLUMNS = [
    Column("resident__name", _("full name"), sort="resident__name_sort", link=True),
    Column("resident__get_gender_display", _("gender")),
    Column("resident__get_ethnicity_display", _("ethnicity"), sort="resident__ethnicity"),
    Column("resident__masked_id", _("ID number")),
]


class ResidentRecordListView(ObjectListView):
    """A ledger of records kept on residents: scoped, searched and sorted through the resident."""

    select_related = ["resident__community", "resident__grid"]
    search_placeholder = _("Name, last digits of the ID number or phone")
    search_fields = ["resident__name"]

    def search(self, queryset: Any, query: str) -> Any:
        return search_residents(queryset, query, prefix="resident__")

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(resident__status=ResidentStatus.ACTIVE)


class FloatingLedgerView(ResidentRecordListView):
    spreadsheet = "floating"
    export_url_name = "ledgers:floating_ledger_export"
    model = FloatingRecord
    title = _("Floating population ledger")  # 流动人口台账
    filterset_class = FloatingFilter
    columns = [
        *RESIDENT_COLUMNS,
        Column("origin", _("place of origin")),
        Column("arrived_on", _("arrived on"), sort="arrived_on"),
        Column("get_inflow_reason_display", _("reason for coming")),
        Column("get_permit_type_display", _("permit type")),
        Column("permit_expires", _("permit expires"), sort="permit_expires"),
        Column("get_domicile_type_display", _("domicile type")),
        Column("landlord_name", _("landlord")),
        Column("left_on", _("left on"), sort="left_on"),
        Column("resident__community", _("community"), sort="resident__community__code"),
    ]
    empty_message = _(
        "No floating residents. Add a floating-population record on a resident's page."
    )


class MinorityFloatingLedgerView(FloatingLedgerView):
    spreadsheet = "floating"
    export_url_name = "ledgers:minority_floating_ledger_export"
    title = _("Minority floating population ledger")  # 少数民族流动人口台账
    empty_message = _("No minority floating residents.")

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(resident__ethnicity__in=MINORITY_CODES)


class StrataLedgerView(ResidentRecordListView):
    spreadsheet = "new-strata"
    export_url_name = "ledgers:strata_ledger_export"
    model = StrataMembership
    title = _("New social strata ledger")  # 新的社会阶层人士台账
    filterset_class = StrataFilter
    columns = [
        *RESIDENT_COLUMNS,
        Column("resident__get_political_status_display", _("political status")),
        Column("category_names", _("categories")),
        Column("employer", _("employer")),
        Column("position", _("position")),
        Column("is_npc_deputy", _("people's congress deputy")),
        Column("is_cppcc_member", _("CPPCC member")),
        Column("resident__community", _("community"), sort="resident__community__code"),
    ]
    empty_message = _("Nobody on this ledger yet. Add a resident to it from the resident's page.")


class OverseasLedgerView(ResidentRecordListView):
    spreadsheet = "overseas"
    export_url_name = "ledgers:overseas_ledger_export"
    model = OverseasTie
    title = _("Returned overseas Chinese and relatives ledger")  # 归侨侨眷台账
    filterset_class = OverseasFilter
    columns = [
        *RESIDENT_COLUMNS,
        Column("get_kind_display", _("kind"), sort="kind"),
        Column("country", _("country or region of residence abroad"), sort="country"),
        Column("resident__phone", _("phone")),
        Column("resident__current_address", _("current address")),
        Column("resident__community", _("community"), sort="resident__community__code"),
    ]
    empty_message = _("Nobody on this ledger yet. Add an overseas tie from the resident's page.")


class StudyAbroadLedgerView(ResidentRecordListView):
    spreadsheet = "study-abroad"
    export_url_name = "ledgers:study_abroad_ledger_export"
    model = StudyAbroad
    title = _("Students abroad ledger")  # 赴外留学生台账
    filterset_class = StudyAbroadFilter
    columns = [
        *RESIDENT_COLUMNS,
        Column("country", _("country or region"), sort="country"),
        Column("institution", _("institution")),
        Column("from_date", _("from"), sort="from_date"),
        Column("to_date", _("until"), sort="to_date"),
        Column("home_contact", _("contact at home")),
        Column("home_phone", _("phone at home")),
        Column("resident__community", _("community"), sort="resident__community__code"),
    ]
    empty_message = _("Nobody on this ledger yet. Add a study abroad from the resident's page.")
