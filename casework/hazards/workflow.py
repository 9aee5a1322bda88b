"""The hazard's closed loop (DOMAIN.md §6): each step checks who acts and from which state,
changes the hazard and writes a HazardAction, or changes nothing and says why."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.hazards.models import Hazard, HazardAction, HazardLevel, HazardState, Supervision
from casework.notices import free_number
from casework.steps import WorkflowError as WorkflowError  # callers catch workflow.WorkflowError
from casework.steps import lock, require, save_fields
from core import workdays

Kind = HazardAction.Kind


def _lock(hazard: Hazard, user: Any, seen_state: str | None) -> None:
    lock(hazard, user, _("This hazard is not in your communities."), seen_state)


def _may_edit(hazard: Hazard, user: Any, seen_state: str | None) -> None:
    _lock(hazard, user, seen_state)
    require(user.has_perm("casework.change_hazard"), _("You may not handle hazards."))


def _act(
    hazard: Hazard,
    user: Any,
    kind: str,
    to_state: str,
    note: str = "",
    fields: Iterable[str] = (),
    **data: Any,
) -> HazardAction:
    """Move the hazard to `to_state`, saving the state and the step's own `fields`, and
    write the step's action."""
    from_state = hazard.state
    hazard.state = to_state
    hazard._change_reason = str(dict(HazardAction.Kind.choices)[kind])  # type: ignore[attr-defined]
    save_fields(hazard, ["state", *fields])
    return HazardAction.objects.create(
        hazard=hazard,
        kind=kind,
        actor=user,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
    )


NUMBER_PREFIX = "YH"  # 隐患


def next_number(hazard: Hazard) -> str:
    """YH-<the community's short code>-<year found>-<0001 …>, unique office-wide."""
    return free_number(Hazard, "number", hazard.community, NUMBER_PREFIX, hazard.found_on.year)


@transaction.atomic
def register(hazard: Hazard, user: Any, note: str = "") -> HazardAction:
    """登记: a new hazard gets its number; the loop starts."""
    require(user.has_perm("casework.add_hazard"), _("You may not register hazards."))
    hazard.number = next_number(hazard)
    hazard.state = HazardState.REGISTERED
    hazard.save()
    require(
        Hazard.objects.for_user(user).filter(pk=hazard.pk).exists(),
        _("This hazard is not in your communities."),
    )
    return HazardAction.objects.create(
        hazard=hazard, kind=Kind.REGISTER, actor=user, to_state=HazardState.REGISTERED, note=note
    )


@transaction.atomic
def assign(
    hazard: Hazard,
    user: Any,
    note: str = "",
    today: date | None = None,
    seen_state: str | None = None,
) -> HazardAction:
    """交办: only when the 五定 are complete; a deadline in working days is fixed now."""
    _may_edit(hazard, user, seen_state)
    require(
        hazard.state == HazardState.REGISTERED,
        _("Only a hazard awaiting assignment can be assigned."),
    )
    missing = hazard.missing_five_fixes()
    require(
        not missing,
        _("Fill in before assigning: %(fields)s.") % {"fields": "、".join(str(m) for m in missing)},
    )
    today = today or timezone.localdate()
    hazard.assigned_on = today
    if hazard.deadline_working_days is not None:
        hazard.deadline = workdays.add_working_days(today, hazard.deadline_working_days)
    return _act(
        hazard,
        user,
        Kind.ASSIGN,
        HazardState.IN_PROGRESS,
        note,
        ["assigned_on", "deadline"],
        deadline=hazard.deadline.isoformat() if hazard.deadline else None,
    )


@transaction.atomic
def report_progress(
    hazard: Hazard, user: Any, note: str, seen_state: str | None = None
) -> HazardAction:
    """反馈进展: any number of times while the hazard is being rectified."""
    _may_edit(hazard, user, seen_state)
    require(hazard.state == HazardState.IN_PROGRESS, _("Progress is reported while rectifying."))
    require(bool(note.strip()), _("Say what was done."))
    return _act(hazard, user, Kind.PROGRESS, HazardState.IN_PROGRESS, note)


