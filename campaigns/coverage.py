"""Coverage of households: the anti-fraud app (反诈APP覆盖率) and visits to minority households
(少数民族户走访率), by community and by grid, each in one aggregate query.

Every function takes the households to count (the caller scopes them:
`Household.objects.for_user(user)`, maybe filtered further), so the numbers honour the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import Count, Q, QuerySet

from campaigns.models import AntiFraudCoverage, AntiFraudStatus, Visit
from core.scope import ScopedQuerySet
from core.sets import among, not_among
from ledgers.models import HouseholdQuerySet


def installations(by: date | None = None) -> ScopedQuerySet:
    """The households' answers that count as covered: 已安装 (recorded by the day `by`)."""
    rows = AntiFraudCoverage.objects.filter(status=AntiFraudStatus.INSTALLED)
    return cast(ScopedQuerySet, rows.filter(recorded_by(by)) if by is not None else rows)


def recorded_by(day: date) -> Q:
    """An installation (the outer row) counts from the day it is recorded."""
    return Q(recorded_on__lte=day)


def installed(by: date | None = None) -> Q:
    """The household (the outer row) has the anti-fraud app installed (by the day `by`)."""
    return among(installations(by), "household_id")


def year_range(year: int) -> tuple[date, date]:
    """The first and last day of a calendar year: both count, the next 1 January does not.
    Dates are kept as the office's local dates (TIME_ZONE), so no conversion is needed."""
    return date(year, 1, 1), date(year, 12, 31)


def rate(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal (85.7); None when there is nothing to cover."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class CoverageRow:
    """Households of a community (or of one of its grids) and how many of them are covered."""

    community_id: int | None
    community: str
    grid_id: int | None
    grid: str  # empty for a community row, and for the households not in any grid
    households: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.households - self.covered

    @property
    def rate(self) -> Decimal | None:
        return rate(self.covered, self.households)


@dataclass(frozen=True)
class Coverage:
    """Coverage by community and by grid, in the communities' and grids' code order."""

    communities: list[CoverageRow]
    grids: list[CoverageRow]

    @property
    def total(self) -> CoverageRow:
        return CoverageRow(
            community_id=None,
            community="",
            grid_id=None,
            grid="",
            households=sum(row.households for row in self.communities),
            covered=sum(row.covered for row in self.communities),
        )


def _rows(households: HouseholdQuerySet, covered: Any, *, by_grid: bool) -> list[CoverageRow]:
    fields = ["community_id", "community__name", "community__code"]
    if by_grid:
        fields += ["grid_id", "grid__name", "grid__code"]
    rows = (
        households.order_by()
        .values(*fields)
        .annotate(
            households=Count("pk", distinct=True),
            covered=Count("pk", filter=covered, distinct=True),
        )
        # Households without a grid come last on PostgreSQL, first on SQLite.
        .order_by(*(["community__code", "grid__code"] if by_grid else ["community__code"]))
    )
    return [
        CoverageRow(
            community_id=row["community_id"],
            community=row["community__name"],
            grid_id=row.get("grid_id"),
            grid=row.get("grid__name") or "",
            households=row["households"],
            covered=row["covered"],
        )
        for row in rows
    ]


def _coverage(households: HouseholdQuerySet, covered: Any) -> Coverage:
    return Coverage(
        communities=_rows(households, covered, by_grid=False),
        grids=_rows(households, covered, by_grid=True),
    )


# ---- the anti-fraud app ----------------------------------------------------------------------


def anti_fraud_rates(households: HouseholdQuerySet) -> Coverage:
    """Households that installed the anti-fraud app, of all households (two queries).

    A refusal, like a household not asked yet, is not covered."""
    return _coverage(households, installed())


def not_covered(households: HouseholdQuerySet) -> HouseholdQuerySet:
    """The households without the app installed: not asked yet, or refused."""
    return households.filter(not_among(installations(), "household_id"))


# ---- visits to minority households -----------------------------------------------------------


def visits_in(year: int) -> QuerySet[Visit]:
    return Visit.objects.filter(visited_on__range=year_range(year))


def visited_in(year: int) -> Q:
    """The household (the outer row) was visited in the calendar year: the set of the year's
    visited households is read once from an index (visited_on, household) and looked up."""
    return among(visits_in(year), "household_id")


def visit_coverage(households: HouseholdQuerySet, year: int) -> Coverage:
    """Minority households (at least one minority resident on the register) visited at least
    once in the calendar year `year`, of all minority households (two queries)."""
    return _coverage(households.minority(), visited_in(year))


def unvisited(households: HouseholdQuerySet, year: int) -> HouseholdQuerySet:
    """The minority households not visited in the calendar year `year`."""
    return households.minority().filter(not_among(visits_in(year), "household_id"))
