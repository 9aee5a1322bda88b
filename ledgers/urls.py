from django.urls import path

from ledgers.areas import views as areas
from ledgers.areas import views as grants
from ledgers.people import exports
from ledgers.people import ledgers as special
from ledgers.people import views as people
from ledgers.places import views as places
from sheets import views as sheets

app_name = "ledgers"

urlpatterns = [
    path("communities/", areas.CommunityListView.as_view(), name="community_list"),
    path("communities/<int:pk>/", areas.CommunityDetailView.as_view(), name="community"),
    path("grids/<int:pk>/edit/", areas.GridUpdateView.as_view(), name="grid_edit"),
    # Access requests: a role or community showing residents' data, decided by a second person
    path("access-requests/", grants.rolegrant_list, name="rolegrant_list"),
    path("access-requests/<int:pk>/approve/", grants.rolegrant_approve, name="rolegrant_approve"),
    path("access-requests/<int:pk>/refuse/", grants.rolegrant_refuse, name="rolegrant_refuse"),
    # Residents
    path("residents/", people.ResidentListView.as_view(), name="resident_list"),
    path("residents/add/", people.ResidentCreateView.as_view(), name="resident_add"),
    path("residents/check-id/", people.resident_check_id, name="resident_check_id"),
    path("residents/<int:pk>/", people.ResidentDetailView.as_view(), name="resident"),
    path("residents/<int:pk>/edit/", people.ResidentUpdateView.as_view(), name="resident_edit"),
    path("residents/<int:pk>/status/", people.ResidentStatusView.as_view(), name="resident_status"),
    path(
        "residents/<int:pk>/ethnicity/",
        people.resident_change_ethnicity,
        name="resident_ethnicity",
    ),
    path("residents/<int:pk>/id-number/", people.resident_id_number, name="resident_id_number"),
    # Records kept on a resident: added from the resident's page, listed in their ledgers
    path(
        "residents/<int:resident_pk>/floating/add/",
        people.FloatingRecordCreateView.as_view(),
        name="floatingrecord_add",
    ),
    path(
        "floating/<int:pk>/edit/",
        people.FloatingRecordUpdateView.as_view(),
        name="floatingrecord_edit",
    ),
    path(
        "residents/<int:resident_pk>/new-strata/add/",
        people.StrataMembershipCreateView.as_view(),
        name="stratamembership_add",
    ),
    path(
        "new-strata/<int:pk>/edit/",
        people.StrataMembershipUpdateView.as_view(),
        name="stratamembership_edit",
    ),
    path(
        "residents/<int:resident_pk>/overseas/add/",
        people.OverseasTieCreateView.as_view(),
        name="overseastie_add",
    ),
    path(
        "overseas/<int:pk>/edit/", people.OverseasTieUpdateView.as_view(), name="overseastie_edit"
    ),
    path(
        "residents/<int:resident_pk>/study-abroad/add/",
        people.StudyAbroadCreateView.as_view(),
        name="studyabroad_add",
    ),
    path(
        "study-abroad/<int:pk>/edit/",
        people.StudyAbroadUpdateView.as_view(),
        name="studyabroad_edit",
    ),
    # Households
    path("households/", people.HouseholdListView.as_view(), name="household_list"),
    path("households/add/", people.HouseholdCreateView.as_view(), name="household_add"),
    path("households/<int:pk>/", people.HouseholdDetailView.as_view(), name="household"),
    path("households/<int:pk>/edit/", people.HouseholdUpdateView.as_view(), name="household_edit"),
    path("households/<int:pk>/head/", people.household_change_head, name="household_head"),
    # Businesses and places
    path("businesses/", places.BusinessListView.as_view(), name="business_list"),
    path("businesses/add/", places.BusinessCreateView.as_view(), name="business_add"),
    path("businesses/<int:pk>/", places.BusinessDetailView.as_view(), name="business"),
    path("businesses/<int:pk>/edit/", places.BusinessUpdateView.as_view(), name="business_edit"),
    path("places/", places.PlaceListView.as_view(), name="place_list"),
    path("places/add/", places.PlaceCreateView.as_view(), name="place_add"),
    path("places/<int:pk>/", places.PlaceDetailView.as_view(), name="place"),
    path("places/<int:pk>/edit/", places.PlaceUpdateView.as_view(), name="place_edit"),
    # The special ledgers, as the county names them
    path("minority/", special.MinorityLedgerView.as_view(), name="minority_ledger"),
    path("floating/", special.FloatingLedgerView.as_view(), name="floating_ledger"),
    path(
        "minority-floating/",
        special.MinorityFloatingLedgerView.as_view(),
        name="minority_floating_ledger",
    ),
    path("new-strata/", special.StrataLedgerView.as_view(), name="strata_ledger"),
    path("overseas/", special.OverseasLedgerView.as_view(), name="overseas_ledger"),
    path("study-abroad/", special.StudyAbroadLedgerView.as_view(), name="study_abroad_ledger"),
    path(
        "individual-businesses/",
        special.IndividualBusinessLedgerView.as_view(),
        name="individual_business_ledger",
    ),
    path(
        "religious-venues/",
        special.ReligiousVenueLedgerView.as_view(),
        name="religious_venue_ledger",
    ),
    path("checks/", special.consistency_checks, name="checks"),
    # Spreadsheets: import (with its template) and export of each list; the import batches
    # are the engine's (sheets.urls, under ledgers/imports/)
    path(
        "residents/import/", sheets.import_upload, {"ledger": "residents"}, name="resident_import"
    ),
    path(
        "residents/template/",
        sheets.import_template,
        {"ledger": "residents"},
        name="resident_template",
    ),
    path("residents/export/", exports.ResidentExportView.as_view(), name="resident_export"),
    path(
        "households/import/",
        sheets.import_upload,
        {"ledger": "households"},
        name="household_import",
    ),
    path(
        "households/template/",
        sheets.import_template,
        {"ledger": "households"},
        name="household_template",
    ),
    path("households/export/", exports.HouseholdExportView.as_view(), name="household_export"),
    path(
        "floating/import/",
        sheets.import_upload,
        {"ledger": "floating"},
        name="floatingrecord_import",
    ),
    path(
        "floating/template/",
        sheets.import_template,
        {"ledger": "floating"},
        name="floatingrecord_template",
    ),
    path(
        "new-strata/import/",
        sheets.import_upload,
        {"ledger": "new-strata"},
        name="stratamembership_import",
    ),
    path(
        "new-strata/template/",
        sheets.import_template,
        {"ledger": "new-strata"},
        name="stratamembership_template",
    ),
    path(
        "overseas/import/", sheets.import_upload, {"ledger": "overseas"}, name="overseastie_import"
    ),
    path(
        "overseas/template/",
        sheets.import_template,
        {"ledger": "overseas"},
        name="overseastie_template",
    ),
    path(
        "study-abroad/import/",
        sheets.import_upload,
        {"ledger": "study-abroad"},
        name="studyabroad_import",
    ),
    path(
        "study-abroad/template/",
        sheets.import_template,
        {"ledger": "study-abroad"},
        name="studyabroad_template",
    ),
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
    path("minority/export/", exports.MinorityExportView.as_view(), name="minority_ledger_export"),
    path("floating/export/", exports.FloatingExportView.as_view(), name="floating_ledger_export"),
    path(
        "minority-floating/export/",
        exports.MinorityFloatingExportView.as_view(),
        name="minority_floating_ledger_export",
    ),
    path("new-strata/export/", exports.StrataExportView.as_view(), name="strata_ledger_export"),
    path("overseas/export/", exports.OverseasExportView.as_view(), name="overseas_ledger_export"),
    path(
        "study-abroad/export/",
        exports.StudyAbroadExportView.as_view(),
        name="study_abroad_ledger_export",
    ),
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
