"""URLs of the campaigns: evidence."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
