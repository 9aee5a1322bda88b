"""URLs of the campaigns: activities."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
