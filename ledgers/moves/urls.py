"""The pages of transfers between the office's communities."""

from django.urls import path

from ledgers.moves import views

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
]
