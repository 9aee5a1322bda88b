"""Hazard pages: the register, its spreadsheets, a hazard and its steps, photos, the notice."""

from django.urls import path

from casework.hazards import supervision_views, views
from sheets import views as sheets

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
    path(
        "hazards/<int:pk>/notice/issue/",
        views.hazard_notice_issue,
        name="hazard_notice_issue",
    ),
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
    path("hazards/<int:pk>/supervise/", supervision_views.supervise, name="hazard_supervise"),
    path(
        "hazards/supervisions/<int:pk>/",
        supervision_views.supervision_notice,
        name="hazard_supervision",
    ),
    path("hazards/circular/", supervision_views.circular, name="hazard_circular"),
    path("hazard-photos/<int:pk>/", views.hazard_photo, name="hazard_photo"),
    path(
        "hazard-photos/<int:pk>/thumb/",
        views.hazard_photo,
        {"size": "thumb"},
        name="hazard_photo_thumb",
    ),
]
