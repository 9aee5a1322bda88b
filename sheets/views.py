"""The engine's pages for every registered ledger: import (upload, preview, confirm, retry,
undo, error file), template, and ExportMixin, which turns a list view into its export.

A ledger's URLs map to these views with {"ledger": key}; the batch pages are in sheets.urls.
What a page needs of a ledger (its list, its columns, what a reader may not see) comes from
its resource in the registry (sheets.resources)."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core import audit, jobs
from core.generic import ObjectListView
from core.jobs import render_job, worker_late
from core.models import AuditAction
from sheets import imports, undo
from sheets.models import ImportBatch, ImportStatus
from sheets.reading import clean_header
from sheets.resources import (
    REGISTRY,
    Resource,
    community_names,
    export_headers,
    export_sheet,
    template_sheets,
    text_concealer,
)
from sheets.tasks import apply_import, check_import
from sheets.writing import csv_chunks, error_workbook, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def resource_for(key: str) -> Resource:
    try:
        return REGISTRY[key]
    except KeyError:
        raise Http404 from None


def attachment_name(title: Any, user: Any, suffix: str) -> str:
    """Ledger, community and date: 少数民族人口台账_庙川社区_2026-11-26.xlsx."""
    names = community_names(user, 2)
    where = names[0] if len(names) == 1 else gettext("All communities")
    return f"{title}_{where}_{timezone.localdate():%Y-%m-%d}.{suffix}"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("Excel (.xlsx, .xls), WPS, OpenDocument (.ods) or CSV (UTF-8 or GBK)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt", "class": "form-control"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_MB * 2**20
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; at most %(limit)d MB can be imported.")
                % {"size": upload.size / 2**20, "limit": settings.IMPORT_MAX_MB}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


@login_required
def import_upload(request: HttpRequest, ledger: str) -> HttpResponse:
    """Upload a file: it is checked at once (small files) or by the worker, then previewed."""
    resource = resource_for(ledger)
    if not request.user.has_perm(resource.import_permission):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.new_batch(resource, request.user, upload.name, upload.read())
        audit.record(
            request,
            AuditAction.IMPORT,
            target=f"{resource.key}: {batch.file_name}",
            batch=batch.pk,
            sha256=batch.sha256,
            step="upload",
        )
        start(check_import, batch)
        return redirect(batch)
    batches = ImportBatch.objects.for_user(request.user).filter(ledger=resource.key)[:10]
    context = {"resource": resource, "form": form, "batches": batches}
    return render(request, "sheets/import_upload.html", context)


def start(task: Any, batch: ImportBatch) -> None:
    """Run a step within the request when the file is small, else hand it to the worker (the
    page then shows its progress): no request is held open for a long import."""
    if batch.total_rows:
        small = batch.total_rows <= settings.IMPORT_INLINE_ROWS
    else:  # not read yet: judge by size, at about 200 bytes a row
        small = batch.file.size <= settings.IMPORT_INLINE_ROWS * 200
    if small:
        task.call(batch.pk)
    else:
        task.enqueue(batch.pk)


def as_seen_by(user: Any, resource: Resource, preview: dict[str, Any]) -> Any:
    """A batch's preview as `user` may see it (another reader than its uploader: a leader, the
    county): the same masked ID numbers and hidden columns as on the resident pages."""
    headers = preview.get("headers", [])
    rules = resource.concealers(headers, user)
    rows = [
        {**row, "cells": [rules[i](c) if i in rules else c for i, c in enumerate(row["cells"])]}
        for row in preview.get("rows", [])
    ]
    return {"headers": headers, "rows": rows}


def errors_as_seen_by(user: Any, errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Error messages quote cells: ID numbers in them masked unless the user may see them."""
    conceal = text_concealer(user)
    if conceal is None:
        return errors
    return [{**error, "message": conceal(str(error["message"]))} for error in errors]


def get_batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(
        ImportBatch.objects.for_user(request.user).select_related("user"), pk=pk
    )


@login_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's state: progress, preview with every error, the outcome; polls while busy."""
    batch = get_batch(request, pk)
    resource = resource_for(batch.ledger)
    jobs.fail_if_stale(batch)  # a worker that died leaves no batch "importing" for ever
    context = {
        "batch": batch,
        "resource": resource,
        "preview": as_seen_by(request.user, resource, batch.preview),
        "errors": errors_as_seen_by(request.user, batch.errors[:2_000]),
        "more_errors": max(0, len(batch.errors) - 2_000),
        "waiting": worker_late(
            batch.status in (ImportStatus.PENDING, ImportStatus.QUEUED),
            batch.confirmed_at or batch.created_at,
        ),
        "can_undo": batch.undoable and batch.user_id == request.user.pk,
        "can_retry": batch.status == ImportStatus.FAILED
        and bool(batch.stopped_while)
        and batch.file_removed_at is None
        and batch.user_id == request.user.pk,
    }
    return render_job(
        request, "sheets/import_batch.html", "sheets/includes/import_status.html", context
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch(request, pk)
    resource = resource_for(batch.ledger)
    if batch.user_id != request.user.pk or not request.user.has_perm(resource.import_permission):
        raise PermissionDenied
    # The one request that moves the batch from ready to queued starts it: a second press (the
    # worker being slow or stopped) finds it queued and starts nothing.
    if batch.file_removed_at is not None:
        messages.error(request, _("This file was removed from the server: upload it again."))
        return redirect(batch)
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportStatus.READY, file_removed_at=None
    ).update(status=ImportStatus.QUEUED, confirmed_at=timezone.now())
    if not claimed:
        messages.info(request, _("This import was confirmed already: it goes on below."))
        return redirect(batch)
    batch.refresh_from_db()
    start(apply_import, batch)
    batch.refresh_from_db()
    if batch.status == ImportStatus.DONE:
        audit.record(
            request,
            AuditAction.IMPORT,
            target=f"{resource.key}: {batch.file_name}",
            batch=batch.pk,
            step="apply",
            **batch.counts,
        )
        messages.success(
            request,
            _("Imported: %(new)d new, %(update)d updated, %(unchanged)d unchanged.") % batch.counts,
        )
    elif batch.status == ImportStatus.INVALID:
        messages.error(request, _("The ledger changed since the check; see the errors below."))
    return redirect(batch)


