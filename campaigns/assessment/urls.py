"""URLs of the self-assessment (测评指标自评)."""

from django.urls import URLPattern, path

from campaigns.assessment import views

urlpatterns: list[URLPattern] = [
    path("assessment/", views.assessment_page, name="assessment"),
    path("assessment/print/", views.assessment_print, name="assessment_print"),
    path("assessment/xlsx/", views.assessment_xlsx, name="assessment_xlsx"),
    path("assessment/start/", views.assessment_start, name="assessment_start"),
    path("assessment/evidence-pack/", views.assessment_pack, name="assessment_pack"),
    path(
        "assessment/scores/<int:pk>/edit/",
        views.SelfScoreUpdateView.as_view(),
        name="selfscore_edit",
    ),
]
