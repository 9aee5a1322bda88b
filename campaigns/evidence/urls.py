"""URLs of the evidence packs (迎检材料): my packs, ask for one, its page, download, remove."""

from django.urls import URLPattern, path

from campaigns.evidence import views

urlpatterns: list[URLPattern] = [
    path("evidence-packs/", views.EvidenceListView.as_view(), name="evidence_list"),
    path("evidence-packs/add/", views.evidence_add, name="evidence_add"),
    path("evidence-packs/<int:pk>/", views.evidence_detail, name="evidence"),
    path(
        "evidence-packs/<int:pk>/download/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("evidence-packs/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
