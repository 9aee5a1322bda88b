"""URLs of the anti-fraud app: its coverage, the households without it, and their answers."""

from django.urls import URLPattern, path

from campaigns.antifraud import views

urlpatterns: list[URLPattern] = [
    path("anti-fraud/", views.anti_fraud_coverage, name="anti_fraud_coverage"),
    path("anti-fraud/uncovered/", views.UncoveredListView.as_view(), name="anti_fraud_uncovered"),
    path(
        "anti-fraud/uncovered/export/",
        views.UncoveredExportView.as_view(),
        name="anti_fraud_uncovered_export",
    ),
    path("anti-fraud/record/", views.anti_fraud_record, name="anti_fraud_record"),
]
