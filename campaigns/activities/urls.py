"""URLs of the activities: the log, the month view, the ledger, photos and files."""

from django.urls import URLPattern, path

from campaigns.activities import calendar_views, views
from campaigns.activities import file_views as files
from sheets import views as sheets

urlpatterns: list[URLPattern] = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/month/", calendar_views.activity_month, name="activity_month"),
    path("activities/add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("activities/attendees/", views.attendee_search, name="activity_attendee_search"),
    path(
        "activities/import/", sheets.import_upload, {"ledger": "activities"}, name="activity_import"
    ),
    path(
        "activities/template/",
        sheets.import_template,
        {"ledger": "activities"},
        name="activity_template",
    ),
    path("activities/export/", views.ActivityExportView.as_view(), name="activity_export"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/copy/", views.ActivityCopyView.as_view(), name="activity_copy"),
    path("activities/<int:pk>/photos/", files.activity_photo_add, name="activity_photo_add"),
    path(
        "activities/<int:pk>/attachments/",
        files.activity_attachment_add,
        name="activity_attachment_add",
    ),
    path("activity-photos/<int:pk>/", files.activity_photo, name="activity_photo"),
    path(
        "activity-photos/<int:pk>/thumb/",
        files.activity_photo,
        {"size": "thumb"},
        name="activity_photo_thumb",
    ),
    path(
        "activity-photos/<int:pk>/delete/",
        files.activity_photo_delete,
        name="activity_photo_delete",
    ),
    path("activity-attachments/<int:pk>/", files.activity_attachment, name="activity_attachment"),
    path(
        "activity-attachments/<int:pk>/delete/",
        files.activity_attachment_delete,
        name="activity_attachment_delete",
    ),
]
