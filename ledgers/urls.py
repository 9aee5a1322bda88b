from django.urls import path

from ledgers import views

app_name = "ledgers"

urlpatterns = [
    path("communities/", views.CommunityListView.as_view(), name="community_list"),
    path("communities/<int:pk>/", views.CommunityDetailView.as_view(), name="community"),
    path("grids/<int:pk>/edit/", views.GridUpdateView.as_view(), name="grid_edit"),
]
