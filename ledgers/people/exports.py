"""The exports of people: each is its list view (filters, search, scope) written out as .xlsx or
.csv by the engine's ExportMixin, with the ledger's resource."""

from ledgers.people import ledgers as special
from ledgers.people import views as people
from ledgers.people.resources import (
    FLOATING,
    HOUSEHOLDS,
    OVERSEAS,
    RESIDENTS,
    STRATA,
    STUDY_ABROAD,
)
from sheets.views import ExportMixin


class ResidentExportView(ExportMixin, people.ResidentListView):
    resource = RESIDENTS


class HouseholdExportView(ExportMixin, people.HouseholdListView):
    resource = HOUSEHOLDS


class MinorityExportView(ExportMixin, special.MinorityLedgerView):
    resource = RESIDENTS


class FloatingExportView(ExportMixin, special.FloatingLedgerView):
    resource = FLOATING


class MinorityFloatingExportView(ExportMixin, special.MinorityFloatingLedgerView):
    resource = FLOATING


class StrataExportView(ExportMixin, special.StrataLedgerView):
    resource = STRATA


class OverseasExportView(ExportMixin, special.OverseasLedgerView):
    resource = OVERSEAS


class StudyAbroadExportView(ExportMixin, special.StudyAbroadLedgerView):
    resource = STUDY_ABROAD
