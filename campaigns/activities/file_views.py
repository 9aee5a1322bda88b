"""An activity's photos and files: served only in scope, added and removed from its page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns.activities.forms import AttachmentUploadForm, PhotoUploadForm
from campaigns.activities.models import Activity, ActivityAttachment, ActivityPhoto
from campaigns.activities.views import store_files
from core.uploads.attachments import attachment_response
from core.uploads.photos import photo_response


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def activity_photo(request: HttpRequest, pk: int, size: str = "full") -> FileResponse:
    """A photo, to users who may see its activity (another community's photo is a 404)."""
    require(request, "campaigns.view_activityphoto")
    photo = get_object_or_404(ActivityPhoto.objects.for_user(request.user), pk=pk)
    return photo_response(photo, size)


@login_required
def activity_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A file of an activity, under its original name, to users who may see the activity."""
    require(request, "campaigns.view_activityattachment")
    attachment = get_object_or_404(ActivityAttachment.objects.for_user(request.user), pk=pk)
    return attachment_response(attachment)


def _upload(request: HttpRequest, pk: int, form_class: Any, permission: str) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.for_user(request.user), pk=pk)
    require(request, permission)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(activity)
    try:
        with transaction.atomic():
            store_files(activity, form, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(activity)
    photos = len(form.cleaned_data.get("photos") or [])
    files = len(form.cleaned_data.get("attachments") or [])
    if photos:
        added = ngettext("%(count)d photo added.", "%(count)d photos added.", photos)
        messages.success(request, added % {"count": photos})
    if files:
        added = ngettext("%(count)d file added.", "%(count)d files added.", files)
        messages.success(request, added % {"count": files})
    return redirect(activity)


@require_POST
@login_required
def activity_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, pk, PhotoUploadForm, "campaigns.add_activityphoto")


@require_POST
@login_required
def activity_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, pk, AttachmentUploadForm, "campaigns.add_activityattachment")


def _delete(request: HttpRequest, record: Any, done: Any) -> HttpResponse:
    """GET asks for confirmation, POST removes the row and its stored files."""
    activity = record.activity
    if request.method == "POST":
        files = [f for f in (getattr(record, n, None) for n in ("image", "thumbnail", "file")) if f]
        with transaction.atomic():
            record.delete()
            transaction.on_commit(lambda: [f.delete(save=False) for f in files])
        messages.success(request, done)
        return redirect(activity)
    context = {
        "object": record,
        "parent": activity,
        "thumb_url": (
            reverse("campaigns:activity_photo_thumb", args=[record.pk])
            if isinstance(record, ActivityPhoto)
            else ""
        ),
    }
    return render(request, "generic/object_remove_from.html", context)


@login_required
def activity_photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "campaigns.delete_activityphoto")
    photo = get_object_or_404(
        ActivityPhoto.objects.for_user(request.user).select_related("activity"), pk=pk
    )
    return _delete(request, photo, _("The photo was removed."))


@login_required
def activity_attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "campaigns.delete_activityattachment")
    attachment = get_object_or_404(
        ActivityAttachment.objects.for_user(request.user).select_related("activity"), pk=pk
    )
    return _delete(request, attachment, _("The file was removed."))
