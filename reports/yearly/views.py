"""Pages of the statistics (a year by default, or any period: reports.yearly.periods): the
statements on a page, and downloaded as a one-sheet workbook or a Word document (each download
logged as an export).

Who: everyone who reads the people ledgers (reports.access), each statement in their scope.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditAction
from ledgers.models import Community
from reports.access import require_ledger_reader
from reports.yearly.forms import YearlyForm
from reports.yearly.periods import StatPeriod
from reports.yearly.statements import Sentence, yearly_statistics
from sheets.views import XLSX, content_disposition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _yearly(
    request: HttpRequest,
) -> tuple[YearlyForm, StatPeriod, Community | None, list[Sentence]]:
    """The form, the period and community asked for (this year and the office by default), and
    the statements. A community out of the user's scope is a 404; any other wrong value is a
    field error on the form and this year's statements."""
    require_ledger_reader(request)
    form = YearlyForm(request.GET or None, user=request.user)
    period, community = StatPeriod.of("year", timezone.localdate().year), None
    if form.is_bound:
        if form.is_valid():
            period, community = form.statistics_period(), form.cleaned_data["community"]
        elif "community" in form.errors:
            raise Http404
    return form, period, community, yearly_statistics(request.user, period, community)


def title_of(where: str, period: StatPeriod) -> str:
    """庙川社区2026年度工作统计, 庙川社区2026年第三季度工作统计 (in the active language)."""
    if period.is_year:
        return _("%(where)s: work statistics of %(year)d") % {
            "where": where,
            "year": period.start.year,
        }
    return _("%(where)s: work statistics, %(period)s") % {"where": where, "period": period.label}


@login_required
def yearly(request: HttpRequest) -> HttpResponse:
    form, period, community, sentences = _yearly(request)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "period": period,
        "year": period.start.year,
        "community": community,
        "sentences": sentences,
        "query": query,
    }
    return render(request, "reports/yearly.html", context)


def _yearly_download(
    request: HttpRequest, extension: str
) -> tuple[str, str, list[Sentence], StatPeriod]:
    """The statements to download, their title and unit (in the office's language), with the
    download logged as an export."""
    _form, period, community, sentences = _yearly(request)
    where = community.name if community else str(settings.OFFICE_NAME)
    title = title_of(where, period)
    audit.record(
        request,
        AuditAction.EXPORT,
        target=f"工作统计: {where} {period.label}",
        year=period.start.year if period.is_year else None,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        community=community.name if community else "",
        format=extension,
        rows=len(sentences),
    )
    return title, where, sentences, period


def _attachment(content: bytes, content_type: str, title: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{title}.{extension}".replace(":", "_").replace("：", "_")
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
def yearly_xlsx(request: HttpRequest) -> HttpResponse:
    """The statements as a one-sheet workbook (项目, 数量, 说明), printed as the county
    workbook's sheets are."""
    from reports.yearly import document  # with python-docx (3 MiB): only where files are made

    buffer = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        title, where, sentences, period = _yearly_download(request, "xlsx")
        sheet = "年度工作统计" if period.is_year else "工作统计"  # a sheet's name is not translated
        document.write_xlsx(buffer, title, where, timezone.localdate(), sentences, sheet)
    return _attachment(buffer.getvalue(), XLSX, title, "xlsx")


@login_required
def yearly_docx(request: HttpRequest) -> HttpResponse:
    """The statements as a Word document to quote from, laid out as office papers are."""
    from reports.yearly import document  # with python-docx (3 MiB): only where files are made

    buffer = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        title, where, sentences, _period = _yearly_download(request, "docx")
        document.write_docx(buffer, title, where, timezone.localdate(), sentences)
    return _attachment(buffer.getvalue(), DOCX, title, "docx")
