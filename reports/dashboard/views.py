"""The leaders' dashboard page for the filter's year, quarter and community (forms.py): the
cards (each number a link to the rows behind it), the charts' data and the list of what needs
a leader now."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.creation import status
from campaigns.creation.models import Demonstration
from casework.inspections import schedule
from casework.models import AssistanceKind, CaseState, HazardLevel, HazardState, InsuranceScheme
from ledgers.models import Community, Transfer, TransferState
from ledgers.moves import transfers
from reports.access import DASHBOARD_PERMISSION
from reports.dashboard import charts, figures
from reports.dashboard.forms import DashboardFilter
from reports.drilldown import between, list_url


@dataclass(frozen=True)
class Figure:
    """A number on a card, what it is, and the list of the rows behind it."""

    key: str
    label: str
    value: Any
    url: str | None = None
    rows: int | None = None  # the count the linked list shows; None: the link is a wider view
    hint: str = ""
    alert: bool = False


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    icon: str
    figures: list[Figure]


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _people(p: figures.People, h: figures.Households, where: dict[str, Any]) -> Card:
    return Card(
        "people",
        _("People"),
        "people",
        [
            Figure(
                "residents",
                _("Residents"),
                p.residents,
                list_url("ledgers:resident_list", **where),
                p.residents,
            ),
            Figure(
                "households",
                _("Households"),
                h.households,
                list_url("ledgers:household_list", **where),
                h.households,
            ),
            Figure(
                "minority",
                _("Minority residents"),
                p.minority,
                list_url("ledgers:minority_ledger", **where),
                p.minority,
                hint=_("%(share)s of residents") % {"share": percent(p.minority_share)},
            ),
            Figure(
                "groups",
                _("Ethnic groups"),
                p.groups,
                list_url("ledgers:resident_list", sort="ethnicity", **where),
            ),
            Figure(
                "minority_floating",
                _("Minority floating residents"),
                p.minority_floating,
                list_url("ledgers:minority_floating_ledger", present="yes", **where),
                p.minority_floating,
            ),
            Figure(
                "hardship",
                _("Hardship households"),
                h.hardship,
                list_url("ledgers:household_list", hardship="true", **where),
                h.hardship,
            ),
        ],
    )


def _hazards(h: figures.Hazards, period: figures.Period, where: dict[str, Any]) -> Card:
    hazard_list = "casework:hazard_list"
    found = between("found_on", period.start, period.end)
    closed = {"state": HazardState.CLOSED, **between("closed_on", period.start, period.end)}
    return Card(
        "hazards",
        _("Hazards"),
        "exclamation-triangle",
        [
            Figure(
                "hazards_found",
                _("Found this period"),
                h.found,
                list_url(hazard_list, **found, **where),
                h.found,
            ),
            Figure(
                "hazards_open",
                _("Open now"),
                h.open,
                list_url(hazard_list, open="yes", **where),
                h.open,
            ),
            Figure(
                "hazards_overdue",
                _("Overdue now"),
                h.overdue,
                list_url(hazard_list, overdue="yes", sort="deadline", **where),
                h.overdue,
                alert=h.overdue > 0,
            ),
            Figure(
                "hazards_major",
                _("Major hazards open"),
                h.major_open,
                list_url(hazard_list, level=HazardLevel.MAJOR, open="yes", **where),
                h.major_open,
                alert=h.major_open > 0,
            ),
            Figure(
                "hazards_closed",
                _("Closed this period"),
                h.closed,
                list_url(hazard_list, **closed, **where),
                h.closed,
            ),
            Figure(
                "hazards_on_time",
                _("Closed on time"),
                h.closed_on_time,
                list_url(hazard_list, on_time="yes", **closed, **where),
                h.closed_on_time,
                hint=_("%(share)s of those closed") % {"share": percent(h.on_time_share)},
            ),
        ],
    )


def _activities(
    a: figures.Activities,
    progress: list[Any],
    period: figures.Period,
    where: dict[str, Any],
) -> Card:
    met = sum(1 for p in progress if p.met)
    return Card(
        "activities",
        _("Activities"),
        "calendar-event",
        [
            Figure(
                "activities",
                _("Activities this period"),
                a.held,
                list_url(
                    "campaigns:activity_list",
                    **between("held_on", period.start, period.end),
                    **where,
                ),
                a.held,
                hint=_("%(people)s participants, %(minority)s of a minority")
                % {"people": a.participants, "minority": a.minority_participants},
            ),
            Figure(
                "targets_met",
                _("Targets met this year"),
                f"{met} / {len(progress)}" if progress else "—",
                list_url("campaigns:target_list", year=period.year, **where),
                hint=_("Activities of the whole year count towards a target."),
            ),
        ],
    )


def _assistance(a: figures.Assistance, period: figures.Period, where: dict[str, Any]) -> Card:
    applied = between("applied_on", period.start, period.end)
    listed = "casework:assistance_list"
    kinds = [
        Figure(
            f"assistance_{kind}",
            str(AssistanceKind(kind).label),
            a.applications(kind),
            list_url(listed, kind=kind, applied="yes", **applied, **where),
            a.applications(kind),
            hint=_("%(n)s approved") % {"n": a.approvals(kind)},
        )
        for kind in a.kinds()
        if a.applications(kind)
    ]
    return Card(
        "assistance",
        _("Assistance"),
        "heart",
        [
            Figure(
                "assistance_applied",
                _("Applications helped"),
                a.applications(),
                list_url(listed, applied="yes", **applied, **where),
                a.applications(),
            ),
            Figure(
                "assistance_approved",
                _("Approved"),
                a.approvals(),
                list_url(listed, approved="yes", **applied, **where),
                a.approvals(),
            ),
            *kinds,
        ],
    )


def _insurance(rates: list[figures.Enrolment], year: int, where: dict[str, Any]) -> Card:
    names = {
        InsuranceScheme.MEDICAL: _("Medical insurance"),
        InsuranceScheme.PENSION: _("Pension insurance"),
    }
    # Each gap tile names its scheme: two tiles both reading 应参未参 were taken for one.
    gaps = {
        InsuranceScheme.MEDICAL: _("Medical insurance: not yet insured"),
        InsuranceScheme.PENSION: _("Pension insurance: not yet insured"),
    }
    shown = []
    for rate in rates:
        params = {"scheme": rate.scheme, "year": year, **where}
        shown += [
            Figure(
                f"{rate.scheme}_rate",
                names[InsuranceScheme(rate.scheme)],
                percent(rate.rate),
                list_url(
                    "casework:insuranceenrolment_list", covered="yes", on_register="yes", **params
                ),
                rate.covered,
                hint=_("%(covered)s covered") % {"covered": rate.covered},
            ),
            Figure(
                f"{rate.scheme}_gap",
                gaps[InsuranceScheme(rate.scheme)],
                rate.gap,
                list_url("casework:insurance_gaps", **params),
                rate.gap,
                alert=rate.gap > 0,
            ),
        ]
    return Card("insurance", _("Insurance enrolment %(year)s") % {"year": year}, "shield", shown)


def _coverage(c: figures.Households, year: int, where: dict[str, Any]) -> Card:
    return Card(
        "coverage",
        _("Visits and anti-fraud"),
        "house-check",
        [
            Figure(
                "visit_coverage",
                _("Minority households visited in %(year)s") % {"year": year},
                percent(c.visits.rate),
                list_url("campaigns:visit_coverage", year=year, **where),
                hint=_("%(covered)s of %(of)s") % {"covered": c.visits.covered, "of": c.visits.of},
            ),
            Figure(
                "anti_fraud_coverage",
                _("Households with the anti-fraud app"),
                percent(c.anti_fraud.rate),
                list_url("campaigns:anti_fraud_coverage", **where),
                hint=_("%(covered)s of %(of)s")
                % {"covered": c.anti_fraud.covered, "of": c.anti_fraud.of},
            ),
        ],
    )


def _transfers(user: Any, community_id: int | None, where: dict[str, Any]) -> Card:
    """Transfers waiting for the receiving community, and those not answered within 5 working
    days (one query)."""
    waiting = Transfer.objects.for_user(user).filter(state=TransferState.PROPOSED)
    if community_id is not None:
        waiting = waiting.filter(Q(from_community=community_id) | Q(to_community=community_id))
    late = Q(proposed_at__lt=transfers.overdue_before(timezone.localdate()))
    counts = waiting.aggregate(waiting=Count("pk"), overdue=Count("pk", filter=late))
    listed = "ledgers:transfer_list"
    return Card(
        "transfers",
        _("Transfers between communities"),
        "arrow-left-right",
        [
            Figure(
                "transfers_waiting",
                _("Waiting for an answer"),
                counts["waiting"],
                list_url(listed, state=TransferState.PROPOSED, **where),
                counts["waiting"],
            ),
            Figure(
                "transfers_overdue",
                _("Not answered in 5 working days"),
                counts["overdue"],
                list_url(listed, state=TransferState.PROPOSED, overdue="yes", **where),
                counts["overdue"],
                alert=counts["overdue"] > 0,
            ),
        ],
    )


def _plans(user: Any, community_id: int | None, today: Any, where: dict[str, Any]) -> Card:
    """This period's planned inspections (each plan's month, quarter, year or the days before a
    festival): inspected of those due, and those missed in the last period (four queries)."""
    found = schedule.for_user(user, today, community_id)
    due = sum(len(c.due) for c in found)
    inspected = sum(c.inspected for c in found)
    missed = sum(len(c.missed) for c in found)
    gaps = "casework:inspectionplan_gaps"
    return Card(
        "plans",
        _("Planned inspections"),
        "clipboard-check",
        [
            Figure(
                "plans_inspected",
                _("Inspected this period"),
                f"{inspected} / {due}" if due else "—",
                list_url(gaps, **where),
                hint=_("%(waiting)s not yet inspected") % {"waiting": due - inspected},
            ),
            Figure(
                "plans_missed",
                _("Missed last period"),
                missed,
                list_url(gaps, overdue="yes", **where),
                alert=missed > 0,
            ),
        ],
    )


@dataclass(frozen=True)
class Titles:
    """The demonstration titles' tile (示范创建): the office's own and each community's."""

    rows: list[Demonstration]
    url: str  # the creation file's list of them


