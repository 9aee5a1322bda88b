"""Residence periods written as residents move: the one place that closes a period and opens
the next. Every write path comes here: a saved resident through the post_save receiver
(ledgers.apps), an import, a transfer or a household change by calling `follow`.

`Resident.from_db` keeps where a loaded resident was (`_place`); `follow` compares it with where
the resident is now and records the difference, in a fixed number of queries however many
residents. What happened is told by a `Move` set on the resident (`resident._move = Move(...)`);
without one, the change is named from what changed (household, grid, status).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.sets import one_of, parts
from ledgers.moves.models import MoveEvent, ResidencePeriod
from ledgers.people.models import Resident, ResidentStatus
from sheets import bulk

# The event that ends a period when a resident leaves the register with this status.
ENDING = {
    ResidentStatus.MOVED_OUT: MoveEvent.MOVED_OUT,
    ResidentStatus.DECEASED: MoveEvent.DECEASED,
    ResidentStatus.ARCHIVED: MoveEvent.ARCHIVED,
    ResidentStatus.MERGED: MoveEvent.RECORDS_MERGED,
}


class MoveError(Exception):
    """A move that cannot be recorded as asked; the message is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Move:
    """What a change of place is: its event, its day, its reason and who records it."""

    event: str
    on: date | None = None
    reason: str = ""
    user: Any = None


def place(resident: Resident) -> tuple[Any, ...]:
    return (resident.community_id, resident.grid_id, resident.household_id, resident.status)


def _inferred(before: tuple[Any, ...], resident: Resident) -> str:
    status = resident.status
    if status != ResidentStatus.ACTIVE:
        return ENDING.get(ResidentStatus(status), MoveEvent.ARCHIVED)
    if before[3] != ResidentStatus.ACTIVE:
        return MoveEvent.RETURNED
    if before[0] != resident.community_id:
        return MoveEvent.TRANSFER
    if before[2] != resident.household_id:
        return MoveEvent.HOUSEHOLD
    return MoveEvent.GRID


def follow(residents: Iterable[Resident], *, created: bool = False, user: Any = None) -> int:
    """Record the moves of these saved residents since they were loaded (or, `created`, their
    first period); the number of periods opened. Residents whose place did not change are
    left alone. Three queries at most (on SQLite, for each 900 residents): the open periods
    read, closed, and the new ones."""
    today = timezone.localdate()
    changed: list[tuple[Resident, Move]] = []
    for resident in residents:
        before = getattr(resident, "_place", None)
        now = place(resident)
        move: Move | None = getattr(resident, "_move", None)
        if created:
            move = move or Move(
                MoveEvent.REGISTERED if now[3] == ResidentStatus.ACTIVE else ENDING[now[3]]
            )
            changed.append((resident, move))
        elif before is not None and before != now:
            changed.append((resident, move or Move(_inferred(before, resident))))
        resident._place = now  # type: ignore[attr-defined]
        resident.__dict__.pop("_move", None)
    if not changed:
        return 0
    # A resident just created has no period yet: only the others' open ones are read.
    ids = [] if created else [resident.pk for resident, _move in changed]
    open_periods = {
        period.resident_id: period
        for part in parts(ids)
        for period in ResidencePeriod.objects.filter(one_of("resident_id", part), ended_on=None)
    }
    period_of = bulk.maker(ResidencePeriod)
    new: list[ResidencePeriod] = []
    closing: dict[tuple[date, str], list[int]] = {}
    for resident, move in changed:
        on = move.on or today
        current = open_periods.get(resident.pk)
        if current is not None:
            if on < current.started_on:
                raise MoveError(
                    _("%(name)s has lived here since %(since)s: the date cannot be earlier.")
                    % {"name": resident.name, "since": current.started_on}
                )
            closing.setdefault((on, move.event), []).append(current.pk)
        if resident.status == ResidentStatus.ACTIVE:
            new.append(
                period_of(
                    resident_id=resident.pk,
                    community_id=resident.community_id,
                    grid_id=resident.grid_id,
                    household_id=resident.household_id,
                    started_on=on,
                    start_event=move.event,
                    reason=move.reason,
                    recorded_by_id=_pk(move.user or user),
                )
            )
        elif current is None and resident.status != ResidentStatus.MERGED:
            # Registered already off the register (an import of the moved out): one period
            # that begins and ends on the day of the status.
            day = resident.status_date or on
            new.append(
                period_of(
                    resident_id=resident.pk,
                    community_id=resident.community_id,
                    grid_id=resident.grid_id,
                    household_id=resident.household_id,
                    started_on=day,
                    ended_on=day,
                    start_event=MoveEvent.REGISTERED,
                    end_event=move.event,
                    reason=move.reason,
                    recorded_by_id=_pk(move.user or user),
                )
            )
    for (on, event), pks in closing.items():
        for part in parts(pks):
            ResidencePeriod.objects.filter(one_of("pk", part)).update(ended_on=on, end_event=event)
    bulk.create(ResidencePeriod, new)  # one prepared statement, whatever the number
    return len(new)


def _pk(user: Any) -> Any:
    """The user's key (periods are made by key: an import makes 50,000 of them)."""
    return user.pk if user is not None else None


def record(resident: Resident, move: Move) -> None:
    """Tell the next save of `resident` what its change of place is."""
    resident._move = move  # type: ignore[attr-defined]


def timeline(resident: Resident) -> list[ResidencePeriod]:
    """Where the resident lived when, oldest first (the periods of every community: the page
    that shows them is the resident's own, already in the viewer's scope)."""
    return list(
        ResidencePeriod.objects.filter(resident=resident)
        .select_related("community", "grid", "household", "recorded_by")
        .order_by("started_on", "pk")
    )