@require_POST
@login_required
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run again an import whose worker died: its file is checked afresh (nothing of it was
    written), then the person confirms it as before."""
    batch = get_batch(request, pk)
    resource = resource_for(batch.ledger)
    if batch.user_id != request.user.pk or not request.user.has_perm(resource.import_permission):
        raise PermissionDenied
    again = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportStatus.FAILED, file_removed_at=None
    ).exclude(stopped_while="")
    if not again.update(status=ImportStatus.PENDING, stopped_while="", message="", progress=0):
        messages.error(request, _("This import has nothing to run again."))
        return redirect(batch)
    batch.refresh_from_db()
    start(check_import, batch)
    return redirect(batch)


@login_required
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then remove what the batch added and restore what it changed."""
    batch = get_batch(request, pk)
    resource = resource_for(batch.ledger)
    if batch.user_id != request.user.pk or batch.status != ImportStatus.DONE:
        raise PermissionDenied
    if not batch.undoable:
        messages.error(request, undo.too_late(batch))
        return redirect(batch)
    if request.method == "POST":
        refused = undo.undo(batch, resource, request.user)
        if refused:
            messages.error(request, refused)
        else:
            audit.record(
                request,
                AuditAction.IMPORT,
                target=f"{resource.key}: {batch.file_name}",
                batch=batch.pk,
                step="undo",
            )
            messages.success(request, _("The import was undone."))
        return redirect(batch)
    return render(request, "sheets/import_undo.html", {"batch": batch, "resource": resource})


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded workbook with a 错误说明 column and the bad cells in red."""
    batch = get_batch(request, pk)
    resource = resource_for(batch.ledger)
    if not batch.errors:
        raise Http404
    if batch.file_removed_at is not None:
        messages.error(request, _("This file was removed from the server: upload it again."))
        return redirect(batch)
    table = imports.read(resource, batch)
    index = {header: i for i, header in enumerate(table.headers)}
    aliases = resource.header_aliases()
    by_canonical = {aliases.get(clean_header(h)): i for h, i in index.items()}
    errors: dict[int, list[tuple[int | None, str]]] = {}
    for error in errors_as_seen_by(request.user, batch.errors):
        column = by_canonical.get(error["column"]) if error["column"] else None
        # A column of the file is named by the workbook; one the file lacks, by the message.
        named = error["column"] and column is None
        text = f"{error['column']}：{error['message']}" if named else error["message"]
        errors.setdefault(error["row"], []).append((column, text))
    with batch.file.open("rb") as handle:
        data = handle.read()
    conceal = resource.concealers(table.headers, request.user)
    content = error_workbook(data, table, errors, conceal)
    audit.record(
        request,
        AuditAction.EXPORT,
        target=f"{resource.key}: {batch.file_name} 错误说明",
        batch=batch.pk,
        rows=batch.total_rows,
        errors=len(batch.errors),
    )
    stem = batch.file_name.rsplit(".", 1)[0]
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{stem}_错误说明.xlsx")
    return response


def content_disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


@login_required
def import_template(request: HttpRequest, ledger: str) -> HttpResponse:
    resource = resource_for(ledger)
    if not request.user.has_perm(resource.import_permission):
        raise PermissionDenied
    with tempfile.TemporaryFile() as handle:
        write_xlsx(handle, template_sheets(resource, request.user))
        handle.seek(0)
        content = handle.read()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{resource.title}_模板.xlsx")
    return response


class ExportMixin:
    """Turns a list view into its export: the same filters, search and scope, as .xlsx or .csv."""

    resource: Resource

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        view: ObjectListView = self  # type: ignore[assignment]
        filterset_class = view.get_filterset_class()
        view.filterset = view.get_filterset(filterset_class)
        if view.filterset.is_bound and not view.filterset.is_valid():
            queryset = view.filterset.queryset.none()
        else:
            queryset = view.filterset.qs
        user = request.user
        kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
        count = queryset.count()
        filters = {
            k: v for k, v in request.GET.items() if k not in {"format", "page", "sort"} and v
        }
        audit.record(
            request,
            AuditAction.EXPORT,
            target=str(view.title or self.resource.title),
            rows=count,
            filters=filters,
            format=kind,
        )
        ledger = view.title or self.resource.title
        name = attachment_name(ledger, user, kind)
        if kind == "csv":
            headers = export_headers(self.resource, user)
            rows = self.resource.export_rows(queryset, user)
            response: HttpResponseBase = StreamingHttpResponse(
                csv_chunks(headers, rows), content_type="text/csv; charset=utf-8"
            )
        else:
            title = f"{ledger}（{timezone.localdate():%Y-%m-%d}，{count}）"
            # FileResponse closes the file when the download ends; the disk holds the sheet,
            # so memory stays flat whatever the number of rows.
            handle = tempfile.TemporaryFile()  # noqa: SIM115
            write_xlsx(handle, [export_sheet(self.resource, queryset, user, title)])
            handle.seek(0)
            response = FileResponse(handle, content_type=XLSX)
        response["Content-Disposition"] = content_disposition(name)
        return response
