"""URLs of the county workbook: request, progress, download."""

from django.urls import path

from reports.county import views

urlpatterns = [
    path("county-workbook/", views.county_workbook, name="county_workbook"),
    path("county-workbook/<int:pk>/", views.county_workbook_job, name="county_workbook_job"),
    path(
        "county-workbook/<int:pk>/download/",
        views.county_workbook_download,
        name="county_workbook_download",
    ),
]
