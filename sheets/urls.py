"""The import batch pages: one batch's state, its confirmation, retry, undo and error file
(config/urls.py mounts them where they have always been, …/imports/<pk>/). Each ledger's upload,
template and export pages are in its own app's URLs, mapped to the engine's views with
{"ledger": key}."""

from django.urls import path

from sheets import views

app_name = "sheets"

urlpatterns = [
    path("<int:pk>/", views.import_batch, name="import_batch"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/retry/", views.import_retry, name="import_retry"),
    path("<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("<int:pk>/errors/", views.import_errors, name="import_errors"),
]
