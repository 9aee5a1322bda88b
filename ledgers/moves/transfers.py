"""迁移 — the steps of a transfer between two communities of the office.

The sending community proposes (`propose`), the receiving one accepts (`accept`) or refuses
(`refuse`), the sender may withdraw while nobody has answered (`withdraw`), and a mistaken
accepted move is undone by a compensating transfer back (`correct`), never by deleting one.
Each step locks its rows inside its transaction and refuses, with a message for the person
(`TransferError`), what its rules do not allow. Accepting writes the residents (and a whole
household's row) in a fixed number of queries whatever the size of the household: one UPDATE
and one history INSERT per table, the residence periods by `periods.follow`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import workdays
from core.scope import membership
from ledgers.areas.models import Community, Grid
from ledgers.moves import followers, households, periods
from ledgers.moves.models import MoveEvent, ResidencePeriod, Transfer, TransferState
from ledgers.people.models import Household, Resident, ResidentStatus
from sheets import bulk

ANSWER_WITHIN = 5  # working days the receiving community has to answer
RESIDENT_FIELDS = ["community", "grid", "household", "relation_to_head", "updated_at"]


class TransferError(Exception):
    """A step that may not be taken; the message is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _require(condition: Any, message: str) -> None:
    if not condition:
        raise TransferError(message)


# ---- propose ------------------------------------------------------------------------------


@transaction.atomic
def propose(
    subject: Household | Sequence[Resident],
    to_community: Community,
    moved_on: date,
    reason: str,
    user: Any,
) -> Transfer:
    """转出: propose moving one person (or a few) or a whole household (its members on the
    register) to another community of the office."""
    _require(user.has_perm("ledgers.add_transfer"), _("You may not propose transfers."))
    _require(reason.strip(), _("Give the reason for the move."))
    _require(moved_on <= timezone.localdate(), _("The date of the move cannot be in the future."))
    household = subject if isinstance(subject, Household) else None
    scoped = Resident.objects.for_user(user).select_for_update(of=("self",))
    if household is not None:
        household = _lock_household(household, user)
        _require(not household.dissolved_on, _("This household no longer exists."))
        residents = list(scoped.filter(household=household, status=ResidentStatus.ACTIVE))
        _require(residents, _("This household has no member on the register to move."))
        from_id = household.community_id
    else:
        ids = [resident.pk for resident in subject]  # type: ignore[union-attr]
        residents = list(scoped.filter(pk__in=ids))
        _require(residents and len(residents) == len(ids), _("Choose the people who move."))
        from_id = residents[0].community_id
    _check_movable(residents, from_id, to_community, moved_on)
    transfer = Transfer.objects.create(
        from_community_id=from_id,
        to_community=to_community,
        household=household,
        moved_on=moved_on,
        reason=reason.strip(),
        proposed_by=user,
    )
    transfer.residents.set(residents)
    return transfer


def _lock_household(household: Household, user: Any) -> Household:
    found = (
        Household.objects.for_user(user)
        .select_for_update(of=("self",))
        .filter(pk=household.pk)
        .first()
    )
    _require(found, _("This household is not in your communities."))
    return found  # type: ignore[return-value]


def _check_movable(
    residents: list[Resident], from_id: int, to_community: Community, moved_on: date
) -> None:
    """The rules of a proposal: people on the register, of one community, going elsewhere,
    none already waiting for an answer, none moved after the day given."""
    for resident in residents:
        _require(
            resident.status == ResidentStatus.ACTIVE,
            _("%(name)s is not on the register.") % {"name": resident.name},
        )
        _require(
            resident.community_id == from_id,
            _("The people of one transfer leave one community."),
        )
    _require(to_community.pk != from_id, _("Choose another community than the person's own."))
    ids = [resident.pk for resident in residents]
    waiting = Resident.objects.filter(
        pk__in=ids, transfers__state=TransferState.PROPOSED
    ).values_list("name", flat=True)
    names = sorted(set(waiting))
    _require(
        not names,
        _("Already waiting for an answer to a transfer: %(names)s.") % {"names": "、".join(names)},
    )
    later = ResidencePeriod.objects.filter(
        resident__in=ids, ended_on__isnull=True, started_on__gt=moved_on
    ).values_list("resident__name", "started_on")
    for name, since in later[:1]:
        raise TransferError(
            _("%(name)s has lived here since %(since)s: the date cannot be earlier.")
            % {"name": name, "since": since}
        )


# ---- answer -------------------------------------------------------------------------------


def _lock(transfer: Transfer, user: Any) -> Transfer:
    """The transfer re-read in the user's scope and locked; `at_sending` and `at_receiving`
    say whether the user works in either end (the ends act for their own communities)."""
    assigned = membership().assigned(user)
    locked = (
        Transfer.objects.for_user(user)
        .select_for_update(of=("self",))
        .select_related("from_community", "to_community")
        .annotate(
            at_sending=ExpressionWrapper(
                Q(from_community__in=assigned), output_field=BooleanField()
            ),
            at_receiving=ExpressionWrapper(
                Q(to_community__in=assigned), output_field=BooleanField()
            ),
        )
        .filter(pk=transfer.pk)
        .first()
    )
    _require(locked, _("This transfer is not in your communities."))
    return locked  # type: ignore[return-value]


