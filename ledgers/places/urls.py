"""The pages of places: businesses, places, their special ledgers and their spreadsheets."""

from django.urls import path

from ledgers.places import exports, ledgers, views
from sheets import views as sheets

urlpatterns = [
    # Businesses and places
    path("businesses/", views.BusinessListView.as_view(), name="business_list"),
    path("businesses/add/", views.BusinessCreateView.as_view(), name="business_add"),
    path("businesses/<int:pk>/", views.BusinessDetailView.as_view(), name="business"),
    path("businesses/<int:pk>/edit/", views.BusinessUpdateView.as_view(), name="business_edit"),
    path("places/", views.PlaceListView.as_view(), name="place_list"),
    path("places/add/", views.PlaceCreateView.as_view(), name="place_add"),
    path("places/<int:pk>/", views.PlaceDetailView.as_view(), name="place"),
    path("places/<int:pk>/edit/", views.PlaceUpdateView.as_view(), name="place_edit"),
    # The special ledgers, as the county names them
    path(
        "individual-businesses/",
        ledgers.IndividualBusinessLedgerView.as_view(),
        name="individual_business_ledger",
    ),
    path(
        "religious-venues/",
        ledgers.ReligiousVenueLedgerView.as_view(),
        name="religious_venue_ledger",
    ),
    # Spreadsheets: import (with its template) and export of each list
    path(
        "businesses/import/", sheets.import_upload, {"ledger": "businesses"}, name="business_import"
    ),
    path(
        "businesses/template/",
        sheets.import_template,
        {"ledger": "businesses"},
        name="business_template",
    ),
    path("businesses/export/", exports.BusinessExportView.as_view(), name="business_export"),
    path("places/import/", sheets.import_upload, {"ledger": "places"}, name="place_import"),
    path("places/template/", sheets.import_template, {"ledger": "places"}, name="place_template"),
    path("places/export/", exports.PlaceExportView.as_view(), name="place_export"),
    path(
        "individual-businesses/export/",
        exports.IndividualBusinessExportView.as_view(),
        name="individual_business_ledger_export",
    ),
    path(
        "religious-venues/export/",
        exports.ReligiousVenueExportView.as_view(),
        name="religious_venue_ledger_export",
    ),
]
