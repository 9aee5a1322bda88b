"""Pages of the self-assessment (测评指标自评): a year's tree with an area's self-scores, the
form of a leaf's score and evidence, the printable table (测评指标自评表) and its .xlsx, and the
requests to start it and to pack its evidence by indicator."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.assessment import steps
from campaigns.assessment.forms import SelfScoreForm
from campaigns.assessment.models import AssessmentIndicator, ScoreEvidence, SelfScore
from campaigns.assessment.table import download_name, write_table
from campaigns.assessment.tree import EVIDENCE_RELATED, Assessment, load
from campaigns.coverage import year_range
from campaigns.creation.rules import may_write
from campaigns.creation.views import WriteRuleMixin
from campaigns.evidence.models import EvidencePack
from core import audit, params
from core.generic import ObjectUpdateView
from core.models import AuditAction
from core.scope import sees_all_communities
from ledgers.models import Community

VIEW = "campaigns.view_selfscore"


def area_of(request: HttpRequest, communities: list[Community]) -> Community | None:
    """The area asked for: `community=<id>` (one of the user's, else 404), `community=` the
    office's own; without it a user's first community, or the office for those who see all."""
    raw = request.POST.get("community") if request.method == "POST" else None
    if raw is None:
        raw = request.GET.get("community")
    if raw is None:
        if sees_all_communities(request.user) or not communities:
            return None
        return communities[0]
    if raw == "":
        if not communities and not sees_all_communities(request.user):
            raise Http404
        return None
    community = next((c for c in communities if str(c.pk) == raw), None)
    if community is None:
        raise Http404
    return community


def asked(request: HttpRequest) -> tuple[int, Community | None, list[Community]]:
    source = request.POST if request.method == "POST" else request.GET
    this_year = timezone.localdate().year
    year = params.year(source.get("year")) or this_year
    communities = list(Community.objects.for_user(request.user).order_by("code"))
    return year, area_of(request, communities), communities


def query(year: int, community: Community | None) -> str:
    return f"year={year}&community={community.pk if community else ''}"


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def assessment_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    year, community, communities = asked(request)
    assessment = load(user, year, community)
    area_id = community.pk if community else None
    years = sorted(
        set(AssessmentIndicator.objects.values_list("year", flat=True).distinct()) | {year}
    )
    context: dict[str, Any] = {
        "assessment": assessment,
        "year": year,
        "years": years,
        "community": community,
        "communities": communities,
        "sees_all": sees_all_communities(user),
        "query": query(year, community),
        "can_change": may_write(user, area_id, "campaigns.change_selfscore"),
        "can_start": assessment.missing_scores > 0
        and may_write(user, area_id, "campaigns.add_selfscore"),
        "can_pack": user.has_perm("campaigns.add_evidencepack")
        and (community is not None or sees_all_communities(user))
        and assessment.evidence_count > 0,
    }
    return render(request, "campaigns/assessment/assessment.html", context)


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def assessment_print(request: HttpRequest) -> HttpResponse:
    """测评指标自评表 as filed: one table on A4, the totals, who filled it in and checked it."""
    year, community, _communities = asked(request)
    assessment = load(request.user, year, community)
    return render(request, "campaigns/assessment/assessment_print.html", {"assessment": assessment})


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def assessment_xlsx(request: HttpRequest) -> HttpResponse:
    """The same table as an .xlsx (A4, titled, totals and the signature lines); logged."""
    year, community, _communities = asked(request)
    assessment: Assessment = load(request.user, year, community)
    with tempfile.TemporaryDirectory(prefix="assessment-") as folder:
        path = Path(folder) / "table.xlsx"
        write_table(path, assessment)
        content = path.read_bytes()
    name = download_name(assessment)
    audit.record(
        request,
        AuditAction.EXPORT,
        target=name,
        year=year,
        community=community.pk if community else None,
        rows=len(assessment.rows),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _attachment(name)
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"assessment.xlsx\"; filename*=UTF-8''{quote(name)}"


@require_POST
@login_required
@permission_required("campaigns.add_selfscore", raise_exception=True)
def assessment_start(request: HttpRequest) -> HttpResponse:
    """A score row for each leaf the area has none for (the self-assessment begun)."""
    year, community, _communities = asked(request)
    if not may_write(request.user, community.pk if community else None, "campaigns.add_selfscore"):
        raise PermissionDenied
    try:
        made = steps.start(year, community, request.user)
    except IntegrityError:  # begun by someone else meanwhile
        made = 0
    if made:
        messages.success(
            request, _("The self-assessment is ready: %(count)d items to score.") % {"count": made}
        )
    else:
        messages.info(request, _("Every item already has its self-score row."))
    return redirect(f"{reverse('campaigns:assessment')}?{query(year, community)}")


@require_POST
@login_required
@permission_required("campaigns.add_evidencepack", raise_exception=True)
def assessment_pack(request: HttpRequest) -> HttpResponse:
    """An evidence pack of the self-assessment, a folder per indicator (built like any pack)."""
    from campaigns.evidence.views import start

    year, community, _communities = asked(request)
    if community is None and not sees_all_communities(request.user):
        raise PermissionDenied  # the office's pack: those who see every community, as any pack
    first, last = year_range(year)
    pack = EvidencePack.objects.create(
        requested_by=request.user,  # type: ignore[misc]
        community=community,
        include_office_wide=True,
        period_start=first,
        period_end=last,
        indicators=[],
        assessment_year=year,
    )
    start(pack)
    pack.refresh_from_db()
    messages.info(request, _("The evidence pack by indicator was asked for."))
    return redirect(pack)


class SelfScoreUpdateView(WriteRuleMixin, ObjectUpdateView):
    model = SelfScore
    form_class = SelfScoreForm
    template_name = "campaigns/assessment/selfscore_form.html"
    success_message = _("The self-score was saved.")

    def get_queryset(self) -> QuerySet[Any]:
        links = ScoreEvidence.objects.select_related(*EVIDENCE_RELATED)
        return (
            super()
            .get_queryset()
            .select_related("indicator", "community")
            .prefetch_related(Prefetch("evidence", queryset=links))
        )

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())
