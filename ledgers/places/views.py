"""Businesses and places."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from ledgers.models import (
    Business,
    Place,
)
from ledgers.places.filters import BusinessFilter, PlaceFilter
from ledgers.places.forms import BusinessForm, PlaceForm


class BusinessListView(ObjectListView):
    model = Business
    spreadsheet = "businesses"
    export_url_name = "ledgers:business_export"
    filterset_class = BusinessFilter
    search_fields = ["name", "credit_code", "operator_name", "operator__name", "address"]
    search_placeholder = _("Name, credit code, operator or address")
    select_related = ["community", "grid", "operator"]
    add_url_name = "ledgers:business_add"
    columns = [
        Column("name", _("name"), sort="name", link=True),
        Column("get_kind_display", _("kind"), sort="kind"),
        Column("credit_code", _("unified social credit code")),
        Column("operator_display", _("operator")),
        Column("industry", _("industry"), sort="industry"),
        Column("community", _("community"), sort="community__code"),
        Column("employees", _("employees"), sort="employees"),
        Column("minority_run", _("run by a minority resident")),
    ]
    empty_message = _("No businesses yet.")


class BusinessDetailView(ObjectDetailView):
    model = Business
    fields = [
        "kind",
        "credit_code",
        ("operator_display", _("operator")),
        "industry",
        "community",
        "grid",
        "address",
        "phone",
        "employees",
        "minority_run",
        "notes",
    ]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("community", "grid", "operator")


class BusinessCreateView(ObjectCreateView):
    model = Business
    form_class = BusinessForm
    success_message = _("The business was added.")


class BusinessUpdateView(ObjectUpdateView):
    model = Business
    form_class = BusinessForm
    success_message = _("The business was saved.")


class PlaceListView(ObjectListView):
    model = Place
    spreadsheet = "places"
    export_url_name = "ledgers:place_export"
    filterset_class = PlaceFilter
    search_fields = ["name", "address", "person_in_charge"]
    search_placeholder = _("Name, address or person in charge")
    select_related = ["community", "grid"]
    add_url_name = "ledgers:place_add"
    columns = [
        Column("name", _("name"), sort="name", link=True),
        Column("get_kind_display", _("kind"), sort="kind"),
        Column("get_religion_display", _("religion")),
        Column("address", _("address")),
        Column("person_in_charge", _("person in charge")),
        Column("phone", _("phone")),
        Column("community", _("community"), sort="community__code"),
        Column("year_built", _("year built"), sort="year_built"),
    ]
    empty_message = _("No places yet.")


class PlaceDetailView(ObjectDetailView):
    model = Place
    fields = [
        "kind",
        "religion",
        "registration_number",
        "community",
        "grid",
        "address",
        "person_in_charge",
        "phone",
        "year_built",
        "notes",
    ]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("community", "grid")


class PlaceCreateView(ObjectCreateView):
    model = Place
    form_class = PlaceForm
    success_message = _("The place was added.")


class PlaceUpdateView(ObjectUpdateView):
    model = Place
    form_class = PlaceForm
    success_message = _("The place was saved.")
