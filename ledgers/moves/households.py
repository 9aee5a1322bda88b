"""分户 and 合户: members of a household leave it for a new household of the community (a split)
or for another household of it (a merge). Each is one HouseholdChange, with the members'
residence periods (MoveEvent.SPLIT / MERGE), their versions moved on and their history written.
A household merged away is dissolved (`dissolved_on`): it keeps its row and its history, and
takes no members, split, merge or transfer any more (`is_open`).

Both write in a fixed number of queries however many members move: the rows are locked and
re-read, the members written with one statement (sheets.bulk) and their periods by
`periods.follow`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ledgers.areas.models import Community, next_in_sequence
from ledgers.codes import RelationToHead
from ledgers.moves import periods
from ledgers.moves.models import (
    HouseholdChange,
    HouseholdChangeKind,
    MoveEvent,
    ResidencePeriod,
)
from ledgers.people.models import Household, Resident, ResidentStatus
from sheets import bulk

HEAD = RelationToHead.HEAD
# The counter (ledgers.areas.models.NumberSequence) of the numbers given to new households.
NUMBER_KIND = "HH"


class HouseholdError(Exception):
    """A split or merge that may not be recorded as asked; the message is for the person."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def require(condition: bool, message: Any, field: str | None = None) -> None:
    if not condition:
        raise HouseholdError(message, field)


def is_open(household: Household) -> bool:
    """Whether the household may still take members, be split, merged or moved: it has not
    been merged away (dissolved)."""
    return household.dissolved_on is None


def new_number(community: Community, on: date) -> str:
    """The next household number of the community's own sequence: MC-2026-0001 … (the year
    the household was made), passing over a number typed by hand earlier. A split household
    and a household moved into a community where its number is taken get theirs here."""
    while True:
        count = next_in_sequence(community.pk, NUMBER_KIND, on.year)
        number = f"{community.short_code}-{on.year}-{count:04d}"
        if not Household.objects.filter(community=community, number=number).exists():
            return number


@dataclass(frozen=True)
class Address:
    """Where a new household lives."""

    address: str
    building: str = ""
    unit: str = ""
    room: str = ""


# ---- the rules, shared by the forms (before) and the writes (on the locked rows) -----------


def split_problems(
    active: Sequence[Resident],
    leaving: Sequence[Resident],
    head: Resident | None,
    former_head_relation: str,
    remaining_head: Resident | None,
) -> dict[str | None, Any]:
    """What is wrong with a split of `leaving` out of a household whose members on the
    register are `active`: field → message (None: the whole form)."""
    problems: dict[str | None, Any] = {}
    active_ids = {r.pk for r in active}
    leaving_ids = {r.pk for r in leaving}
    if not leaving_ids:
        problems["members"] = _("Choose the members who form the new household.")
        return problems
    if not leaving_ids <= active_ids:
        problems["members"] = _("Only members on the register of this household can leave it.")
        return problems
    staying = [r for r in active if r.pk not in leaving_ids]
    if not staying:
        problems["members"] = _(
            "At least one member must stay: to move everyone, merge the household instead."
        )
    if head is None or head.pk not in leaving_ids:
        problems["head"] = _("The head of the new household must be one of the members leaving.")
    former_heads = [r for r in leaving if r.relation_to_head == HEAD and head and r.pk != head.pk]
    if former_heads and (not former_head_relation or former_head_relation == HEAD):
        problems["former_head_relation"] = _(
            "Give the relation of %(name)s, the former head, to the new head."
        ) % {"name": former_heads[0].name}
    head_leaves = any(r.relation_to_head == HEAD for r in leaving)
    head_stays = any(r.relation_to_head == HEAD for r in staying)
    stay_head_ok = remaining_head is not None and remaining_head.pk in {r.pk for r in staying}
    if staying and head_leaves and not head_stays and not stay_head_ok:
        problems["remaining_head"] = _(
            "The head leaves: choose the new head among the members who stay."
        )
    return problems


def merge_problems(
    source: Household, target: Household | None, members: Sequence[Resident], relation: str
) -> dict[str | None, Any]:
    """What is wrong with merging `source` (its members on the register `members`) into
    `target`, the head of `source` taking `relation` to the head of `target`."""
    problems: dict[str | None, Any] = {}
    if target is None:
        return problems  # the form says which number it did not find
    if target.pk == source.pk:
        problems["target_number"] = _("A household cannot be merged into itself.")
    elif target.community_id != source.community_id:
        problems["target_number"] = _("Households can only be merged within one community.")
    elif not is_open(target):
        problems["target_number"] = _(
            "Household %(number)s was dissolved on %(date)s: it takes no members."
        ) % {"number": target.number, "date": target.dissolved_on}
    if not members:
        problems[None] = _("This household has no members on the register to merge.")
    if any(r.relation_to_head == HEAD for r in members) and relation in ("", HEAD):
        problems["head_relation"] = _(
            "Give the relation of this household's head to the head of the household joined."
        )
    return problems


