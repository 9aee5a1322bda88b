"""The leaders' dashboard's figures: one function per group of cards, each a few aggregate
queries (grouped in the database, never a loop over rows) over the rows the viewer may open.

A period is a calendar year or one of its quarters, first and last day included. Dates are kept
as the office's local dates (TIME_ZONE), so no conversion is needed. What is "now" (open and
overdue hazards, coverage, the list of what needs a leader) is counted as of today; what
happened (hazards found and closed, activities, applications) is counted within the period.
"""

from __future__ import annotations

import calendar as months
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import coverage
from campaigns.models import Activity, Target
from campaigns.targets.progress import TargetProgress, counted_shares, progress
from casework.models import (
    APPROVED_STATES,
    CLOSED_ON_TIME,
    AssistanceCase,
    CaseObjection,
    CaseState,
    Hazard,
    HazardLevel,
    HazardState,
    InsuranceScheme,
    overdue_condition,
)
from ledgers.codes import Ethnicity
from ledgers.models import (
    MINORITY_CODES,
    Community,
)
from reports.dashboard import tally

NEEDS_SHOWN = 10  # items of each kind in the list of what needs a leader now
# 民族 codes that are groups: 01 汉族 and the minorities (97 其他 and 98 外国血统 are not).
GROUP_CODES = {Ethnicity.HAN.value, *MINORITY_CODES}


@dataclass(frozen=True)
class Period:
    """A calendar year, or one of its quarters (1–4)."""

    year: int
    quarter: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2 if self.quarter else 1, 1)

    @property
    def end(self) -> date:
        month = 3 * self.quarter if self.quarter else 12
        return date(self.year, month, months.monthrange(self.year, month)[1])

    @property
    def range(self) -> tuple[date, date]:
        return self.start, self.end

    def months(self) -> list[tuple[date, date]]:
        """The first and last day of each month of the period."""
        first = self.start.month
        return [
            (date(self.year, m, 1), date(self.year, m, months.monthrange(self.year, m)[1]))
            for m in range(first, self.end.month + 1)
        ]

    def __str__(self) -> str:
        if self.quarter:
            return _("%(year)d, quarter %(quarter)d") % {"year": self.year, "quarter": self.quarter}
        return _("%(year)d, whole year") % {"year": self.year}


