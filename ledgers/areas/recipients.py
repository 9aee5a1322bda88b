"""Who is told: the people holding a permission in a community, and those who see every
community. Each answer is one or two queries whatever the number of communities, so a
reminder rule stays a fixed number of queries over a county's records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from core.notices.people import holders
from ledgers.areas.models import Assignment

__all__ = ["all_seeing", "holders", "in_communities"]

SEE_ALL = "ledgers.view_all_communities"


def all_seeing(perm: str) -> set[int]:
    """Those holding `perm` who see every community (leaders, the county)."""
    see_all = set(holders(SEE_ALL).values_list("pk", flat=True))
    return see_all & set(holders(perm).values_list("pk", flat=True))


def in_communities(perm: str, communities: Iterable[int]) -> dict[int, set[int]]:
    """For each community, those holding `perm` who are assigned to it."""
    found: dict[int, set[int]] = defaultdict(set)
    wanted = set(communities)
    if not wanted:
        return found
    people = holders(perm).values("pk")
    rows = Assignment.objects.filter(user__in=people, community__in=wanted)
    for user_id, community_id in rows.values_list("user_id", "community_id"):
        found[community_id].add(user_id)
    return found
