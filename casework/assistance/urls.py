"""Assistance case pages: the list, the re-check list, a case, its steps, its notice."""

from django.urls import path

from casework.assistance import views

urlpatterns = [
    path("assistance/", views.AssistanceListView.as_view(), name="assistance_list"),
    path("assistance/recheck/", views.RecheckListView.as_view(), name="assistance_recheck"),
    path("assistance/add/", views.AssistanceCreateView.as_view(), name="assistance_add"),
    path("assistance/export/", views.AssistanceExportView.as_view(), name="assistance_export"),
    path("assistance/<int:pk>/", views.AssistanceDetailView.as_view(), name="assistance"),
    path(
        "assistance/<int:pk>/edit/",
        views.AssistanceUpdateView.as_view(),
        name="assistance_edit",
    ),
    path("assistance/<int:pk>/notice/", views.assistance_notice, name="assistance_notice"),
    path(
        "assistance/<int:pk>/notice/issue/",
        views.assistance_notice_issue,
        name="assistance_notice_issue",
    ),
]
# One POST URL per step of an assistance case: /casework/assistance/<pk>/income-check/ …
urlpatterns += [
    path(
        f"assistance/<int:pk>/{step.replace('_', '-')}/",
        views.assistance_step,
        {"step": step},
        name=f"assistance_{step}",
    )
    for step in views.STEPS
]
