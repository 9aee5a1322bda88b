"""URLs of the reports: workbook."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
