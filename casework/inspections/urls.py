"""Inspection pages: the list, recording one with its checklist, raising a hazard, photos; the
inspection plans and the places they wait for."""

from django.urls import path

from casework.inspections import plan_views, views

urlpatterns = [
    path("inspection-plans/", plan_views.PlanListView.as_view(), name="inspectionplan_list"),
    path("inspection-plans/add/", plan_views.PlanCreateView.as_view(), name="inspectionplan_add"),
    path("inspection-plans/not-inspected/", plan_views.plan_gaps, name="inspectionplan_gaps"),
    path("inspection-plans/<int:pk>/", plan_views.PlanDetailView.as_view(), name="inspectionplan"),
    path(
        "inspection-plans/<int:pk>/edit/",
        plan_views.PlanUpdateView.as_view(),
        name="inspectionplan_edit",
    ),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/add/", views.InspectionCreateView.as_view(), name="inspection_add"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection"),
    path(
        "inspections/<int:pk>/edit/",
        views.InspectionUpdateView.as_view(),
        name="inspection_edit",
    ),
    path(
        "inspections/<int:pk>/photos/",
        views.inspection_photo_add,
        name="inspection_photo_add",
    ),
    path(
        "inspections/items/<int:pk>/raise/",
        views.inspection_raise,
        name="inspection_raise",
    ),
    path(
        "inspections/photos/<int:pk>/",
        views.inspection_photo,
        name="inspection_photo",
    ),
    path(
        "inspections/photos/<int:pk>/thumb/",
        views.inspection_photo,
        {"size": "thumb"},
        name="inspection_photo_thumb",
    ),
]
