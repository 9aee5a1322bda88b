"""URLs of the reports: dashboard."""

from django.urls import path

from reports.views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
