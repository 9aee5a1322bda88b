"""Insurance enrolment pages: the enrolments, the gap list, their spreadsheets."""

from django.urls import path

from casework.insurance import views
from sheets import views as sheets

urlpatterns = [
    path("insurance/", views.EnrolmentListView.as_view(), name="insuranceenrolment_list"),
    path("insurance/add/", views.EnrolmentCreateView.as_view(), name="insuranceenrolment_add"),
    path("insurance/<int:pk>/", views.EnrolmentDetailView.as_view(), name="insuranceenrolment"),
    path(
        "insurance/<int:pk>/edit/",
        views.EnrolmentUpdateView.as_view(),
        name="insuranceenrolment_edit",
    ),
    path("insurance/gaps/", views.InsuranceGapView.as_view(), name="insurance_gaps"),
    path(
        "insurance/gaps/export/",
        views.InsuranceGapExportView.as_view(),
        name="insurance_gaps_export",
    ),
    path(
        "insurance/import/",
        sheets.import_upload,
        {"ledger": "insurance"},
        name="insuranceenrolment_import",
    ),
    path(
        "insurance/template/",
        sheets.import_template,
        {"ledger": "insurance"},
        name="insuranceenrolment_template",
    ),
    path(
        "insurance/export/",
        views.EnrolmentExportView.as_view(),
        name="insuranceenrolment_export",
    ),
]