def open_problem(household: Household) -> str | None:
    if is_open(household):
        return None
    return _("Household %(number)s was dissolved on %(date)s: it can no longer change.") % {
        "number": household.number,
        "date": household.dissolved_on,
    }


def date_problem(on: date) -> str | None:
    if on > timezone.localdate():
        return _("The date cannot be in the future.")
    return None


# ---- the writes ------------------------------------------------------------------------------


def split(
    household: Household,
    members: Iterable[Resident],
    head: Resident,
    user: Any,
    on: date,
    reason: str,
    address: Address,
    *,
    number: str = "",
    former_head_relation: str = "",
    remaining_head: Resident | None = None,
) -> HouseholdChange:
    """分户: `members` leave `household` for a new household of its community, `head` its
    head. A former head among them takes `former_head_relation` to the new head; when the head
    leaves, `remaining_head` becomes the head of those who stay. HouseholdError says why not."""
    with transaction.atomic():
        (household,) = _lock_households([household.pk], user)
        require(not (problem := open_problem(household)), problem)
        require(not (problem := date_problem(on)), problem, "changed_on")
        active = _lock_members(household)
        by_pk = {r.pk: r for r in active}
        wanted = {m.pk for m in members}
        leaving = [r for r in active if r.pk in wanted]
        require(
            len(leaving) == len(wanted),
            _("Some of these members have left the household meanwhile: look again."),
            "members",
        )
        head_row = by_pk.get(head.pk)
        stay_head = by_pk.get(remaining_head.pk) if remaining_head is not None else None
        _refuse(split_problems(active, leaving, head_row, former_head_relation, stay_head))
        number = number.strip()
        if number:
            _check_number(household, number)
        created = _new_household(household, address, number or new_number(household.community, on))
        text = _("Household split: %(source)s → %(target)s") % {
            "source": household.number,
            "target": created.number,
        }
        head_stays = any(r.relation_to_head == HEAD for r in active if r.pk not in wanted)
        for resident in leaving:
            if resident.pk == head.pk:
                resident.relation_to_head = HEAD
            elif resident.relation_to_head == HEAD:
                resident.relation_to_head = former_head_relation
            resident.household = created
            periods.record(resident, periods.Move(MoveEvent.SPLIT, on, reason, user))
        changed = list(leaving)
        if stay_head is not None and not head_stays:
            stay_head.relation_to_head = HEAD
            changed.append(stay_head)
        _write_members(changed, leaving, user, text)
        _touch(household, text)
        return _record(HouseholdChangeKind.SPLIT, household, created, leaving, on, reason, user)


def merge(
    source: Household,
    target: Household,
    user: Any,
    on: date,
    reason: str,
    relations: Mapping[int, str],
) -> HouseholdChange:
    """合户: every member on the register of `source` joins `target` (of the same community);
    `relations` gives a member (the head of `source`, at least) a new relation to the head of
    `target`. `source` is dissolved on `on` and keeps its history."""
    with transaction.atomic():
        locked = {h.pk: h for h in _lock_households([source.pk, target.pk], user)}
        require(source.pk in locked, _("This household is not in your communities."))
        require(target.pk in locked, _("No such household in your communities."), "target_number")
        source, target = locked[source.pk], locked[target.pk]
        require(not (problem := open_problem(source)), problem)
        require(not (problem := date_problem(on)), problem, "changed_on")
        members = _lock_members(source)
        head_relation = next(
            (relations.get(r.pk, "") for r in members if r.relation_to_head == HEAD), ""
        )
        _refuse(merge_problems(source, target, members, head_relation))
        text = _("Households merged: %(source)s → %(target)s") % {
            "source": source.number,
            "target": target.number,
        }
        for resident in members:
            relation = relations.get(resident.pk, "")
            require(relation != HEAD, _("The household joined keeps its own head."))
            resident.relation_to_head = relation or resident.relation_to_head
            resident.household = target
            periods.record(resident, periods.Move(MoveEvent.MERGE, on, reason, user))
        _write_members(members, members, user, text)
        source.dissolved_on = on
        _touch(source, text, "dissolved_on")
        _touch(target, text)
        return _record(HouseholdChangeKind.MERGE, source, target, members, on, reason, user)


def _refuse(problems: dict[str | None, Any]) -> None:
    """The first problem found, as the error of the write."""
    if problems:
        field, message = next(iter(problems.items()))
        raise HouseholdError(message, field)


