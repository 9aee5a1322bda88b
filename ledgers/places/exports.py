"""The exports of places: each is its list view (filters, search, scope) written out as .xlsx
or .csv by the engine's ExportMixin, with the ledger's resource."""

from ledgers.places import ledgers as special
from ledgers.places import views as places
from ledgers.places.resources import BUSINESSES, PLACES
from sheets.views import ExportMixin


class BusinessExportView(ExportMixin, places.BusinessListView):
    resource = BUSINESSES


class PlaceExportView(ExportMixin, places.PlaceListView):
    resource = PLACES


class IndividualBusinessExportView(ExportMixin, special.IndividualBusinessLedgerView):
    resource = BUSINESSES


class ReligiousVenueExportView(ExportMixin, special.ReligiousVenueLedgerView):
    resource = PLACES
