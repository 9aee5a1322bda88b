"""The creation file's files: a work document's files (added from its page, removed with a
confirmation) and a title's naming document, served only in scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns.creation.forms import FileUploadForm
from campaigns.creation.models import Demonstration, WorkDocument, WorkDocumentFile
from campaigns.creation.views import store_files, writable
from core.uploads.attachments import attachment_response


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def workdocument_file(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a work document, under its original name, to users who may see the document."""
    require(request, "campaigns.view_workdocumentfile")
    record = get_object_or_404(WorkDocumentFile.objects.for_user(request.user), pk=pk)
    return attachment_response(record)


@login_required
def demonstration_file(request: HttpRequest, pk: int) -> FileResponse:
    """A title's naming document, to users who may see the title."""
    require(request, "campaigns.view_demonstration")
    title = get_object_or_404(Demonstration.objects.for_user(request.user), pk=pk)
    if not title.file:
        raise Http404
    return attachment_response(title)


@require_POST
@login_required
def workdocument_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(WorkDocument.objects.for_user(request.user), pk=pk)
    require(request, "campaigns.add_workdocumentfile")
    if not writable(request.user, document, "add"):
        raise PermissionDenied
    form = FileUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(document)
    uploads = form.cleaned_data["attachments"]
    try:
        with transaction.atomic():
            store_files(document, uploads, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(document)
    added = ngettext("%(count)d file added.", "%(count)d files added.", len(uploads))
    messages.success(request, added % {"count": len(uploads)})
    return redirect(document)


@login_required
def workdocument_file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST removes the file."""
    require(request, "campaigns.delete_workdocumentfile")
    files = WorkDocumentFile.objects.for_user(request.user).select_related("document")
    record = get_object_or_404(files, pk=pk)
    document = record.document
    if not writable(request.user, document):
        raise PermissionDenied
    if request.method == "POST":
        stored = record.file
        with transaction.atomic():
            record.delete()
            transaction.on_commit(lambda: stored.delete(save=False))
        messages.success(request, _("The file was removed."))
        return redirect(document)
    context = {"object": record, "parent": document}
    return render(request, "generic/object_remove_from.html", context)