def _lock_households(pks: list[int], user: Any) -> list[Household]:
    """The households, in the user's scope, re-read and locked (in the order of their keys,
    so two changes of the same households wait for each other rather than deadlock)."""
    found = list(
        Household.objects.for_user(user)
        .select_for_update(of=("self",))
        .select_related("community")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    require(bool(found), _("This household is not in your communities."))
    return found


def _lock_members(household: Household) -> list[Resident]:
    return list(
        Resident.objects.select_for_update(of=("self",))
        .filter(household=household, status=ResidentStatus.ACTIVE)
        .order_by("pk")
    )


def _check_number(household: Household, number: str) -> None:
    """A number typed by hand: not one the community has already."""
    taken = Household.objects.filter(community_id=household.community_id, number=number)
    require(
        not taken.exists(),
        _("This community already has a household with this number."),
        "number",
    )


def _new_household(household: Household, address: Address, number: str) -> Household:
    created = Household(
        community=household.community,
        grid_id=household.grid_id,
        number=number,
        address=address.address,
        building=address.building,
        unit=address.unit,
        room=address.room,
        kind=household.kind,
        housing_type=household.housing_type,
    )
    created._change_reason = _("Household split from %(number)s") % {  # type: ignore[attr-defined]
        "number": household.number
    }
    created.save()
    return created


def _write_members(changed: list[Resident], moved: list[Resident], user: Any, reason: str) -> None:
    """The members' new household and relation, their versions and history, in one statement
    each; then the periods of those who moved."""
    now = timezone.now()
    for resident in changed:
        resident.updated_at = now
    bulk.update(Resident, changed, ["household", "relation_to_head", "updated_at"])
    bulk.history(Resident, changed, created=False, user=user, reason=reason)
    try:
        periods.follow(moved, user=user)
    except periods.MoveError as error:
        raise HouseholdError(error.message, "changed_on") from None


def _touch(household: Household, reason: str, *fields: str) -> None:
    """The household's version moved on and a history entry saying what happened to it."""
    household._change_reason = reason  # type: ignore[attr-defined]
    household.save(update_fields=[*fields, "updated_at"])


def _record(
    kind: str,
    source: Household,
    target: Household,
    residents: list[Resident],
    on: date,
    reason: str,
    user: Any,
) -> HouseholdChange:
    change = HouseholdChange.objects.create(
        kind=kind, source=source, target=target, changed_on=on, reason=reason, recorded_by=user
    )
    through = HouseholdChange.residents.through
    through.objects.bulk_create(
        [through(householdchange_id=change.pk, resident_id=r.pk) for r in residents]
    )
    return change


# ---- members over time -----------------------------------------------------------------------


@dataclass
class Stay:
    """A person's time in a household: from, until, how it began and how it ended."""

    resident: Resident
    started_on: date
    ended_on: date | None
    start_event: str
    end_event: str
    reason: str
    visible: bool  # the person's page is in the viewer's scope (not moved on elsewhere)

    def get_start_event_display(self) -> str:
        return str(dict(MoveEvent.choices).get(self.start_event, self.start_event))

    def get_end_event_display(self) -> str:
        return str(dict(MoveEvent.choices).get(self.end_event, self.end_event))


def members_over_time(household: Household, user: Any) -> dict[str, Any]:
    """Who lived in the household when (its residence periods, those of a person's that follow
    each other in it made one stay) and its splits and merges; four queries."""
    spent = list(
        ResidencePeriod.objects.for_user(user)
        .filter(household=household)
        .select_related("resident")
        .order_by("resident_id", "started_on", "pk")
    )
    ids = {p.resident_id for p in spent}
    visible = set(Resident.objects.for_user(user).filter(pk__in=ids).values_list("pk", flat=True))
    stays: list[Stay] = []
    for _resident, runs in groupby(spent, key=lambda p: p.resident_id):
        stays.extend(_stays(list(runs), visible))
    stays.sort(key=lambda s: (s.started_on, s.resident.name_sort, s.resident.pk))
    changes = list(
        HouseholdChange.objects.for_user(user)
        .filter(Q(source=household) | Q(target=household))
        .select_related("source", "target", "recorded_by")
        .prefetch_related("residents")
        .order_by("-changed_on", "-pk")
    )
    return {"member_stays": stays, "household_changes": changes}


def _stays(runs: list[ResidencePeriod], visible: set[int]) -> list[Stay]:
    """One person's periods in the household, those that follow each other made one stay (a
    change of grid within the household does not end it)."""
    stays: list[Stay] = []
    for period in runs:
        last = stays[-1] if stays else None
        if last is not None and last.ended_on == period.started_on:
            last.ended_on, last.end_event = period.ended_on, period.end_event
            continue
        stays.append(
            Stay(
                resident=period.resident,
                started_on=period.started_on,
                ended_on=period.ended_on,
                start_event=period.start_event,
                end_event=period.end_event,
                reason=period.reason,
                visible=period.resident_id in visible,
            )
        )
    return stays
