"""Coverage of households (走访覆盖, 反诈APP覆盖率), by community and by grid, each in one aggregate
query: the rows and rates the visits and the anti-fraud app share, and calendar years.

Each area says what covers a household (campaigns.visits.coverage, campaigns.antifraud.coverage)
and takes the households to count (the caller scopes them: `Household.objects.for_user(user)`,
maybe filtered further), so the numbers honour the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from ledgers.models import HouseholdQuerySet


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


def count_coverage(households: HouseholdQuerySet, covered: Any) -> Coverage:
    """Coverage of `households` by community and by grid, `covered` saying which count (a Q of
    the household as the outer row)."""
    return Coverage(
        communities=_rows(households, covered, by_grid=False),
        grids=_rows(households, covered, by_grid=True),
    )
