"""URLs of the campaigns: evidence packs (迎检材料)."""

from django.urls import URLPattern, path

from campaigns import evidence_views

urlpatterns: list[URLPattern] = [
    path("evidence-packs/", evidence_views.EvidenceListView.as_view(), name="evidence_list"),
    path("evidence-packs/add/", evidence_views.evidence_add, name="evidence_add"),
    path("evidence-packs/<int:pk>/", evidence_views.evidence_detail, name="evidence"),
    path(
        "evidence-packs/<int:pk>/download/",
        evidence_views.evidence_download,
        name="evidence_download",
    ),
    path("evidence-packs/<int:pk>/delete/", evidence_views.evidence_delete, name="evidence_delete"),
]
