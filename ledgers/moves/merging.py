"""Two records of one person made one: what points at the merged record moves to the kept one.

The records that point at a resident are found by reflection on Resident's relations, so the
casework and campaigns records (assistance cases, insurance enrolments, activity attendance …)
move without ledgers naming those apps. What a record's own moves are (its residence periods,
transfers, household changes and earlier merges) stays with it: they are its history.

A row that would break a unique rule on the kept record (both records enrolled in one scheme
for one year, both named at one activity, a one-to-one record both have) is a clash: a row
that only joins two records (an attendance) is dropped, the kept record's equal standing for
it; any other row stays with the merged record, which keeps its row, its history and what was
left on it, and the merge reports it. A move that would break a model's rule (an assistance
case's applicant must belong to its household) cannot be decided here: the merge is refused
and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versions import is_versioned
from ledgers import identifiers
from ledgers.moves import periods
from ledgers.moves.models import MoveEvent, ResidentMerge, Transfer, TransferState
from ledgers.people.models import DocumentType, Resident, ResidentStatus, Tag
from sheets import bulk

# (model label, field): relations that are the merged record's own story, left with it.
STAYS = {
    ("ledgers.residenceperiod", "resident"),
    ("ledgers.residentmerge", "kept"),
    ("ledgers.residentmerge", "merged"),
    ("ledgers.transfer_residents", "resident"),
    ("ledgers.householdchange_residents", "resident"),
}


class MergeRefused(Exception):
    """A merge that cannot be done as asked; `problems` are for the person, nothing is written."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Link:
    """A relation pointing at Resident: the model holding the key and the key itself."""

    model: type[models.Model]
    field: Any  # the ForeignKey (or OneToOneField) to Resident
    label: str  # what a person calls these records
    joins_only: bool  # a row that only joins two records (a many-to-many's)

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field.name}"


def _joins_only(model: type[models.Model]) -> bool:
    meta = model._meta
    return not hasattr(meta, "simple_history_manager_attribute") and all(
        f.primary_key or f.is_relation for f in meta.concrete_fields
    )


def links() -> list[Link]:
    """Every relation to Resident of every installed app, but those that stay (STAYS)."""
    found = []
    for rel in Resident._meta.related_objects:
        if rel.many_to_many:
            through = rel.through  # type: ignore[attr-defined]
            if not through._meta.auto_created:
                continue  # a model of its own (an attendance): its key is a relation too
            key = through._meta.get_field(rel.field.m2m_reverse_field_name())  # type: ignore[attr-defined]
            owner = rel.related_model._meta.verbose_name_plural  # type: ignore[union-attr]
            found.append(Link(through, key, str(owner), True))
        else:
            model = rel.related_model
            label = str(model._meta.verbose_name_plural)  # type: ignore[union-attr]
            found.append(Link(model, rel.field, label, _joins_only(model)))  # type: ignore[arg-type]
    return [link for link in found if (link.model._meta.label_lower, link.field.name) not in STAYS]


def _unique_sets(link: Link) -> list[tuple[list[str], Q | None]]:
    """The unique rules the key is part of: the other fields of each, and its condition."""
    meta, name = link.model._meta, link.field.name
    sets: list[tuple[list[str], Q | None]] = []
    if link.field.unique:
        sets.append(([], None))
    for together in meta.unique_together:
        if name in together:
            sets.append(([f for f in together if f != name], None))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields:
            others = [f for f in constraint.fields if f != name]
            sets.append((others, constraint.condition))  # type: ignore[arg-type]
    return sets


@dataclass
class Part:
    """The rows of one relation that point at the merged record."""

    link: Link
    moving: list[models.Model] = field(default_factory=list)
    clashing: list[models.Model] = field(default_factory=list)


@dataclass
class Plan:
    """What a merge will do, and what stops it."""

    kept: Resident
    merged: Resident
    parts: list[Part]
    tags: list[Tag]
    takes_number: bool
    problems: list[str]

    @property
    def moving(self) -> list[Part]:
        return [part for part in self.parts if part.moving]

    @property
    def clashing(self) -> list[Part]:
        return [part for part in self.parts if part.clashing]


def _part(link: Link, kept: Resident, merged: Resident, lock: bool) -> Part:
    rows = link.model._base_manager.filter(**{link.field.name: merged}).order_by("pk")
    if lock:
        rows = rows.select_for_update()
    part = Part(link, moving=list(rows))
    clash: set[Any] = set()
    for others, condition in _unique_sets(link):
        theirs = link.model._base_manager.filter(**{link.field.name: kept})
        mine = link.model._base_manager.filter(**{link.field.name: merged})
        if condition is not None:
            theirs, mine = theirs.filter(condition), mine.filter(condition)
        taken = set(theirs.values_list(*others)) if others else {()} if theirs.exists() else set()
        if not taken:
            continue
        for pk, *values in mine.values_list("pk", *others):
            if tuple(values) in taken:
                clash.add(pk)
    part.clashing = [row for row in part.moving if row.pk in clash]
    part.moving = [row for row in part.moving if row.pk not in clash]
    return part


def _broken_rule(row: models.Model, link: Link, kept: Resident) -> str:
    """What the row's own rules say once it points at the kept record ("" if nothing new)."""
    try:
        row.clean()
    except ValidationError:
        return ""  # already wrong before the merge: not the merge's to judge
    setattr(row, link.field.name, kept)
    try:
        row.clean()
    except ValidationError as error:
        return _("%(kind)s “%(row)s”: %(rule)s") % {
            "kind": link.label,
            "row": row,
            "rule": " ".join(error.messages),
        }
    return ""


