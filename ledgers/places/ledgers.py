"""The special ledgers of places (台账): individual businesses and religious venues, titled
and laid out as the county asks for them."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.generic import Column
from ledgers.models import (
    BusinessKind,
    PlaceKind,
)
from ledgers.places.views import BusinessListView, PlaceListView


class IndividualBusinessLedgerView(BusinessListView):
    spreadsheet = "businesses"
    export_url_name = "ledgers:individual_business_ledger_export"
    title = _("Individual businesses ledger")  # 个体工商户台账

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(kind=BusinessKind.INDIVIDUAL)


class ReligiousVenueLedgerView(PlaceListView):
    spreadsheet = "places"
    export_url_name = "ledgers:religious_venue_ledger_export"
    title = _("Religious venues ledger")  # 宗教活动场所台账
    columns = [
        Column("name", _("name"), sort="name", link=True),
        Column("get_religion_display", _("religion"), sort="religion"),
        Column("registration_number", _("registration number")),
        Column("address", _("address")),
        Column("person_in_charge", _("person in charge")),
        Column("phone", _("phone")),
        Column("year_built", _("year built"), sort="year_built"),
        Column("community", _("community"), sort="community__code"),
    ]

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(kind=PlaceKind.RELIGIOUS)
