"""When an inspection plan's places are due: its periods (a month, a quarter, a year, the days
before a festival) and, for many plans at once, which places were inspected within them. The
coverage of any number of plans, places and inspections is four queries."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from lunar_python import Lunar

from casework.inspections.models import (
    Festival,
    FestivalDate,
    Frequency,
    Inspection,
    InspectionPlan,
)
from ledgers.models import Place


@dataclass(frozen=True)
class Period:
    """One period of a plan, first and last day included; `key` names it (2026-12, 2026-Q4,
    2026, 2026-spring) in notices and links."""

    key: str
    start: date
    end: date
    label: str

    def __str__(self) -> str:
        return self.label


def month_of(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(
        f"{day:%Y-%m}", day.replace(day=1), day.replace(day=last), f"{day.year}-{day.month:02d}"
    )


def quarter_of(day: date) -> Period:
    quarter = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * quarter - 2, 1)
    end = month_of(date(day.year, 3 * quarter, 1)).end
    label = _("%(year)d, quarter %(quarter)d") % {"year": day.year, "quarter": quarter}
    return Period(f"{day.year}-Q{quarter}", start, end, label)


def year_of(day: date) -> Period:
    return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))


def spring_festival(year: int) -> date:
    """春节: the first day of the first lunar month."""
    solar = Lunar.fromYmd(year, 1, 1).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


FestivalDays = dict[tuple[str, int], date]


def festival_days(years: Iterable[int]) -> FestivalDays:
    """(festival, year) → its day: as entered, and 春节 from the lunar calendar (one query)."""
    wanted = set(years)
    rows = FestivalDate.objects.filter(year__in=wanted).values_list("festival", "year", "day")
    days: FestivalDays = {(festival, year): day for festival, year, day in rows}
    for year in wanted:
        days.setdefault((Festival.SPRING.value, year), spring_festival(year))
    return days


def festival_windows(
    plan: InspectionPlan, years: Iterable[int], days: FestivalDays
) -> list[Period]:
    """The `days_before` days before each of the plan's festivals, eve included."""
    windows = []
    for year in years:
        for festival in plan.festivals:
            day = days.get((festival, year))
            if day is None or festival not in Festival.values:
                continue
            label = _("%(year)d %(festival)s") % {
                "year": year,
                "festival": Festival(festival).label,
            }
            start = day - timedelta(days=plan.days_before)
            windows.append(Period(f"{year}-{festival}", start, day - timedelta(days=1), label))
    return sorted(windows, key=lambda period: period.start)


def periods_of(
    plan: InspectionPlan, today: date, days: FestivalDays
) -> tuple[Period | None, Period | None]:
    """(the period `today` is in, the last one that ended before it), each only while the plan
    is active; none for a festival plan outside the days before a festival."""
    current: Period | None
    previous: Period | None
    if plan.frequency == Frequency.FESTIVALS:
        windows = festival_windows(plan, (today.year - 1, today.year, today.year + 1), days)
        current = next((w for w in windows if w.start <= today <= w.end), None)
        ended = [w for w in windows if w.end < today]
        previous = ended[-1] if ended else None
    else:
        of = {Frequency.MONTHLY: month_of, Frequency.QUARTERLY: quarter_of}.get(
            Frequency(plan.frequency), year_of
        )
        current = of(today)
        previous = of(current.start - timedelta(days=1))

    def active(period: Period | None) -> Period | None:
        if period is None or period.end < plan.active_from:
            return None
        if plan.active_to is not None and period.start > plan.active_to:
            return None
        return period

    return active(current), active(previous)


def missing_festival_dates(plan: InspectionPlan, today: date, days: FestivalDays) -> list[str]:
    """古尔邦节 2027 …: the festivals of the plan whose date this year or next is not entered."""
    if plan.frequency != Frequency.FESTIVALS:
        return []
    return [
        _("%(year)d %(festival)s") % {"year": year, "festival": Festival(festival).label}
        for year in (today.year, today.year + 1)
        for festival in plan.festivals
        if festival in Festival.values and (festival, year) not in days
    ]