def _answering(transfer: Transfer, user: Any) -> Transfer:
    """The transfer locked, still waiting, and `user` one who answers for its receiving end."""
    transfer = _lock(transfer, user)
    _require(
        transfer.state == TransferState.PROPOSED,
        _("This transfer was already answered or withdrawn."),
    )
    _require(
        user.has_perm("ledgers.answer_transfer") and getattr(transfer, "at_receiving", False),
        _("Only the receiving community's staff accept or refuse a transfer."),
    )
    return transfer


@transaction.atomic
def accept(
    transfer: Transfer,
    user: Any,
    grid: Grid | None = None,
    household: Household | None = None,
    relation: str = "",
) -> Transfer:
    """转入: the receiving community takes the people in, in `grid`; one person may join one
    of its households (`household`, with their `relation` to its head); a whole household
    moves as itself, with a new number when its number is taken in the new community."""
    transfer = _answering(transfer, user)
    # Before the rows it writes: their history entries come after it (`correct` reads them).
    transfer.answered_at = timezone.now()
    to_id = transfer.to_community_id
    _require(grid is None or grid.community_id == to_id, _("Choose a grid of your community."))
    residents = _locked_residents(transfer)
    if transfer.household_id:
        _require(household is None, _("A whole household moves as itself."))
        household = _move_household(transfer, grid, user)
    elif household is not None:
        _require(
            household.community_id == to_id and not household.dissolved_on,
            _("Choose a household of your community."),
        )
        _require(relation, _("Give the relation to the head of household."))
    for resident in residents:
        resident.community_id = to_id
        resident.grid = grid
        if not transfer.household_id:
            resident.household = household
            resident.relation_to_head = relation if household is not None else ""
    move = periods.Move(MoveEvent.TRANSFER, on=transfer.moved_on, reason=transfer.reason)
    _write(residents, move, user, _("Transfer accepted"))
    transfer.state = TransferState.ACCEPTED
    transfer.answered_by = user
    transfer.to_grid = grid
    transfer.to_household = household if not transfer.household_id else None
    transfer.save(update_fields=["state", "answered_by", "answered_at", "to_grid", "to_household"])
    try:
        followers.notify(residents, transfer.from_community, transfer.to_community, transfer)
    except followers.Refused as refused:
        raise TransferError(refused.message) from None
    return transfer


def _locked_residents(transfer: Transfer) -> list[Resident]:
    """The people of the transfer, locked, each still on the register of the sending end."""
    residents = list(
        Resident.objects.filter(transfers=transfer).select_for_update(of=("self",)).order_by("pk")
    )
    for resident in residents:
        _require(
            resident.status == ResidentStatus.ACTIVE
            and resident.community_id == transfer.from_community_id,
            _(
                "%(name)s is no longer on the register of %(community)s: the transfer cannot be"
                " accepted as proposed."
            )
            % {"name": resident.name, "community": transfer.from_community},
        )
    return residents


def _move_household(transfer: Transfer, grid: Grid | None, user: Any) -> Household:
    household = Household.objects.select_for_update(of=("self",)).get(
        pk=int(transfer.household_id or 0)
    )
    to = transfer.to_community
    number = household.number
    if Household.objects.filter(community=to, number=number).exists():
        number = households.new_number(to, transfer.moved_on)
    household.community = to
    household.grid = grid
    household.number = number
    household._change_reason = _("Transfer accepted")  # type: ignore[attr-defined]
    household.save(update_fields=["community", "grid", "number", "updated_at"])
    return household


def _write(residents: list[Resident], move: periods.Move, user: Any, reason: str) -> None:
    """The residents' new place in one UPDATE, their history in one INSERT, their periods."""
    now = timezone.now()
    for resident in residents:
        resident.updated_at = now
        periods.record(resident, periods.Move(move.event, move.on, move.reason, user))
    bulk.update(Resident, residents, RESIDENT_FIELDS)
    bulk.history(Resident, residents, created=False, user=user, reason=reason)
    periods.follow(residents, user=user)


@transaction.atomic
def refuse(transfer: Transfer, user: Any, reason: str) -> Transfer:
    """拒收: the receiving community refuses, saying why; nobody moves."""
    transfer = _answering(transfer, user)
    _require(reason.strip(), _("Give the reason for refusing."))
    transfer.state = TransferState.REFUSED
    transfer.refusal_reason = reason.strip()
    transfer.answered_by = user
    transfer.answered_at = timezone.now()
    transfer.save(update_fields=["state", "refusal_reason", "answered_by", "answered_at"])
    return transfer


