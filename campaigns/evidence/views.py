"""Pages of the evidence packs (迎检材料): my packs, ask for one, its progress, download, remove."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaigns.evidence.filters import EvidenceFilter
from campaigns.evidence.forms import EvidencePackForm
from campaigns.evidence.models import EvidencePack, EvidenceStatus
from campaigns.evidence.pack import INLINE_ITEMS, EvidenceError, pack_items
from campaigns.evidence.tasks import build_evidence_pack
from core import audit, jobs
from core.generic import Column, ObjectListView
from core.jobs import kept_until, render_job, worker_late
from core.models import AuditAction, AuditOutcome

VIEW = "campaigns.view_evidencepack"


class EvidenceListView(ObjectListView):
    model = EvidencePack
    title = _("Evidence packs")
    filterset_class = EvidenceFilter
    search_fields = ["community__name"]
    search_placeholder = _("Community")
    select_related = ["community"]
    add_url_name = "campaigns:evidence_add"
    columns = [
        Column("requested_at", _("requested at"), sort="requested_at", link=True),
        Column("area", _("community")),
        # Status and download first: they stay in sight on a phone.
        Column("get_status_display", _("status"), sort="status"),
        Column("download", _("download")),
        Column("period", _("period")),
        Column("records", _("records")),
        Column("size_text", _("size"), sort="size"),
    ]
    empty_message = _(
        "No evidence packs yet. Ask for one before an inspection: choose the community, the "
        "period and the records, and download one .zip with the workbook and the photos."
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pack: Any
        for pack in context["object_list"]:
            pack.records = "、".join(pack.indicator_labels)
            pack.size_text = filesizeformat(pack.size) if pack.size else ""
            if pack.status == EvidenceStatus.DONE:
                url = reverse("campaigns:evidence_download", args=[pack.pk])
                pack.download = format_html(
                    '<a href="{}"><i class="bi bi-download"></i> {}</a>', url, _("Download")
                )
        return context


def start(pack: EvidencePack) -> None:
    """Build a small pack within the request; hand a large one to the worker (the pack's page
    shows its progress), so no request is held open while photos are copied."""
    try:
        small = pack_items(pack) <= INLINE_ITEMS
    except EvidenceError:
        small = True  # it fails at once, with its message
    if small:
        build_evidence_pack.call(pack.pk)
    else:
        build_evidence_pack.enqueue(pack.pk)


@login_required
@permission_required("campaigns.add_evidencepack", raise_exception=True)
def evidence_add(request: HttpRequest) -> HttpResponse:
    initial = {
        "period_start": request.GET.get("start") or None,
        "period_end": request.GET.get("end") or None,
    }
    form = EvidencePackForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        pack = form.save()
        start(pack)
        pack.refresh_from_db()
        if pack.status == EvidenceStatus.DONE:
            messages.success(request, _("The evidence pack is ready to download."))
        elif pack.status != EvidenceStatus.FAILED:
            messages.info(
                request, _("The pack is being built; this page shows how far it has come.")
            )
        return redirect(pack)
    return render(request, "campaigns/evidence_form.html", {"form": form})


def get_pack(request: HttpRequest, pk: int) -> EvidencePack:
    return get_object_or_404(
        EvidencePack.objects.for_user(request.user).select_related("community", "requested_by"),
        pk=pk,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack's progress (polled while it is built), then its counts and the download."""
    pack = get_pack(request, pk)
    jobs.fail_if_stale(pack)  # a worker that died leaves no pack "building" for ever
    context = {
        "pack": pack,
        "waiting": worker_late(pack.status == EvidenceStatus.QUEUED, pack.requested_at),
        "counts": counts(pack),
        "kept_until": kept_until(pack.finished_at),
    }
    return render_job(
        request, "campaigns/evidence.html", "campaigns/includes/evidence_status.html", context
    )


def counts(pack: EvidencePack) -> list[tuple[Any, int]]:
    labels = [
        ("activities", _("activities")),
        ("photos", _("photos")),
        ("attachments", _("attachments")),
        ("visits", _("visits")),
        ("publicity", _("publicity items")),
        ("households", _("households (anti-fraud app)")),
        ("indicators", _("indicators with evidence")),
        ("evidence", _("records cited")),
        ("files", _("files and photos")),
    ]
    return [(label, pack.counts[key]) for key, label in labels if key in pack.counts]


@login_required
@permission_required(VIEW, raise_exception=True)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The zip, to its requester only; every download, and every refused one, is logged."""
    pack = (
        EvidencePack.objects.for_user(request.user)
        .select_related("community")
        .filter(pk=pk, status=EvidenceStatus.DONE)
        .exclude(file="")
        .first()
    )
    if pack is None:
        audit.record(
            request,
            AuditAction.EXPORT,
            target=f"迎检材料 #{pk}",
            outcome=AuditOutcome.FAILURE,
            pack=pk,
            step="download",
        )
        raise Http404
    audit.record(
        request,
        AuditAction.EXPORT,
        target=f"迎检材料: {pack.area} {pack.period}",
        pack=pack.pk,
        step="download",
        size=pack.size,
        counts=pack.counts,
    )
    response = FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=pack.download_name,
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("campaigns.delete_evidencepack", raise_exception=True)
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove the pack and its file (the records themselves are untouched)."""
    pack = get_pack(request, pk)
    if request.method == "POST":
        if pack.file:
            pack.file.delete(save=False)
        pack.delete()
        messages.success(request, _("The evidence pack was removed."))
        return redirect("campaigns:evidence_list")
    context = {"object": pack, "cancel_url": pack.get_absolute_url()}
    return render(request, "generic/object_confirm_delete.html", context)
