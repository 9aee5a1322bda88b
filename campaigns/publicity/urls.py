"""URLs of the publicity items: list, ledger, detail and forms."""

from django.urls import URLPattern, path

from campaigns.publicity import views as publicity
from sheets import views as sheets

urlpatterns: list[URLPattern] = [
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
]
