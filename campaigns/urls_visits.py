"""URLs of the campaigns: visits."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
