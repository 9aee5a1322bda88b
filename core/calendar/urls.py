"""The holiday calendar (config/urls.py mounts it at /calendar/, namespace "calendar")."""

from django.urls import path

from core.calendar import views

app_name = "calendar"

urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/edit/", views.year_edit, name="year_edit"),
]
