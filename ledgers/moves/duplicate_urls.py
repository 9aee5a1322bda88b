"""The duplicate finder's pages: the likely pairs of the office, and merging a pair."""

from django.urls import path

from ledgers.moves import duplicate_views as views

urlpatterns = [
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path(
        "duplicates/<int:first>/<int:second>/merge/",
        views.duplicate_merge,
        name="duplicate_merge",
    ),
]
