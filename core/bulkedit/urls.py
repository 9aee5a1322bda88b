"""Bulk edits (config/urls.py mounts them at /bulk-edits/, namespace "bulkedit")."""

from django.urls import path

from core.bulkedit import views

app_name = "bulkedit"

urlpatterns = [
    path("", views.records, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/undo/", views.undo, name="undo"),
    path("from/<slug:source>/", views.choose, name="choose"),
    path("from/<slug:source>/<slug:key>/", views.run, name="run"),
]
