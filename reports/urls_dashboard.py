"""URLs of the reports: dashboard."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
