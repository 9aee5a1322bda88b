"""Pages of the county workbook: request, progress, download.

Who: everyone who reads the people ledgers (reports.access); a workbook holds what its
requester may see, and only its requester may open or download it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core import audit, jobs
from core.jobs import kept_until, render_job, worker_late
from core.models import AuditAction
from ledgers.models import Community
from reports.access import require_ledger_reader
from reports.county.forms import CountyWorkbookForm
from reports.county.models import CountyWorkbook, Period, PeriodKind, WorkbookStatus
from reports.county.tasks import build_workbook
from sheets.views import XLSX, content_disposition

RECENT = 10


def file_name(user: Any, period: Period, communities: list[Community]) -> str:
    """县级报表_2026年第1季度_庙川社区.xlsx (in Chinese, like the workbook)."""
    with translation.override(settings.LANGUAGE_CODE):
        where = communities[0].name if len(communities) == 1 else _("All communities")
        if 1 < len(communities) < Community.objects.for_user(user).count():
            where = _("%(n)d communities") % {"n": len(communities)}
        return f"县级报表_{period.label}_{where}.xlsx"


def is_small(period: Period, communities: list[Community]) -> bool:
    """A month of one community is built within the request and downloaded at once."""
    return len(communities) == 1 and period.kind == PeriodKind.MONTH


@login_required
def county_workbook(request: HttpRequest) -> HttpResponse:
    """Choose the period and communities; small workbooks come at once, others are queued."""
    require_ledger_reader(request)
    form = CountyWorkbookForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        period: Period = form.cleaned_data["period"]
        communities = list(form.cleaned_data["communities"])
        job = CountyWorkbook.objects.create(
            requested_by=request.user,  # type: ignore[misc]  # signed in: login_required
            period_kind=period.kind,
            year=period.year,
            number=period.number,
            paper=form.cleaned_data["paper"],
            file_name=file_name(request.user, period, communities),
        )
        job.communities.set(communities)
        if is_small(period, communities):
            build_workbook.call(job.pk)
            job.refresh_from_db()
            if job.status == WorkbookStatus.DONE:
                return redirect("reports:county_workbook_download", job.pk)
        else:
            build_workbook.enqueue(job.pk)
            messages.info(request, _("The workbook is being built; this page shows its progress."))
        return redirect(job)
    jobs = CountyWorkbook.objects.for_user(request.user).prefetch_related("communities")[:RECENT]
    return render(request, "reports/county_workbook.html", {"form": form, "jobs": jobs})


def _job(request: HttpRequest, pk: int) -> CountyWorkbook:
    require_ledger_reader(request)
    return get_object_or_404(CountyWorkbook.objects.for_user(request.user), pk=pk)


@login_required
def county_workbook_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress (polled while it runs), then its download."""
    job = _job(request, pk)
    jobs.fail_if_stale(job)  # a worker that died leaves no workbook "being built" for ever
    context = {
        "job": job,
        "communities": job.communities.all(),
        "waiting": worker_late(job.status == WorkbookStatus.PENDING, job.requested_at),
        "kept_until": kept_until(job.finished_at),
    }
    return render_job(
        request,
        "reports/county_workbook_job.html",
        "reports/includes/county_workbook_status.html",
        context,
    )


@login_required
def county_workbook_download(request: HttpRequest, pk: int) -> FileResponse:
    """The workbook file, to its requester only; each download is logged as an export."""
    job = _job(request, pk)
    if job.status != WorkbookStatus.DONE or not job.file:
        raise Http404
    period = job.period
    audit.record(
        request,
        AuditAction.EXPORT,
        target=f"县级报表: {job.file_name}",
        workbook=job.pk,
        period=[period.kind.value, period.year, period.number],
        start=f"{period.start:%Y-%m-%d}",
        end=f"{period.end:%Y-%m-%d}",
        communities=[c.name for c in job.communities.all()],
    )
    response = FileResponse(job.file.open("rb"), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(job.file_name)
    return response