def _titles(user: Any, community_id: int | None, where: dict[str, Any]) -> Titles:
    """The titles as they stand (one query): the office's and every community's the viewer
    may see, or, with a community chosen, the office's and that community's."""
    rows = [
        title
        for title in status.current_titles(user)
        if community_id is None or title.community_id in (None, community_id)
    ]
    return Titles(rows, list_url("campaigns:demonstration_list", **where))


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    """Everything the page shows, for the filter in the request's query string."""
    user = request.user
    today = timezone.localdate()
    communities = list(Community.objects.for_user(user).order_by("code"))
    form = DashboardFilter(
        request.GET or None, years=figures.years_with_data(user), communities=communities
    )
    period = figures.Period(form.value("year", today.year), form.value("quarter", None) or None)
    community_id = form.value("community", None) or None
    scope = figures.Scope(user, community_id)
    where = {"community": community_id}
    if community_id is not None:
        communities = [c for c in communities if c.pk == community_id]
    perms = {
        "people": user.has_perm("ledgers.view_resident"),
        "hazards": user.has_perm("casework.view_hazard"),
        "activities": user.has_perm("campaigns.view_activity"),
        "assistance": user.has_perm("casework.view_assistancecase"),
        "insurance": user.has_perm("casework.view_insuranceenrolment"),
        "coverage": user.has_perm("campaigns.view_visit"),
    }
    cards: list[Card] = []
    data: dict[str, Any] = {}
    households = None
    if perms["people"]:
        data["people"] = people = figures.people(scope, period.year)
        households = figures.households(scope, period.year)
        cards.append(_people(people, households, where))
    if perms["hazards"]:
        data["hazards"] = hazards = figures.hazards(scope, period, today)
        cards.append(_hazards(hazards, period, where))
    if perms["activities"]:
        data["activities"] = activities = figures.activities(scope, period)
        data["targets"] = progress = figures.targets(scope, period.year, households, activities)
        cards.append(_activities(activities, progress, period, where))
    if perms["assistance"]:
        data["assistance"] = assistance = figures.assistance(scope, period)
        cards.append(_assistance(assistance, period, where))
    if perms["insurance"]:
        rates = figures.insurance(scope, period.year)
        cards.append(_insurance(rates, period.year, where))
    if households is not None and perms["coverage"]:
        cards.append(_coverage(households, period.year, where))
    if user.has_perm("ledgers.view_transfer"):
        cards.append(_transfers(user, community_id, where))
    if user.has_perm("casework.view_inspectionplan"):
        cards.append(_plans(user, community_id, today, where))
    titles = None
    if user.has_perm("campaigns.view_demonstration"):
        titles = _titles(user, community_id, where)
    needs = figures.needs(scope, today) if perms["hazards"] and perms["assistance"] else None
    drawn = charts.build(data, communities, period, where)
    return {
        "form": form,
        "period": period,
        "community": communities[0] if community_id is not None and communities else None,
        "cards": cards,
        "titles": titles,
        "figures": {figure.key: figure for card in cards for figure in card.figures},
        "charts": drawn,
        # Each chart's data as a table, read by screen readers and opened on demand.
        "chart_tables": [(key, chart, charts.table(chart)) for key, chart in drawn.items()],
        "needs": needs,
        "hazards": data.get("hazards"),
        "needs_links": {
            "reviews": list_url("casework:hazard_list", state=HazardState.UNDER_REVIEW, **where),
            "extensions": list_url("casework:hazard_list", extension="yes", **where),
            "overdue": list_url("casework:hazard_list", overdue="yes", sort="deadline", **where),
            "objections": list_url("casework:assistance_list", state=CaseState.PUBLICITY, **where),
        },
    }


@login_required
@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/dashboard.html", dashboard_context(request))
