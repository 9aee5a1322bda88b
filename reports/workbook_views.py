"""Pages of the county workbook (request, progress, download) and of the yearly statistics.

Who: everyone who reads the people ledgers (staff and grid workers for their communities,
leaders and the county for all); a workbook holds what its requester may see, and only its
requester may open or download it.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit, jobs
from core.jobs import kept_until, render_job, worker_late
from core.models import AuditAction
from ledgers.models import Community
from reports.documents import write_docx
from reports.models import CountyWorkbook, Period, PeriodKind, WorkbookStatus
from reports.tasks import build_workbook
from reports.workbook_forms import CountyWorkbookForm, YearlyForm
from reports.yearly import Sentence, yearly_statistics
from sheets import writing
from sheets.views import XLSX, content_disposition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PERMISSION = "ledgers.view_resident"  # the people ledgers' readers
RECENT = 10


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


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
    _allowed(request)
    form = CountyWorkbookForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        period: Period = form.cleaned_data["period"]
        communities = list(form.cleaned_data["communities"])
        job = CountyWorkbook.objects.create(
            requested_by=request.user,  # type: ignore[misc]  # signed in: login_required
            period_kind=period.kind,
            year=period.year,
            number=period.number,
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
    _allowed(request)
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


# ---- the yearly statistics ----------------------------------------------------------------


def _yearly(request: HttpRequest) -> tuple[YearlyForm, int, Community | None, list[Sentence]]:
    """The form, the year and community asked for (this year and the office by default), and
    the statements. A community out of the user's scope is a 404."""
    _allowed(request)
    form = YearlyForm(request.GET or None, user=request.user)
    year, community = timezone.localdate().year, None
    if form.is_bound:
        if form.is_valid():
            year, community = form.cleaned_data["year"], form.cleaned_data["community"]
        elif "community" in form.errors:
            raise Http404
    return form, year, community, yearly_statistics(request.user, year, community)


@login_required
def yearly(request: HttpRequest) -> HttpResponse:
    form, year, community, sentences = _yearly(request)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "year": year,
        "community": community,
        "sentences": sentences,
        "query": query,
    }
    return render(request, "reports/yearly.html", context)


def _yearly_download(request: HttpRequest, extension: str) -> tuple[str, str, list[Sentence]]:
    """The statements to download, their title and unit (in the office's language), with the
    download logged as an export."""
    _form, year, community, sentences = _yearly(request)
    where = community.name if community else str(settings.OFFICE_NAME)
    title = _("%(where)s: work statistics of %(year)d") % {"where": where, "year": year}
    audit.record(
        request,
        AuditAction.EXPORT,
        target=f"年度工作统计: {where} {year}",
        year=year,
        community=community.name if community else "",
        format=extension,
        rows=len(sentences),
    )
    return title, where, sentences


def _attachment(content: bytes, content_type: str, title: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{title}.{extension}".replace(":", "_").replace("：", "_")
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
def yearly_xlsx(request: HttpRequest) -> HttpResponse:
    """The statements as a one-sheet workbook: 项目, 数量, 说明."""
    with translation.override(settings.LANGUAGE_CODE):
        title, _where, sentences = _yearly_download(request, "xlsx")
    rows = [
        [s.label, float(s.number) if s.number is not None else None, f"{s.text}{s.note}"]
        for s in sentences
    ]
    sheet = writing.SheetSpec(
        name="年度工作统计",
        headers=["项目", "数量", "说明"],
        rows=rows,
        title=title,
        widths=[24, 10, 90],
    )
    buffer = io.BytesIO()
    writing.write_xlsx(buffer, [sheet])
    return _attachment(buffer.getvalue(), XLSX, title, "xlsx")


@login_required
def yearly_docx(request: HttpRequest) -> HttpResponse:
    """The statements as a Word document to quote from, laid out as office papers are."""
    buffer = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        title, where, sentences = _yearly_download(request, "docx")
        write_docx(buffer, title, where, timezone.localdate(), sentences)
    return _attachment(buffer.getvalue(), DOCX, title, "docx")
