"""The pages of 分户 and 合户, reached from a household's page."""

from django.urls import path

from ledgers.moves import household_views as views

urlpatterns = [
    path("households/<int:pk>/split/", views.household_split, name="household_split"),
    path("households/<int:pk>/merge/", views.household_merge, name="household_merge"),
]
