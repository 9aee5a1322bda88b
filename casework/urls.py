from django.urls import path

from casework import inspection_views, views

app_name = "casework"

urlpatterns = [
    path("hazards/", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/mine/", views.NeedsMeView.as_view(), name="hazard_mine"),
    path("hazards/add/", views.HazardCreateView.as_view(), name="hazard_add"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard"),
    path("hazards/<int:pk>/edit/", views.HazardUpdateView.as_view(), name="hazard_edit"),
    path("hazards/<int:pk>/notice/", views.hazard_notice, name="hazard_notice"),
    path("hazards/<int:pk>/assign/", views.hazard_step, {"step": "assign"}, name="hazard_assign"),
    path(
        "hazards/<int:pk>/progress/",
        views.hazard_step,
        {"step": "progress"},
        name="hazard_progress",
    ),
    path("hazards/<int:pk>/submit/", views.hazard_step, {"step": "submit"}, name="hazard_submit"),
    path("hazards/<int:pk>/pass/", views.hazard_step, {"step": "pass"}, name="hazard_pass"),
    path("hazards/<int:pk>/fail/", views.hazard_step, {"step": "fail"}, name="hazard_fail"),
    path(
        "hazards/<int:pk>/extension/",
        views.hazard_step,
        {"step": "extension"},
        name="hazard_extension",
    ),
    path(
        "hazards/<int:pk>/extension/decide/",
        views.hazard_step,
        {"step": "decide"},
        name="hazard_decide",
    ),
    path("hazards/<int:pk>/reopen/", views.hazard_step, {"step": "reopen"}, name="hazard_reopen"),
    path("hazard-photos/<int:pk>/", views.hazard_photo, name="hazard_photo"),
    path(
        "hazard-photos/<int:pk>/thumb/",
        views.hazard_photo,
        {"size": "thumb"},
        name="hazard_photo_thumb",
    ),
    path("inspections/", inspection_views.InspectionListView.as_view(), name="inspection_list"),
    path(
        "inspections/add/", inspection_views.InspectionCreateView.as_view(), name="inspection_add"
    ),
    path(
        "inspections/<int:pk>/", inspection_views.InspectionDetailView.as_view(), name="inspection"
    ),
    path(
        "inspections/<int:pk>/edit/",
        inspection_views.InspectionUpdateView.as_view(),
        name="inspection_edit",
    ),
    path(
        "inspections/<int:pk>/photos/",
        inspection_views.inspection_photo_add,
        name="inspection_photo_add",
    ),
    path(
        "inspections/items/<int:pk>/raise/",
        inspection_views.inspection_raise,
        name="inspection_raise",
    ),
    path(
        "inspections/photos/<int:pk>/",
        inspection_views.inspection_photo,
        name="inspection_photo",
    ),
    path(
        "inspections/photos/<int:pk>/thumb/",
        inspection_views.inspection_photo,
        {"size": "thumb"},
        name="inspection_photo_thumb",
    ),
]
