"""URLs of the leaders' dashboard."""

from django.urls import path

from reports.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
