"""Who is told: the people holding a permission in a community, and those who see every
community. Each answer is one or two queries whatever the number of communities, so a
reminder rule stays a fixed number of queries over a county's records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.notices.people import holders
from ledgers.areas.models import Assignment

__all__ = ["Local", "all_seeing", "holders", "local"]

SEE_ALL = "ledgers.view_all_communities"


def all_seeing(perm: str) -> set[int]:
    """Those holding `perm` who see every community (leaders, the county)."""
    see_all = set(holders(SEE_ALL).values_list("pk", flat=True))
    return see_all & set(holders(perm).values_list("pk", flat=True))


@dataclass
class Local:
    """Who holds a permission where: those assigned to a community without grids are told of
    all its records; a grid worker assigned to some of its grids, of the records of those grids
    (and of the records that have no grid, which nobody else would be told of by grid)."""

    everyone: dict[int, set[int]] = field(default_factory=dict)  # community → users
    by_grid: dict[int, set[int]] = field(default_factory=dict)  # grid → users
    gridded: dict[int, set[int]] = field(default_factory=dict)  # community → users with grids

    def of(self, community: int, grid: int | None = None) -> set[int]:
        found = set(self.everyone.get(community, ()))
        if grid is None:
            return found | self.gridded.get(community, set())
        return found | self.by_grid.get(grid, set())


def local(perm: str, communities: Iterable[int]) -> Local:
    """Those holding `perm` assigned to each of `communities` (two queries)."""
    found = Local()
    wanted = set(communities)
    if not wanted:
        return found
    people = holders(perm).values("pk")
    rows = list(
        Assignment.objects.filter(user__in=people, community__in=wanted).values_list(
            "pk", "user_id", "community_id"
        )
    )
    grids: dict[int, list[int]] = defaultdict(list)
    through = Assignment.grids.through.objects.filter(assignment_id__in=[pk for pk, _u, _c in rows])
    for assignment_id, grid_id in through.values_list("assignment_id", "grid_id"):
        grids[assignment_id].append(grid_id)
    for pk, user_id, community_id in rows:
        if grids.get(pk):
            found.gridded.setdefault(community_id, set()).add(user_id)
            for grid_id in grids[pk]:
                found.by_grid.setdefault(grid_id, set()).add(user_id)
        else:
            found.everyone.setdefault(community_id, set()).add(user_id)
    return found
