"""URLs of the yearly statistics: the page and its two downloads."""

from django.urls import path

from reports.yearly import views

urlpatterns = [
    path("yearly/", views.yearly, name="yearly"),
    path("yearly/xlsx/", views.yearly_xlsx, name="yearly_xlsx"),
    path("yearly/docx/", views.yearly_docx, name="yearly_docx"),
]
