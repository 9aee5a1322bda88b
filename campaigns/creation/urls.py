"""URLs of the creation file: leadership groups, work documents and their files, titles."""

from django.urls import URLPattern, path

from campaigns.creation import file_views as files
from campaigns.creation import views

urlpatterns: list[URLPattern] = [
    path("creation/groups/", views.LeadershipGroupListView.as_view(), name="leadershipgroup_list"),
    path(
        "creation/groups/add/",
        views.LeadershipGroupCreateView.as_view(),
        name="leadershipgroup_add",
    ),
    path(
        "creation/groups/<int:pk>/",
        views.LeadershipGroupDetailView.as_view(),
        name="leadershipgroup",
    ),
    path(
        "creation/groups/<int:pk>/edit/",
        views.LeadershipGroupUpdateView.as_view(),
        name="leadershipgroup_edit",
    ),
    path(
        "creation/groups/<int:pk>/copy/",
        views.LeadershipGroupCopyView.as_view(),
        name="leadershipgroup_copy",
    ),
    path(
        "creation/groups/<int:pk>/print/",
        views.LeadershipGroupPrintView.as_view(),
        name="leadershipgroup_print",
    ),
    path("creation/documents/", views.WorkDocumentListView.as_view(), name="workdocument_list"),
    path(
        "creation/documents/add/",
        views.WorkDocumentCreateView.as_view(),
        name="workdocument_add",
    ),
    path(
        "creation/documents/<int:pk>/",
        views.WorkDocumentDetailView.as_view(),
        name="workdocument",
    ),
    path(
        "creation/documents/<int:pk>/edit/",
        views.WorkDocumentUpdateView.as_view(),
        name="workdocument_edit",
    ),
    path(
        "creation/documents/<int:pk>/files/",
        files.workdocument_file_add,
        name="workdocument_file_add",
    ),
    path("creation/document-files/<int:pk>/", files.workdocument_file, name="workdocument_file"),
    path(
        "creation/document-files/<int:pk>/delete/",
        files.workdocument_file_delete,
        name="workdocument_file_delete",
    ),
    path(
        "creation/demonstration/",
        views.DemonstrationListView.as_view(),
        name="demonstration_list",
    ),
    path(
        "creation/demonstration/add/",
        views.DemonstrationCreateView.as_view(),
        name="demonstration_add",
    ),
    path(
        "creation/demonstration/<int:pk>/",
        views.DemonstrationDetailView.as_view(),
        name="demonstration",
    ),
    path(
        "creation/demonstration/<int:pk>/edit/",
        views.DemonstrationUpdateView.as_view(),
        name="demonstration_edit",
    ),
    path(
        "creation/demonstration/<int:pk>/file/",
        files.demonstration_file,
        name="demonstration_file",
    ),
]