@transaction.atomic
def submit_for_review(
    hazard: Hazard,
    user: Any,
    note: str = "",
    completed_on: date | None = None,
    seen_state: str | None = None,
) -> HazardAction:
    """提交复查: the rectification is done and waits for its reviewer."""
    _may_edit(hazard, user, seen_state)
    require(
        hazard.state == HazardState.IN_PROGRESS,
        _("Only a hazard being rectified can be submitted."),
    )
    hazard.completed_on = completed_on or timezone.localdate()
    return _act(hazard, user, Kind.SUBMIT, HazardState.UNDER_REVIEW, note, ["completed_on"])


def _may_review(hazard: Hazard, user: Any, seen_state: str | None) -> None:
    _lock(hazard, user, seen_state)
    require(
        user.has_perm("casework.review_hazard") or hazard.reviewer_id == user.pk,
        _("Only a leader or the named reviewer can decide the review."),
    )
    require(hazard.state == HazardState.UNDER_REVIEW, _("This hazard is not awaiting review."))


@transaction.atomic
def pass_review(
    hazard: Hazard, user: Any, note: str = "", seen_state: str | None = None
) -> HazardAction:
    """复查通过 → 销号."""
    _may_review(hazard, user, seen_state)
    hazard.closed_on = timezone.localdate()
    return _act(hazard, user, Kind.PASS, HazardState.CLOSED, note, ["closed_on"])


@transaction.atomic
def fail_review(
    hazard: Hazard, user: Any, reason: str, seen_state: str | None = None
) -> HazardAction:
    """复查不通过: back to rectification, with the reason."""
    _may_review(hazard, user, seen_state)
    require(bool(reason.strip()), _("Give the reason the review failed."))
    hazard.completed_on = None
    return _act(hazard, user, Kind.FAIL, HazardState.IN_PROGRESS, reason, ["completed_on"])


@transaction.atomic
def request_extension(
    hazard: Hazard, user: Any, new_deadline: date, reason: str, seen_state: str | None = None
) -> HazardAction:
    """申请延期: a leader decides; the old deadline stands until then."""
    _may_edit(hazard, user, seen_state)
    require(
        hazard.state == HazardState.IN_PROGRESS, _("An extension is asked for while rectifying.")
    )
    require(not hazard.extension_requested_to, _("An extension request is already waiting."))
    require(bool(reason.strip()), _("Give the reason for the extension."))
    require(
        hazard.deadline is None or new_deadline > hazard.deadline,
        _("The new deadline must be later than the current one."),
    )
    hazard.extension_requested_to = new_deadline
    hazard.extension_reason = reason
    return _act(
        hazard,
        user,
        Kind.REQUEST_EXTENSION,
        hazard.state,
        reason,
        ["extension_requested_to", "extension_reason"],
        requested=new_deadline.isoformat(),
    )


@transaction.atomic
def decide_extension(
    hazard: Hazard,
    user: Any,
    approve: bool,
    note: str = "",
    seen_state: str | None = None,
    seen_request: date | None = None,
) -> HazardAction:
    """批准 or 驳回: an approved extension moves the deadline; the old one stays in the action.

    `seen_request` is the requested deadline the leader saw: a request decided and asked
    again meanwhile is not decided in its place."""
    _lock(hazard, user, seen_state)
    require(user.has_perm("casework.decide_extension"), _("Only a leader decides extensions."))
    require(bool(hazard.extension_requested_to), _("No extension request is waiting."))
    require(
        seen_request is None or hazard.extension_requested_to == seen_request,
        _(
            "The extension request has changed since you opened the page. Nothing was "
            "decided; reload the page and check the request."
        ),
    )
    old = hazard.deadline
    new = hazard.extension_requested_to
    assert new is not None
    if approve:
        hazard.deadline = new
        hazard.deadline_working_days = None  # the new deadline is a date
    hazard.extension_requested_to = None
    hazard.extension_reason = ""
    kind = Kind.APPROVE_EXTENSION if approve else Kind.REFUSE_EXTENSION
    return _act(
        hazard,
        user,
        kind,
        hazard.state,
        note,
        ["deadline", "deadline_working_days", "extension_requested_to", "extension_reason"],
        old=old.isoformat() if old else None,
        new=new.isoformat(),
    )