@dataclass(frozen=True)
class PlaceDue:
    """A place of a plan, in one period: inspected within it (the latest such inspection) or
    not yet; past the period's end and not inspected, it is overdue."""

    plan: InspectionPlan
    place: Place
    period: Period
    inspected_on: date | None
    inspection_id: int | None
    today: date

    @property
    def done(self) -> bool:
        return self.inspected_on is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.period.end < self.today

    @property
    def days_left(self) -> int:
        return (self.period.end - self.today).days


@dataclass
class PlanCoverage:
    plan: InspectionPlan
    current: Period | None
    previous: Period | None
    due: list[PlaceDue] = field(default_factory=list)  # this period's places
    missed: list[PlaceDue] = field(default_factory=list)  # the last period's, not inspected

    @property
    def inspected(self) -> int:
        return sum(1 for item in self.due if item.done)

    @property
    def waiting(self) -> list[PlaceDue]:
        return [item for item in self.due if not item.done]


def covers(plan: InspectionPlan, place: Place) -> bool:
    """Place is one of the plan's (InspectionPlan.places_condition, in Python)."""
    if plan.community_id and place.community_id != plan.community_id:
        return False
    return place.pk == plan.place_id if plan.place_id else place.kind == plan.place_kind


def coverage(
    plans: Iterable[InspectionPlan],
    places: QuerySet[Place],
    inspections: QuerySet[Inspection],
    today: date,
) -> list[PlanCoverage]:
    """Each plan's places in its current and last period, and whether each was inspected
    within it: the places and their inspections are two queries, the festival dates a third
    when a plan is before festivals."""
    plans = list(plans)
    festive = any(plan.frequency == Frequency.FESTIVALS for plan in plans)
    days = festival_days((today.year - 1, today.year, today.year + 1)) if festive else {}
    found = [PlanCoverage(plan, *periods_of(plan, today, days)) for plan in plans]
    periods = [p for c in found for p in (c.current, c.previous) if p is not None]
    scheduled = [c.plan.places_condition() for c in found if c.current or c.previous]
    if not periods or not scheduled:
        return found
    chosen = places.filter(reduce(or_, scheduled))
    rows = list(chosen.select_related("community").order_by("community__code", "name", "pk"))
    seen: dict[int, list[tuple[date, int]]] = defaultdict(list)
    done = inspections.filter(
        place__in=chosen.values("pk"),
        inspected_on__gte=min(p.start for p in periods),
        inspected_on__lte=max(p.end for p in periods),
    ).order_by("-inspected_on", "-pk")
    for place_id, day, pk in done.values_list("place_id", "inspected_on", "pk"):
        seen[place_id].append((day, pk))
    for item in found:
        for place in rows:
            if not covers(item.plan, place):
                continue
            if item.current:
                item.due.append(_due(item.plan, place, item.current, seen, today))
            if item.previous:
                last = _due(item.plan, place, item.previous, seen, today)
                if not last.done:
                    item.missed.append(last)
    return found


def _due(
    plan: InspectionPlan,
    place: Place,
    period: Period,
    seen: dict[int, list[tuple[date, int]]],
    today: date,
) -> PlaceDue:
    within = [(day, pk) for day, pk in seen.get(place.pk, []) if period.start <= day <= period.end]
    day, pk = within[0] if within else (None, None)
    return PlaceDue(plan, place, period, day, pk, today)


def active_plans(plans: QuerySet[InspectionPlan], today: date) -> QuerySet[InspectionPlan]:
    """Plans begun by `today` and not ended more than a year before it (their last period may
    still be overdue)."""
    year_ago = today - timedelta(days=366)
    return plans.filter(
        Q(active_to__isnull=True) | Q(active_to__gte=year_ago), active_from__lte=today
    )


def for_user(user: Any, today: date, community: int | None = None) -> list[PlanCoverage]:
    """The coverage of the plans `user` sees, over the places and inspections they see (in one
    community, when given): at most four queries, one when there is no plan."""
    plans = active_plans(InspectionPlan.objects.for_user(user), today).select_related("place")
    places = Place.objects.for_user(user)
    if community is not None:
        plans = plans.filter(Q(community=community) | Q(community__isnull=True))
        places = places.filter(community=community)
    return coverage(plans, places, Inspection.objects.for_user(user), today)