@dataclass(frozen=True)
class Scope:
    """The viewer, and the one community looked at (None: every community they may see)."""

    user: Any
    community_id: int | None = None
    # The communities' kept counts, read once a year asked for (reports/dashboard/tally.py).
    _kept: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def rows(self, queryset: Any, path: str = "community") -> Any:
        """`queryset`'s rows the viewer may open, of the chosen community if there is one."""
        rows = queryset.for_user(self.user)
        if self.community_id is not None:
            rows = rows.filter(**{path: self.community_id})
        return rows.order_by()

    def tallies(self, year: int) -> dict[int, tally.Figures]:
        """The kept counts of `year` of each community in the scope, by community."""
        if year not in self._kept:
            ids = self.rows(Community.objects, "pk").values_list("pk", flat=True)
            self._kept[year] = tally.tallies(ids, year)
        return cast(dict[int, tally.Figures], self._kept[year])


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal; None when there is no whole."""
    return coverage.rate(part, whole)


def _tally(rows: Any, *keys: str) -> dict[Any, int]:
    counts: dict[Any, int] = defaultdict(int)
    for row in rows:
        counts[tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]] += row["n"]
    return counts


# ---- people ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    residents: int
    minority: int
    groups: int
    by_ethnicity: list[tuple[str, str, int]]  # minority code, name, residents: most first
    by_community: dict[int, tuple[int, int]]  # community → residents, minority residents
    minority_floating: int

    @property
    def minority_share(self) -> Decimal | None:
        return share(self.minority, self.residents)


def people(scope: Scope, year: int) -> People:
    """Residents on the register (在册) by community and ethnicity, and the minority ones among
    them with a floating-population record still open (no date of leaving): from the kept
    counts (the same for every year)."""
    by_code: dict[str, int] = defaultdict(int)
    by_community: dict[int, tuple[int, int]] = {}
    floating = 0
    for pk, counted in scope.tallies(year).items():
        ethnicity = counted["ethnicity"]
        for code, n in ethnicity.items():
            by_code[code] += n
        by_community[pk] = (
            sum(ethnicity.values()),
            sum(n for code, n in ethnicity.items() if code in MINORITY_CODES),
        )
        floating += counted["minority_floating"]
    names = dict(Ethnicity.choices)
    minority = {code: n for code, n in by_code.items() if code in MINORITY_CODES}
    return People(
        residents=sum(by_code.values()),
        minority=sum(minority.values()),
        groups=sum(1 for code, n in by_code.items() if code in GROUP_CODES and n),
        by_ethnicity=sorted(
            ((code, names.get(code, code), n) for code, n in minority.items()),
            key=lambda item: (-item[2], item[0]),
        ),
        by_community=by_community,
        minority_floating=floating,
    )


# ---- hazards ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hazards:
    found: int  # found in the period
    open: int  # not closed, now
    overdue: int  # open and past the deadline, now
    major_open: int  # 重大隐患 not closed, now
    closed: int  # closed in the period
    closed_on_time: int  # … on or before the deadline
    under_review: int  # 待复查, now
    extension_requests: int  # waiting for a decision, now
    found_by_category_state: dict[tuple[str, str], int]  # found in the period
    open_by_community: dict[int, int]

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.closed_on_time, self.closed)


def hazards(scope: Scope, period: Period, today: date | None = None) -> Hazards:
    """Every hazard figure in one query, grouped by community, state, category and level."""
    closed_in = Q(state=HazardState.CLOSED, closed_on__range=period.range)
    rows = list(
        scope.rows(Hazard.objects)
        .values("community_id", "state", "category", "level")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue_condition(today)),
            found=Count("pk", filter=Q(found_on__range=period.range)),
            closed=Count("pk", filter=closed_in),
            on_time=Count("pk", filter=closed_in & CLOSED_ON_TIME),
            extension=Count("pk", filter=Q(extension_requested_to__isnull=False)),
        )
    )
    open_rows = [row for row in rows if row["state"] != HazardState.CLOSED]
    found: dict[tuple[str, str], int] = defaultdict(int)
    open_by_community: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["found"]:
            found[(row["category"], row["state"])] += row["found"]
    for row in open_rows:
        open_by_community[row["community_id"]] += row["n"]
    return Hazards(
        found=sum(row["found"] for row in rows),
        open=sum(row["n"] for row in open_rows),
        overdue=sum(row["overdue"] for row in rows),
        major_open=sum(row["n"] for row in open_rows if row["level"] == HazardLevel.MAJOR),
        closed=sum(row["closed"] for row in rows),
        closed_on_time=sum(row["on_time"] for row in rows),
        under_review=sum(row["n"] for row in rows if row["state"] == HazardState.UNDER_REVIEW),
        extension_requests=sum(row["extension"] for row in rows),
        found_by_category_state=dict(found),
        open_by_community=dict(open_by_community),
    )


# ---- activities and targets ------------------------------------------------------------------


@dataclass(frozen=True)
class Activities:
    held: int
    participants: int
    minority_participants: int
    by_month_kind: dict[tuple[int, str], int]
    by_community: dict[int | None, int]  # None: the office's own (全办)
    year: dict[tuple[int | None, int, str], int]  # the whole year's: (community, year, kind) → n

    def by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = defaultdict(int)
        for (_month, kind), n in self.by_month_kind.items():
            kinds[kind] += n
        return dict(kinds)


class MonthOf(ExtractMonth):
    """The month of a date, which SQLite works out itself (strftime) rather than through the
    Python function Django registers, called once a row."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%m', {sql}) AS INTEGER)", params


