"""URLs of the visits: the records, their ledger, their coverage, and what a visit opens."""

from django.urls import URLPattern, path

from campaigns.visits import views as visits
from sheets import views as sheets

urlpatterns: list[URLPattern] = [
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", visits.VisitCreateView.as_view(), name="visit_add"),
    path("visits/coverage/", visits.visit_coverage, name="visit_coverage"),
    path("visits/import/", sheets.import_upload, {"ledger": "visits"}, name="visit_import"),
    path("visits/template/", sheets.import_template, {"ledger": "visits"}, name="visit_template"),
    path("visits/export/", visits.VisitExportView.as_view(), name="visit_export"),
    path("visits/<int:pk>/", visits.VisitDetailView.as_view(), name="visit"),
    path("visits/<int:pk>/edit/", visits.VisitUpdateView.as_view(), name="visit_edit"),
    path("visits/<int:pk>/open-hazard/", visits.visit_open_hazard, name="visit_open_hazard"),
    path("visits/<int:pk>/open-case/", visits.visit_open_case, name="visit_open_case"),
]
