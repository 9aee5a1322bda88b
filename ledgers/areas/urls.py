"""The pages of areas: communities, grids and the access requests."""

from django.urls import path

from ledgers.areas import views

urlpatterns = [
    path("communities/", views.CommunityListView.as_view(), name="community_list"),
    path("communities/<int:pk>/", views.CommunityDetailView.as_view(), name="community"),
    path("grids/<int:pk>/edit/", views.GridUpdateView.as_view(), name="grid_edit"),
    # Access requests: a role or community showing residents' data, decided by a second person
    path("access-requests/", views.rolegrant_list, name="rolegrant_list"),
    path("access-requests/<int:pk>/approve/", views.rolegrant_approve, name="rolegrant_approve"),
    path("access-requests/<int:pk>/refuse/", views.rolegrant_refuse, name="rolegrant_refuse"),
]
