"""Households as the visit and anti-fraud pages find and list them: the picker above their forms
(by number, address or a member's name) and the head of household beside each."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest

from ledgers.codes import RelationToHead
from ledgers.models import Household, Resident, ResidentStatus

MATCHES_SHOWN = 10


def with_head(households: QuerySet[Household]) -> QuerySet[Household]:
    """The households with their head's name (head_name), if the register has one."""
    heads = Resident.objects.filter(
        household=OuterRef("pk"),
        relation_to_head=RelationToHead.HEAD,
        status=ResidentStatus.ACTIVE,
    )
    return households.annotate(head_name=Subquery(heads.values("name")[:1]))


def household_search(request: HttpRequest, chosen: Household | None) -> dict[str, Any]:
    """The picker's context: the chosen household, the query (?q=) and its matches, and the
    other GET values a match's link keeps."""
    query = request.GET.get("q", "").strip()
    matches: list[Household] = []
    if query:
        matches = list(find_households(request.user, query)[:MATCHES_SHOWN])
    params = request.GET.copy()
    params.pop("household", None)
    params.pop("q", None)
    return {
        "chosen": chosen,
        "query": query,
        "matches": matches,
        "matches_shown": MATCHES_SHOWN,
        "keep": params.urlencode(),
    }


def find_households(user: Any, query: str) -> QuerySet[Household]:
    """The user's households whose number or address holds `query`, or with a member on the
    register whose name starts with it."""
    member = Resident.objects.filter(
        household=OuterRef("pk"), name__startswith=query, status=ResidentStatus.ACTIVE
    )
    households = Household.objects.for_user(user).filter(
        Q(number__icontains=query) | Q(address__icontains=query) | Q(Exists(member))
    )
    return with_head(households.select_related("community", "grid")).order_by(
        "community__code", "number"
    )
