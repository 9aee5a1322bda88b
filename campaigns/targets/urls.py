"""URLs of the yearly targets: their progress, and the forms that set them."""

from django.urls import URLPattern, path

from campaigns.targets import views

urlpatterns: list[URLPattern] = [
    path("targets/", views.target_list, name="target_list"),
    path("targets/add/", views.TargetCreateView.as_view(), name="target_add"),
    path("targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target_edit"),
]
