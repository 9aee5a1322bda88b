"""Visit coverage (少数民族户走访率): minority households visited at least once in a calendar
year, by community and grid (campaigns.coverage), and those not visited yet."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from campaigns.coverage import Coverage, count_coverage, year_range
from campaigns.visits.models import Visit
from core.sets import among, not_among
from ledgers.models import HouseholdQuerySet


def visits_in(year: int) -> QuerySet[Visit]:
    return Visit.objects.filter(visited_on__range=year_range(year))


def visited_in(year: int) -> Q:
    """The household (the outer row) was visited in the calendar year: the set of the year's
    visited households is read once from an index (visited_on, household) and looked up."""
    return among(visits_in(year), "household_id")


def visit_coverage(households: HouseholdQuerySet, year: int) -> Coverage:
    """Minority households (at least one minority resident on the register) visited at least
    once in the calendar year `year`, of all minority households (two queries)."""
    return count_coverage(households.minority(), visited_in(year))


def unvisited(households: HouseholdQuerySet, year: int) -> HouseholdQuerySet:
    """The minority households not visited in the calendar year `year`."""
    return households.minority().filter(not_among(visits_in(year), "household_id"))
