"""The pages of people: residents, the records kept on them, households, the special ledgers
of people and their spreadsheets."""

from django.urls import path

from ledgers.people import exports, ledgers, views
from sheets import views as sheets

urlpatterns = [
    # Residents
    path("residents/", views.ResidentListView.as_view(), name="resident_list"),
    path("residents/add/", views.ResidentCreateView.as_view(), name="resident_add"),
    path("residents/check-id/", views.resident_check_id, name="resident_check_id"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident"),
    path("residents/<int:pk>/edit/", views.ResidentUpdateView.as_view(), name="resident_edit"),
    path("residents/<int:pk>/status/", views.ResidentStatusView.as_view(), name="resident_status"),
    path(
        "residents/<int:pk>/ethnicity/",
        views.resident_change_ethnicity,
        name="resident_ethnicity",
    ),
    path("residents/<int:pk>/id-number/", views.resident_id_number, name="resident_id_number"),
    # Records kept on a resident: added from the resident's page, listed in their ledgers
    path(
        "residents/<int:resident_pk>/floating/add/",
        views.FloatingRecordCreateView.as_view(),
        name="floatingrecord_add",
    ),
    path(
        "floating/<int:pk>/edit/",
        views.FloatingRecordUpdateView.as_view(),
        name="floatingrecord_edit",
    ),
    path(
        "residents/<int:resident_pk>/new-strata/add/",
        views.StrataMembershipCreateView.as_view(),
        name="stratamembership_add",
    ),
    path(
        "new-strata/<int:pk>/edit/",
        views.StrataMembershipUpdateView.as_view(),
        name="stratamembership_edit",
    ),
    path(
        "residents/<int:resident_pk>/overseas/add/",
        views.OverseasTieCreateView.as_view(),
        name="overseastie_add",
    ),
    path("overseas/<int:pk>/edit/", views.OverseasTieUpdateView.as_view(), name="overseastie_edit"),
    path(
        "residents/<int:resident_pk>/study-abroad/add/",
        views.StudyAbroadCreateView.as_view(),
        name="studyabroad_add",
    ),
    path(
        "study-abroad/<int:pk>/edit/",
        views.StudyAbroadUpdateView.as_view(),
        name="studyabroad_edit",
    ),
    # Households
    path("households/", views.HouseholdListView.as_view(), name="household_list"),
    path("households/add/", views.HouseholdCreateView.as_view(), name="household_add"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household"),
    path("households/<int:pk>/edit/", views.HouseholdUpdateView.as_view(), name="household_edit"),
    path("households/<int:pk>/head/", views.household_change_head, name="household_head"),
    # The special ledgers, as the county names them
    path("minority/", ledgers.MinorityLedgerView.as_view(), name="minority_ledger"),
    path("floating/", ledgers.FloatingLedgerView.as_view(), name="floating_ledger"),
    path(
        "minority-floating/",
        ledgers.MinorityFloatingLedgerView.as_view(),
        name="minority_floating_ledger",
    ),
    path("new-strata/", ledgers.StrataLedgerView.as_view(), name="strata_ledger"),
    path("overseas/", ledgers.OverseasLedgerView.as_view(), name="overseas_ledger"),
    path("study-abroad/", ledgers.StudyAbroadLedgerView.as_view(), name="study_abroad_ledger"),
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
]
