"""The auditor's pages: the audit log (and its filter), its export and the check of its hash
chain."""

from __future__ import annotations

import tempfile
from typing import Any

import django_filters
from django.contrib.auth.decorators import login_required, permission_required
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, auditchain
from core.generic import Column, ObjectListView
from core.models import AuditAction, AuditEvent, AuditOutcome
from ledgers.filters import date_range
from sheets import writing
from sheets.views import XLSX, content_disposition

READ = "core.view_auditevent"


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("action"), choices=AuditAction.choices)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=AuditOutcome.choices)
    # Exact user name and the beginning of the object: both served by an index at any size.
    username = django_filters.CharFilter(label=_("user name"))
    target = django_filters.CharFilter(label=_("object"), lookup_expr="startswith")
    created_at = date_range(_("date"))

    class Meta:
        model = AuditEvent
        fields = ["action", "outcome", "username", "target", "created_at"]


class AuditEventListView(ObjectListView):
    """The audit log, read-only, for the auditor."""

    model = AuditEvent
    filterset_class = AuditEventFilter
    template_name = "ledgers/auditevent_list.html"
    paginate_by = 50
    export_url_name = "audit_export"
    columns = [
        Column("created_at", _("time"), sort="created_at"),
        Column("username", _("user name"), sort="username"),
        Column("get_action_display", _("action"), sort="action"),
        Column("get_outcome_display", _("outcome")),
        Column("target", _("object")),
        Column("detail_text", _("detail")),
        Column("ip", _("IP address")),
    ]
    empty_message = _("No events match these filters.")


HEADERS = ["时间", "用户名", "用户ID", "IP地址", "操作", "结果", "对象", "详情", "哈希"]


def _rows(events: Any) -> Any:
    for event in events.iterator(chunk_size=2_000):
        yield [
            event.created_at,
            event.username,
            event.user_id,
            event.ip,
            str(event.get_action_display()),
            str(event.get_outcome_display()),
            event.target,
            event.detail_text(),
            event.hash,
        ]


@login_required
@permission_required(READ, raise_exception=True)
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The log with the list's filters, newest first, as .xlsx or .csv; the export is logged."""
    newest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    # The log as it stands now: not the entry of this very export, nor any written meanwhile.
    logged = AuditEvent.objects.for_user(request.user).filter(pk__lte=newest or 0)
    filterset = AuditEventFilter(request.GET, queryset=logged.order_by("-created_at", "-pk"))
    events = filterset.qs if filterset.is_valid() else logged.none()
    kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
    count = events.count()
    filters = {k: v for k, v in request.GET.items() if k not in {"format", "page", "sort"} and v}
    audit.record(
        request, AuditAction.EXPORT, target="审计日志", rows=count, filters=filters, format=kind
    )
    name = f"审计日志_{timezone.localdate():%Y-%m-%d}.{kind}"
    response: HttpResponseBase
    if kind == "csv":
        chunks = writing.csv_chunks(HEADERS, _rows(events))
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    else:
        sheet = writing.SheetSpec(
            name="审计日志",
            headers=HEADERS,
            rows=_rows(events),
            title=f"审计日志（{timezone.localdate():%Y-%m-%d}，{count}）",
            text_columns={1, 3},
            widths=[18, 14, 8, 16, 16, 8, 30, 60, 66],
        )
        # On disk, not in memory, whatever the log's size (FileResponse closes the file).
        handle = tempfile.TemporaryFile()  # noqa: SIM115
        writing.write_xlsx(handle, [sheet])
        handle.seek(0)
        response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
@permission_required(READ, raise_exception=True)
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Whether the log's hash chain holds, and where it breaks first."""
    result = auditchain.verify()
    return render(request, "ledgers/audit_verify.html", {"result": result})