@transaction.atomic
def withdraw(transfer: Transfer, user: Any) -> Transfer:
    """撤回: the sending community takes back a proposal nobody has answered."""
    transfer = _lock(transfer, user)
    _require(
        transfer.state == TransferState.PROPOSED,
        _("This transfer was already answered or withdrawn."),
    )
    _require(
        user.has_perm("ledgers.add_transfer") and getattr(transfer, "at_sending", False),
        _("Only the sending community's staff withdraw a transfer."),
    )
    transfer.state = TransferState.WITHDRAWN
    transfer.answered_by = user
    transfer.answered_at = timezone.now()
    transfer.save(update_fields=["state", "answered_by", "answered_at"])
    return transfer


# ---- correct ------------------------------------------------------------------------------


@transaction.atomic
def correct(transfer: Transfer, user: Any, reason: str) -> Transfer:
    """更正: a mistaken accepted move is answered by a transfer back, recorded as already
    accepted (`corrects` names the mistake): the people, and a whole household's row, return
    to where they were before it (grid, household, number, relation), their periods say
    「更正」, and the mistaken transfer stays on record."""
    transfer = _lock(transfer, user)
    _require(reason.strip(), _("Give the reason for the correction."))
    _require(transfer.state == TransferState.ACCEPTED, _("Only an accepted transfer is corrected."))
    _require(
        not Transfer.objects.filter(corrects=transfer).exists(),
        _("This transfer was already corrected."),
    )
    _require(
        user.has_perm("ledgers.answer_transfer") and getattr(transfer, "at_receiving", False),
        _("Only the receiving community's staff correct a transfer they accepted."),
    )
    residents = list(
        Resident.objects.filter(transfers=transfer).select_for_update(of=("self",)).order_by("pk")
    )
    for resident in residents:
        _require(
            resident.status == ResidentStatus.ACTIVE
            and resident.community_id == transfer.to_community_id,
            _("%(name)s has moved on since: propose a new transfer instead.")
            % {"name": resident.name},
        )
    before = _before(Resident, [r.pk for r in residents], transfer.answered_at)
    household = _restore_household(transfer) if transfer.household_id else None
    for resident in residents:
        old = before.get(resident.pk)
        resident.community_id = transfer.from_community_id
        resident.grid_id = old.grid_id if old else None
        resident.household_id = old.household_id if old else None
        resident.relation_to_head = old.relation_to_head if old else ""
    back = Transfer.objects.create(
        from_community_id=transfer.to_community_id,
        to_community_id=transfer.from_community_id,
        household=household,
        moved_on=transfer.moved_on,
        reason=reason.strip(),
        state=TransferState.ACCEPTED,
        proposed_by=user,
        answered_by=user,
        answered_at=timezone.now(),
        to_grid_id=household.grid_id if household else None,
        corrects=transfer,
    )
    back.residents.set(residents)
    move = periods.Move(MoveEvent.CORRECTION, on=transfer.moved_on, reason=reason.strip())
    _write(residents, move, user, _("Transfer corrected"))
    try:
        followers.notify(residents, transfer.to_community, transfer.from_community, back)
    except followers.Refused as refused:
        raise TransferError(refused.message) from None
    return back


def _before(model: Any, ids: list[int], moment: datetime | None) -> dict[int, Any]:
    """Each row's history entry just before `moment` (the version a step changed)."""
    rows = model.history.filter(id__in=ids)
    if moment is not None:
        rows = rows.filter(history_date__lt=moment)
    latest: dict[int, Any] = {}
    for row in rows.order_by("history_date", "history_id"):
        latest[row.id] = row
    return latest


def _restore_household(transfer: Transfer) -> Household:
    household = Household.objects.select_for_update(of=("self",)).get(
        pk=int(transfer.household_id or 0)
    )
    old = _before(Household, [household.pk], transfer.answered_at).get(household.pk)
    number = old.number if old else household.number
    if (
        Household.objects.filter(community_id=transfer.from_community_id, number=number)
        .exclude(pk=household.pk)
        .exists()
    ):
        number = households.new_number(transfer.from_community, transfer.moved_on)
    household.community_id = transfer.from_community_id
    household.grid_id = old.grid_id if old else None
    household.number = number
    household._change_reason = _("Transfer corrected")  # type: ignore[attr-defined]
    household.save(update_fields=["community", "grid", "number", "updated_at"])
    return household


# ---- waiting and overdue ------------------------------------------------------------------


def answer_due(proposed_on: date) -> date:
    """The last day the receiving community has to answer a transfer proposed that day."""
    return workdays.add_working_days(proposed_on, ANSWER_WITHIN)


def overdue_before(today: date) -> datetime:
    """The moment before which a transfer still waiting is overdue: proposed on a day whose
    answer was due before today."""
    day = today
    while answer_due(day) >= today:  # a holiday's length at most: a few steps back
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def overdue(transfers: QuerySet[Transfer], today: date | None = None) -> QuerySet[Transfer]:
    """Transfers not answered within 5 working days."""
    cutoff = overdue_before(today or timezone.localdate())
    return transfers.filter(state=TransferState.PROPOSED, proposed_at__lt=cutoff)


def waiting_for(user: Any) -> QuerySet[Transfer]:
    """Transfers the user's communities are asked to answer."""
    assigned = membership().assigned(user)
    return Transfer.objects.filter(Q(state=TransferState.PROPOSED) & Q(to_community__in=assigned))
