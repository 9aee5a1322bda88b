"""The inbox (config/urls.py mounts it at /notices/, namespace "notices")."""

from django.urls import path

from core.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("read/", views.mark_read, name="read"),
]
