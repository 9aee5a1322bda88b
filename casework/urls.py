from django.urls import path

from casework.assistance import views as assistance
from casework.hazards import views
from casework.inspections import views as inspection_views
from casework.insurance import views as insurance
from sheets import views as sheets

app_name = "casework"

urlpatterns = [
    path("hazards/", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/mine/", views.NeedsMeView.as_view(), name="hazard_mine"),
    path("hazards/add/", views.HazardCreateView.as_view(), name="hazard_add"),
    path("hazards/import/", sheets.import_upload, {"ledger": "hazards"}, name="hazard_import"),
    path(
        "hazards/template/", sheets.import_template, {"ledger": "hazards"}, name="hazard_template"
    ),
    path("hazards/export/", views.HazardExportView.as_view(), name="hazard_export"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard"),
    path("hazards/<int:pk>/edit/", views.HazardUpdateView.as_view(), name="hazard_edit"),
    path("hazards/<int:pk>/notice/", views.hazard_notice, name="hazard_notice"),
    path("hazards/<int:pk>/assign/", views.hazard_step, {"step": "assign"}, name="hazard_assign"),
    path(
        "hazards/<int:pk>/progress/",
        views.hazard_step,
        {"step": "progress"},
        name="hazard_progress",
    ),
    path("hazards/<int:pk>/submit/", views.hazard_step, {"step": "submit"}, name="hazard_submit"),
    path("hazards/<int:pk>/pass/", views.hazard_step, {"step": "pass"}, name="hazard_pass"),
    path("hazards/<int:pk>/fail/", views.hazard_step, {"step": "fail"}, name="hazard_fail"),
    path(
        "hazards/<int:pk>/extension/",
        views.hazard_step,
        {"step": "extension"},
        name="hazard_extension",
    ),
    path(
        "hazards/<int:pk>/extension/decide/",
        views.hazard_step,
        {"step": "decide"},
        name="hazard_decide",
    ),
    path("hazards/<int:pk>/reopen/", views.hazard_step, {"step": "reopen"}, name="hazard_reopen"),
    path("hazards/<int:pk>/report/", views.hazard_step, {"step": "report"}, name="hazard_report"),
    path("hazards/<int:pk>/level/", views.hazard_step, {"step": "level"}, name="hazard_level"),
    path("hazard-photos/<int:pk>/", views.hazard_photo, name="hazard_photo"),
    path(
        "hazard-photos/<int:pk>/thumb/",
        views.hazard_photo,
        {"size": "thumb"},
        name="hazard_photo_thumb",
    ),
    path("inspections/", inspection_views.InspectionListView.as_view(), name="inspection_list"),
    path(
        "inspections/add/", inspection_views.InspectionCreateView.as_view(), name="inspection_add"
    ),
    path(
        "inspections/<int:pk>/", inspection_views.InspectionDetailView.as_view(), name="inspection"
    ),
    path(
        "inspections/<int:pk>/edit/",
        inspection_views.InspectionUpdateView.as_view(),
        name="inspection_edit",
    ),
    path(
        "inspections/<int:pk>/photos/",
        inspection_views.inspection_photo_add,
        name="inspection_photo_add",
    ),
    path(
        "inspections/items/<int:pk>/raise/",
        inspection_views.inspection_raise,
        name="inspection_raise",
    ),
    path(
        "inspections/photos/<int:pk>/",
        inspection_views.inspection_photo,
        name="inspection_photo",
    ),
    path(
        "inspections/photos/<int:pk>/thumb/",
        inspection_views.inspection_photo,
        {"size": "thumb"},
        name="inspection_photo_thumb",
    ),
    # Insurance enrolment: the enrolments, the gap list, the spreadsheets
    path("insurance/", insurance.EnrolmentListView.as_view(), name="insuranceenrolment_list"),
    path("insurance/add/", insurance.EnrolmentCreateView.as_view(), name="insuranceenrolment_add"),
    path("insurance/<int:pk>/", insurance.EnrolmentDetailView.as_view(), name="insuranceenrolment"),
    path(
        "insurance/<int:pk>/edit/",
        insurance.EnrolmentUpdateView.as_view(),
        name="insuranceenrolment_edit",
    ),
    path("insurance/gaps/", insurance.InsuranceGapView.as_view(), name="insurance_gaps"),
    path(
        "insurance/gaps/export/",
        insurance.InsuranceGapExportView.as_view(),
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
        insurance.EnrolmentExportView.as_view(),
        name="insuranceenrolment_export",
    ),
    path("assistance/", assistance.AssistanceListView.as_view(), name="assistance_list"),
    path("assistance/recheck/", assistance.RecheckListView.as_view(), name="assistance_recheck"),
    path("assistance/add/", assistance.AssistanceCreateView.as_view(), name="assistance_add"),
    path("assistance/export/", assistance.AssistanceExportView.as_view(), name="assistance_export"),
    path("assistance/<int:pk>/", assistance.AssistanceDetailView.as_view(), name="assistance"),
    path(
        "assistance/<int:pk>/edit/",
        assistance.AssistanceUpdateView.as_view(),
        name="assistance_edit",
    ),
    path("assistance/<int:pk>/notice/", assistance.assistance_notice, name="assistance_notice"),
]
# One POST URL per step of an assistance case: /casework/assistance/<pk>/income-check/ …
urlpatterns += [
    path(
        f"assistance/<int:pk>/{step.replace('_', '-')}/",
        assistance.assistance_step,
        {"step": step},
        name=f"assistance_{step}",
    )
    for step in assistance.STEPS
]