def activities(scope: Scope, period: Period) -> Activities:
    """Activities held in the period's year by community, kind and month, in one query; the
    period's figures are its months', and the year's counts serve its targets too. With no
    community chosen the office's own activities count too; with one, only that community's."""
    year = Period(period.year)
    rows = list(
        scope.rows(Activity.objects)
        .filter(held_on__range=year.range)
        .values("community_id", "kind", month=MonthOf("held_on"))
        .annotate(
            n=Count("pk"),
            people=Sum("participants", default=0),
            minority=Sum("minority_participants", default=0),
        )
    )
    months = {first.month for first, _last in period.months()}
    held = [row for row in rows if row["month"] in months]
    return Activities(
        held=sum(row["n"] for row in held),
        participants=sum(row["people"] for row in held),
        minority_participants=sum(row["minority"] for row in held),
        by_month_kind=dict(_tally(held, "month", "kind")),
        by_community=dict(_tally(held, "community_id")),
        year={
            (community, period.year, kind): n
            for (community, kind), n in _tally(rows, "community_id", "kind").items()
        },
    )


def targets(
    scope: Scope,
    year: int,
    households: Households | None = None,
    activities: Activities | None = None,
) -> list[TargetProgress]:
    """The year's targets and how far each is (campaigns.targets.progress: at most six queries,
    fewer where the households and activities counted for the cards give the numbers). With a
    community chosen, that community's targets; else the office's and every community's."""
    rows = scope.rows(Target.objects).filter(year=year).select_related("community")
    return progress(
        rows.order_by("community__code", "indicator", "activity_kind", "pk"),
        scope.user,
        shares=counted_shares(year, households.counts) if households is not None else None,
        activities=activities.year if activities is not None else None,
    )


# ---- assistance and insurance ----------------------------------------------------------------


@dataclass(frozen=True)
class Assistance:
    by_kind_state: dict[tuple[str, str], int]  # cases applied for in the period, drafts too

    def applications(self, kind: str | None = None) -> int:
        """Applications helped (past their draft), of one kind or all."""
        return sum(
            n
            for (k, state), n in self.by_kind_state.items()
            if state != CaseState.DRAFT and kind in (None, k)
        )

    def approvals(self, kind: str | None = None) -> int:
        """Of those, the approved ones (已批准, and the states only an approval leads to)."""
        return sum(
            n
            for (k, state), n in self.by_kind_state.items()
            if state in APPROVED_STATES and kind in (None, k)
        )

    def kinds(self) -> list[str]:
        return sorted({kind for kind, _state in self.by_kind_state})


def assistance(scope: Scope, period: Period) -> Assistance:
    """Cases applied for in the period by kind and state: counts only, never amounts (so the
    county, without the details permission, may see them). One query."""
    rows = (
        scope.rows(AssistanceCase.objects)
        .filter(applied_on__range=period.range)
        .values("kind", "state")
        .annotate(n=Count("pk"))
    )
    return Assistance(by_kind_state=dict(_tally(rows, "kind", "state")))


@dataclass(frozen=True)
class Enrolment:
    """Residents covered under a scheme in a year, and those who should be and are not."""

    scheme: str
    covered: int
    gap: int

    @property
    def rate(self) -> Decimal | None:
        return share(self.covered, self.covered + self.gap)


def insurance(scope: Scope, year: int) -> list[Enrolment]:
    """The enrolment rate of each scheme: residents on the register with a covering row for
    the year (已参保 or 已在其他渠道参保), of those plus the gap list (casework should_enrol), from
    the kept counts. Medical insurance is for everyone on the register, so its gap is those
    without a covering row; pension insurance has its own rule of age and study."""
    medical, pension = InsuranceScheme.MEDICAL, InsuranceScheme.PENSION
    kept = scope.tallies(year).values()
    covered = {s: sum(c["covered"].get(s, 0) for c in kept) for s in (medical, pension)}
    everyone = sum(sum(c["ethnicity"].values()) for c in kept)
    return [
        Enrolment(medical, covered[medical], everyone - covered[medical]),
        Enrolment(pension, covered[pension], sum(c["pension_gap"] for c in kept)),
    ]


# ---- households and their coverage ----------------------------------------------------------


@dataclass(frozen=True)
class CoverageCount:
    covered: int
    of: int

    @property
    def rate(self) -> Decimal | None:
        return share(self.covered, self.of)