def takes_number(kept: Resident, merged: Resident) -> bool:
    """The kept record takes the merged one's ID number when it has none, or only the old
    15-digit form of it (never store both)."""
    if not merged.id_number:
        return False
    if not kept.id_number:
        return True
    try:
        upgraded = identifiers.upgrade_15(kept.id_number)
    except identifiers.IdentifierError:
        return False
    return merged.document_type == DocumentType.CITIZEN and upgraded == merged.id_number


def plan(kept: Resident, merged: Resident, *, lock: bool = False) -> Plan:
    """What merging `merged` into `kept` will move, what clashes and what stops it."""
    problems = _refusals(kept, merged)
    parts = [_part(link, kept, merged, lock) for link in links()] if not problems else []
    for part in parts:
        if not part.link.joins_only:
            problems += filter(None, (_broken_rule(r, part.link, kept) for r in part.moving))
    tags = list(merged.tags.exclude(pk__in=kept.tags.values("pk")))
    takes = takes_number(kept, merged)
    if takes and not problems:
        problems += _number_problems(kept, merged)
    return Plan(kept, merged, parts, tags, takes, problems)


def _refusals(kept: Resident, merged: Resident) -> list[str]:
    if kept.pk == merged.pk:
        return [_("Choose two different records.")]
    problems = []
    for resident in (kept, merged):
        if resident.status == ResidentStatus.MERGED:
            problems.append(
                _("%(name)s (%(community)s) was already merged into another record.")
                % {"name": resident.name, "community": resident.community}
            )
    waiting = Transfer.objects.filter(
        state=TransferState.PROPOSED, residents__in=[kept.pk, merged.pk]
    ).exists()
    if waiting:
        problems.append(
            _("A transfer of one of these records awaits an answer: answer or withdraw it first.")
        )
    return problems


def _number_problems(kept: Resident, merged: Resident) -> list[str]:
    """The merged record's number checked against the kept record's gender and birth date."""
    probe = Resident(
        document_type=merged.document_type,
        id_number=merged.id_number,
        gender=kept.gender,
        birth_date=kept.birth_date,
    )
    errors = probe.document_errors(skip=())
    if not errors:
        return []
    message = _(
        "The kept record would take the ID number of the other, which disagrees with it: %s"
        " Correct one of the records first."
    )
    return [message % " ".join(str(e) for e in errors.values())]


def merge(kept: Resident, merged: Resident, user: Any, reason: str = "") -> ResidentMerge:
    """Make `merged` one with `kept`, in one transaction with both records locked; MergeRefused
    (nothing written) when the plan finds a problem."""
    with transaction.atomic():
        locked = Resident.objects.select_for_update().in_bulk([kept.pk, merged.pk])
        kept, merged = locked[kept.pk], locked[merged.pk]
        the_plan = plan(kept, merged, lock=True)
        if the_plan.problems:
            raise MergeRefused(the_plan.problems)
        note = f"合并重复记录 #{merged.pk} → #{kept.pk}"
        snapshot = json.loads(serializers.serialize("json", [merged]))[0]["fields"]
        relinked = _relink(the_plan, user, note)
        _retire(merged, kept, user, reason, note)
        if the_plan.takes_number:
            kept.document_type, kept.id_number = snapshot["document_type"], snapshot["id_number"]
        kept._change_reason = note  # type: ignore[attr-defined]
        kept.tags.add(*the_plan.tags)
        kept.save()
        relinked["tags"] = [tag.name for tag in the_plan.tags]
        relinked["id_number"] = the_plan.takes_number
        return ResidentMerge.objects.create(
            kept=kept,
            merged=merged,
            snapshot={"id": merged.pk, **snapshot},
            relinked=relinked,
            reason=reason,
            merged_by=user,
        )


def _retire(merged: Resident, kept: Resident, user: Any, reason: str, note: str) -> None:
    """The merged record leaves the register: 已合并, pointing at the kept one, its number
    given up (the kept record may take it), its residence ended."""
    today = timezone.localdate()
    merged.status = ResidentStatus.MERGED
    merged.status_date = today
    merged.status_reason = (reason or note)[:200]
    merged.merged_into = kept
    merged.id_number = ""
    merged._change_reason = note  # type: ignore[attr-defined]
    periods.record(merged, periods.Move(MoveEvent.RECORDS_MERGED, on=today, reason=note, user=user))
    try:
        merged.save()
    except periods.MoveError as error:
        raise MergeRefused([error.message]) from error


def _relink(the_plan: Plan, user: Any, note: str) -> dict[str, Any]:
    moved: dict[str, int] = {}
    left: dict[str, list[int]] = {}
    dropped: dict[str, int] = {}
    for part in the_plan.parts:
        link = part.link
        if part.moving:
            _repoint(link, part.moving, the_plan.kept, user, note)
            moved[link.key] = len(part.moving)
        if part.clashing and link.joins_only:
            link.model._base_manager.filter(pk__in=[r.pk for r in part.clashing]).delete()
            dropped[link.key] = len(part.clashing)
        elif part.clashing:
            left[link.key] = [row.pk for row in part.clashing]
    return {"moved": moved, "left_with_merged": left, "links_already_held": dropped}


def _repoint(link: Link, rows: list[models.Model], kept: Resident, user: Any, note: str) -> None:
    """Point the rows at the kept record: their version moves on, their history says why."""
    model = link.model
    now = timezone.now()
    stamped = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    for row in rows:
        setattr(row, link.field.name, kept)
        for name in stamped:
            setattr(row, name, now)
    if is_versioned(model):
        bulk.update(model, rows, [link.field.name, *stamped])
    else:
        values = {link.field.attname: kept.pk, **dict.fromkeys(stamped, now)}
        model._base_manager.filter(pk__in=[r.pk for r in rows]).update(**values)
    if hasattr(model._meta, "simple_history_manager_attribute"):
        bulk.history(model, rows, created=False, user=user, reason=note)
