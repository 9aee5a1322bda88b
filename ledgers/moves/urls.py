"""The pages of people's moves: transfers between the office's communities, 分户 and 合户 (from a
household's page), and the duplicate finder with its merge."""

from django.urls import path

from ledgers.moves import duplicate_views, household_views, views

urlpatterns = [
    path("transfers/", views.TransferListView.as_view(), name="transfer_list"),
    path("transfers/<int:pk>/", views.TransferDetailView.as_view(), name="transfer"),
    path("transfers/<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/refuse/", views.transfer_refuse, name="transfer_refuse"),
    path("transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("transfers/<int:pk>/correct/", views.transfer_correct, name="transfer_correct"),
    path("residents/<int:pk>/transfer/", views.transfer_propose, name="transfer_propose"),
    path(
        "households/<int:pk>/transfer/",
        views.transfer_propose_household,
        name="transfer_propose_household",
    ),
    path("households/<int:pk>/split/", household_views.household_split, name="household_split"),
    path("households/<int:pk>/merge/", household_views.household_merge, name="household_merge"),
    path("duplicates/", duplicate_views.duplicate_list, name="duplicate_list"),
    path(
        "duplicates/<int:first>/<int:second>/merge/",
        duplicate_views.duplicate_merge,
        name="duplicate_merge",
    ),
]