@dataclass(frozen=True)
class Households:
    households: int
    hardship: int
    visits: CoverageCount  # minority households visited in the year
    anti_fraud: CoverageCount  # households with the anti-fraud app installed
    # by community: households, hardship, installed, installed_by_year_end, minority, visited
    counts: dict[int, dict[str, int]] = field(default_factory=dict)


def households(scope: Scope, year: int) -> Households:
    """Households, hardship households, and visit and anti-fraud coverage by the rules of
    campaigns.visits.coverage and campaigns.antifraud.coverage, by community, from the kept
    counts. The app counts as installed now for the card, and by the end of `year` for the
    targets."""
    keys = ("households", "hardship", "installed", "installed_by_year_end", "minority", "visited")
    counts = {pk: {k: c[k] for k in keys} for pk, c in scope.tallies(year).items()}
    total = {k: sum(row[k] for row in counts.values()) for k in keys}
    return Households(
        households=total["households"],
        hardship=total["hardship"],
        visits=CoverageCount(total["visited"], total["minority"]),
        anti_fraud=CoverageCount(total["installed"], total["households"]),
        counts=counts,
    )


# ---- what needs a leader now -----------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    reviews: list[Hazard]
    extensions: list[Hazard]
    overdue: list[Hazard]  # the longest overdue first
    objections: list[CaseObjection]  # unresolved 公示 objections, oldest first
    more_objections: bool  # more than NEEDS_SHOWN


def needs(scope: Scope, today: date | None = None) -> Needs:
    """The first few of each kind (their totals are in the other figures): two queries, one
    for the hazards of the three lists together, one for the objections."""
    hazards = scope.rows(Hazard.objects)
    first = {
        "reviews": hazards.filter(state=HazardState.UNDER_REVIEW).order_by("pk"),
        "extensions": hazards.filter(extension_requested_to__isnull=False).order_by(
            F("deadline").asc(nulls_last=True), "pk"
        ),
        "overdue": hazards.overdue(today).order_by("deadline", "pk"),
    }
    wanted = Q()
    for rows in first.values():
        wanted |= Q(pk__in=rows.values("pk")[:NEEDS_SHOWN])
    fetched = list(scope.rows(Hazard.objects).filter(wanted).select_related("community"))
    # Each list's first few are all fetched; the others fetched sort after them.
    last = date.max
    objections = list(
        scope.rows(CaseObjection.objects, "case__community")
        .filter(resolved_on__isnull=True)
        .select_related("case__applicant", "case__community")
        .order_by("received_on", "pk")[: NEEDS_SHOWN + 1]
    )
    return Needs(
        reviews=sorted(
            (h for h in fetched if h.state == HazardState.UNDER_REVIEW), key=lambda h: h.pk
        )[:NEEDS_SHOWN],
        extensions=sorted(
            (h for h in fetched if h.extension_requested_to),
            key=lambda h: (h.deadline or last, h.pk),
        )[:NEEDS_SHOWN],
        overdue=sorted(
            (h for h in fetched if h.days_overdue(today) > 0), key=lambda h: (h.deadline, h.pk)
        )[:NEEDS_SHOWN],
        objections=objections[:NEEDS_SHOWN],
        more_objections=len(objections) > NEEDS_SHOWN,
    )


def years_with_data(user: Any) -> list[int]:
    """The years from the viewer's first to their last hazard found, activity held or
    assistance applied for, and this year: newest first. One query of minimums and maximums
    (by community, which every table has an index on)."""

    def span(queryset: Any, field_name: str) -> Any:
        return (
            queryset.for_user(user)
            .order_by()
            .values("community_id")
            .annotate(first=Min(field_name), last=Max(field_name))
            .values_list("first", "last")
        )

    spans = span(Hazard.objects, "found_on").union(
        span(Activity.objects, "held_on"), span(AssistanceCase.objects, "applied_on"), all=True
    )
    this_year = timezone.localdate().year
    firsts, lasts = zip(*spans, strict=True) if spans else ((), ())
    first = min((d.year for d in firsts if d), default=this_year)
    last = max((d.year for d in lasts if d), default=this_year)
    return list(range(max(last, this_year), min(first, this_year) - 1, -1))
