"""Likely duplicate people across the office: two records of one person, found by what they
share (name and birth date, name and phone, the reading of the name and birth date, an old
15-digit ID number and its 18-digit form).

Each rule is one query whatever the size of the register: a grouped subquery (GROUP BY …
HAVING) names the keys held by more than one record, and the outer query reads those records
through an index on the name (or on the ID number); the pairs are made in Python from the few
rows found. Only the roles that see every community use it: a pair may span two communities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from core.sets import OneOf, not_among, parts
from ledgers import identifiers
from ledgers.people.models import DocumentType, Resident, ResidentStatus

# What the person adding someone is told of a likely duplicate they may not see: neither who
# nor where, and the way to bring the person over (a transfer keeps one record).
ELSEWHERE = _(
    "This person may already be registered in another community of the office. If they have "
    "moved here, ask that community to propose a transfer instead of registering them again."
)
NUMBER_ELSEWHERE = _(
    "This ID number is already registered in another community of the office. If the person "
    "has moved here, ask that community to propose a transfer instead of registering them again."
)


class Reason(models.TextChoices):
    """Why two records are likely one person."""

    NAME_BIRTH = "name_birth", _("Same name and birth date")
    NAME_PHONE = "name_phone", _("Same name and phone")
    PINYIN_BIRTH = "pinyin_birth", _("Same reading of the name and birth date")
    OLD_ID = "old_id", _("Old 15-digit ID number of an 18-digit one")


@dataclass
class Pair:
    """Two records likely of one person (the lower id first) and why."""

    first_id: int
    second_id: int
    sort_key: str
    reasons: list[str] = field(default_factory=list)
    first: Resident | None = None
    second: Resident | None = None

    @property
    def records(self) -> list[Resident]:
        return [r for r in (self.first, self.second) if r is not None]

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [str(labels[reason]) for reason in self.reasons]


# The fields each rule reads of a candidate record.
_READ = ("pk", "name", "name_sort", "name_pinyin", "birth_date", "phone")


def candidates() -> QuerySet[Resident]:
    """Every record that still stands for a person: all but those merged into another."""
    return Resident.objects.exclude(status=ResidentStatus.MERGED)


def _shared(keys: Sequence[str], outer: str, where: Q | None = None) -> list[Any]:
    """The records (not merged) whose `keys` more than one record holds, read as dicts.

    The groups are counted over every record, merged ones too, so that an index on the keys
    alone serves the GROUP BY; the outer query asks for `outer` (an indexed column) among the
    groups' values. Records of the same name but another key come along, and a merged record
    counted in a group is not read: `_pairs` keeps only what truly pairs."""
    everyone = Resident.objects.order_by()
    if where is not None:
        everyone = everyone.filter(where)
    groups = everyone.values(*keys).annotate(n=Count("pk")).filter(n__gt=1).values(outer)
    rows = candidates().filter(**{f"{outer}__in": Subquery(groups)})
    if where is not None:
        rows = rows.filter(where)
    return list(rows.order_by().values(*_READ))


def _pairs(rows: Iterable[dict[str, Any]], keys: Sequence[str], reason: str) -> list[Pair]:
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(row[key] for key in keys)].append(row)
    found = []
    for members in groups.values():
        members.sort(key=lambda row: row["pk"])
        for a, b in combinations(members, 2):
            if reason == Reason.PINYIN_BIRTH and a["name"] == b["name"]:
                continue  # the same name is the first rule's
            sort_key = min(a["name_sort"], b["name_sort"])
            found.append(Pair(a["pk"], b["pk"], sort_key, [reason]))
    return found


def same_name_and_birth_date() -> list[Pair]:
    rows = _shared(["name", "birth_date"], "name")
    return _pairs(rows, ["name", "birth_date"], Reason.NAME_BIRTH)


def same_name_and_phone() -> list[Pair]:
    rows = _shared(["name", "phone"], "name", where=~Q(phone=""))
    return _pairs(rows, ["name", "phone"], Reason.NAME_PHONE)


def same_reading_and_birth_date() -> list[Pair]:
    """Two names read alike (马秀兰, 马秀岚) with one birth date: a typing slip."""
    keys = ["name_pinyin", "birth_date"]
    found = _shared(keys, "name_pinyin", where=~Q(name_pinyin=""))
    return _pairs(found, keys, Reason.PINYIN_BIRTH)


def old_and_new_id_numbers() -> list[Pair]:
    """A legacy 15-digit number (kept as another document) whose 18-digit form another record
    holds: the 18-digit number begins with the 15 digits, "19" put before the year. The match
    is looked up in the unique index of ID numbers, by range, then checked exactly."""
    body = Concat(Substr("id_number", 1, 6), Value("19"), Substr("id_number", 7))
    newer = (
        candidates()
        .filter(document_type=DocumentType.CITIZEN)
        .exclude(id_number="")  # the unique index is partial: said so, it serves the range
        .filter(id_number__gte=OuterRef("body"), id_number__lt=Concat(OuterRef("body"), Value("Y")))
    )
    old = (
        candidates()
        .annotate(id_length=Length("id_number"))
        .filter(id_length=15)
        .annotate(
            body=body,
            match=Subquery(newer.values("pk")[:1]),
            match_number=Subquery(newer.values("id_number")[:1]),
            match_sort=Subquery(newer.values("name_sort")[:1]),
        )
        .filter(match__isnull=False)
        .values_list("pk", "id_number", "name_sort", "match", "match_number", "match_sort")
    )
    found = []
    for pk, number, sort, match, match_number, match_sort in old:
        try:
            exact = identifiers.upgrade_15(number) == match_number
        except identifiers.IdentifierError:
            exact = False  # letters among the 15 characters: not an old ID number
        if exact:
            first, second = sorted((pk, match))
            found.append(Pair(first, second, min(sort, match_sort), [Reason.OLD_ID]))
    return found


RULES = {
    Reason.NAME_BIRTH: same_name_and_birth_date,
    Reason.NAME_PHONE: same_name_and_phone,
    Reason.PINYIN_BIRTH: same_reading_and_birth_date,
    Reason.OLD_ID: old_and_new_id_numbers,
}


def find(reasons: Iterable[str] | None = None) -> list[Pair]:
    """The likely duplicate pairs of the whole office found by `reasons` (all rules: None),
    each pair once with every reason that found it, in the pinyin order of their names.
    One query per rule."""
    chosen = [Reason(r) for r in reasons] if reasons is not None else list(Reason)
    pairs: dict[tuple[int, int], Pair] = {}
    for reason in chosen:
        for pair in RULES[reason]():
            key = (pair.first_id, pair.second_id)
            if key in pairs:
                pairs[key].reasons.append(reason)
            else:
                pairs[key] = pair
    return sorted(pairs.values(), key=lambda p: (p.sort_key, p.first_id, p.second_id))


def load(pairs: Iterable[Pair], user: Any) -> list[Pair]:
    """Fill in the records of these pairs (a page of them) that `user` sees, in one query."""
    pairs = list(pairs)
    ids = {pk for pair in pairs for pk in (pair.first_id, pair.second_id)}
    records = (
        Resident.objects.for_user(user)
        .select_related("community", "grid", "household")
        .in_bulk(ids)
    )
    for pair in pairs:
        pair.first = records.get(pair.first_id)
        pair.second = records.get(pair.second_id)
    return pairs


def registered_elsewhere(user: Any, people: Iterable[tuple[str, Any]]) -> set[tuple[str, date]]:
    """Which of these (name, birth date) someone on the register of a community `user` does not
    see holds: whether, never who or where. One query (on SQLite, one for each 450 people)."""
    wanted = sorted({(name, born) for name, born in people if name and born})
    if not wanted:
        return set()
    # Not among the user's residents, asked as core.sets asks it: an anti-join over the few
    # people found (NOT IN made PostgreSQL read every resident of the user's communities for
    # each 450 people of an import). The pairs themselves, looked up in the index on name and
    # birth date: names and dates asked apart matched every namesake of every date, a number
    # that grew with the register (and with each step of an import, its own rows).
    mine = not_among(Resident.objects.for_user(user), "pk")
    found: set[tuple[str, date]] = set()
    for part in parts(wanted, width=2):
        others = (
            Resident.objects.filter(status=ResidentStatus.ACTIVE)
            .filter(OneOf(["name", "birth_date"], part))
            .filter(mine)
            .order_by()
            .values_list("name", "birth_date")
        )
        found.update(others)
    return found
