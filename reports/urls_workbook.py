"""URLs of the reports: the county workbook and the yearly statistics."""

from django.urls import path

from reports import workbook_views as views

urlpatterns = [
    path("county-workbook/", views.county_workbook, name="county_workbook"),
    path("county-workbook/<int:pk>/", views.county_workbook_job, name="county_workbook_job"),
    path(
        "county-workbook/<int:pk>/download/",
        views.county_workbook_download,
        name="county_workbook_download",
    ),
    path("yearly/", views.yearly, name="yearly"),
    path("yearly/xlsx/", views.yearly_xlsx, name="yearly_xlsx"),
    path("yearly/docx/", views.yearly_docx, name="yearly_docx"),
]