@transaction.atomic
def reopen(hazard: Hazard, user: Any, reason: str, seen_state: str | None = None) -> HazardAction:
    """重新打开: the only way to change a closed hazard."""
    _lock(hazard, user, seen_state)
    require(user.has_perm("casework.reopen_hazard"), _("Only a leader can reopen a hazard."))
    require(hazard.state == HazardState.CLOSED, _("Only a closed hazard can be reopened."))
    require(bool(reason.strip()), _("Give the reason for reopening."))
    hazard.closed_on = None
    hazard.completed_on = None
    return _act(
        hazard, user, Kind.REOPEN, HazardState.IN_PROGRESS, reason, ["closed_on", "completed_on"]
    )


@transaction.atomic
def report_upward(
    hazard: Hazard,
    user: Any,
    to: str,
    note: str = "",
    on: date | None = None,
    seen_state: str | None = None,
) -> HazardAction:
    """上报: a major hazard is reported to the party work committee or the county, once."""
    _lock(hazard, user, seen_state)
    require(user.has_perm("casework.report_hazard"), _("You may not report hazards upward."))
    require(hazard.level == HazardLevel.MAJOR, _("Only a major hazard is reported upward."))
    require(hazard.reported_on is None, _("This hazard has already been reported upward."))
    require(bool(to.strip()), _("Say to whom the hazard is reported."))
    on = on or timezone.localdate()
    require(on <= timezone.localdate(), _("The date of reporting cannot be in the future."))
    hazard.reported_on = on
    hazard.reported_to = to.strip()
    # The timeline shows the note: it says to whom, then anything added.
    note = f"{hazard.reported_to}：{note.strip()}" if note.strip() else hazard.reported_to
    return _act(
        hazard,
        user,
        Kind.REPORT,
        hazard.state,
        note,
        ["reported_on", "reported_to"],
        to=hazard.reported_to,
        on=on.isoformat(),
    )


@transaction.atomic
def change_level(
    hazard: Hazard, user: Any, level: str, reason: str, seen_state: str | None = None
) -> HazardAction:
    """调整等级: once assigned, a hazard's level changes only by a leader, with the reason, on
    its timeline (before, the hazard's form edits it)."""
    _lock(hazard, user, seen_state)
    require(
        user.has_perm("casework.change_hazard_level"),
        _("Only a leader changes the level of a hazard."),
    )
    require(hazard.state != HazardState.CLOSED, _("A closed hazard changes only by reopening."))
    require(level in HazardLevel.values, _("Choose the level."))
    require(level != hazard.level, _("The hazard already has this level."))
    require(bool(reason.strip()), _("Give the reason for the change of level."))
    old, hazard.level = hazard.level, level
    return _act(
        hazard,
        user,
        Kind.CHANGE_LEVEL,
        hazard.state,
        reason,
        ["level"],
        **{"from": old, "to": level},
    )


SUPERVISION_PREFIX = "DB"  # 督办


@transaction.atomic
def supervise(
    hazard: Hazard,
    user: Any,
    reason: str,
    due_by: date,
    today: date | None = None,
    seen_state: str | None = None,
) -> Supervision:
    """督办: a leader orders an overdue hazard rectified by a date. The order gets its number
    (DB-MC-2026-0001) and stands in the hazard's timeline; the 督办通知书 prints it."""
    _lock(hazard, user, seen_state)
    require(user.has_perm("casework.supervise_hazard"), _("You may not issue supervision orders."))
    today = today or timezone.localdate()
    require(hazard.days_overdue(today) > 0, _("Only an overdue hazard is put under supervision."))
    require(due_by > today, _("The date to rectify by must be after today."))
    require(bool(reason.strip()), _("Say why the order is issued."))
    supervision = Supervision.objects.create(
        hazard=hazard,
        number=free_number(Supervision, "number", hazard.community, SUPERVISION_PREFIX, today.year),
        issued_on=today,
        issued_by=user,
        reason=reason.strip(),
        due_by=due_by,
    )
    _act(
        hazard,
        user,
        Kind.SUPERVISE,
        hazard.state,
        reason.strip(),
        supervision=supervision.pk,
        number=supervision.number,
        due_by=due_by.isoformat(),
    )
    return supervision
