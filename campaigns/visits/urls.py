"""URLs of the campaigns: visits, publicity, anti-fraud app coverage."""

from django.urls import URLPattern, path

from campaigns import coverage_views as cover
from campaigns import publicity_views as publicity
from campaigns import visit_views as visits
from sheets import views as sheets

urlpatterns: list[URLPattern] = [
    # Visits (走访)
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", visits.VisitCreateView.as_view(), name="visit_add"),
    path("visits/coverage/", cover.visit_coverage, name="visit_coverage"),
    path("visits/import/", sheets.import_upload, {"ledger": "visits"}, name="visit_import"),
    path("visits/template/", sheets.import_template, {"ledger": "visits"}, name="visit_template"),
    path("visits/export/", visits.VisitExportView.as_view(), name="visit_export"),
    path("visits/<int:pk>/", visits.VisitDetailView.as_view(), name="visit"),
    path("visits/<int:pk>/edit/", visits.VisitUpdateView.as_view(), name="visit_edit"),
    path("visits/<int:pk>/open-hazard/", visits.visit_open_hazard, name="visit_open_hazard"),
    path("visits/<int:pk>/open-case/", visits.visit_open_case, name="visit_open_case"),
    # Publicity (宣传报道)
    path("publicity/", publicity.PublicityListView.as_view(), name="publicity_list"),
    path("publicity/add/", publicity.PublicityCreateView.as_view(), name="publicity_add"),
    path(
        "publicity/import/", sheets.import_upload, {"ledger": "publicity"}, name="publicity_import"
    ),
    path(
        "publicity/template/",
        sheets.import_template,
        {"ledger": "publicity"},
        name="publicity_template",
    ),
    path("publicity/export/", publicity.PublicityExportView.as_view(), name="publicity_export"),
    path("publicity/<int:pk>/", publicity.PublicityDetailView.as_view(), name="publicity"),
    path(
        "publicity/<int:pk>/edit/", publicity.PublicityUpdateView.as_view(), name="publicity_edit"
    ),
    # The anti-fraud app (反诈APP)
    path("anti-fraud/", cover.anti_fraud_coverage, name="anti_fraud_coverage"),
    path("anti-fraud/uncovered/", cover.UncoveredListView.as_view(), name="anti_fraud_uncovered"),
    path(
        "anti-fraud/uncovered/export/",
        cover.UncoveredExportView.as_view(),
        name="anti_fraud_uncovered_export",
    ),
    path("anti-fraud/record/", cover.anti_fraud_record, name="anti_fraud_record"),
]
