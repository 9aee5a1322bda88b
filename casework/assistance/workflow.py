"""The steps of an assistance case (DOMAIN.md §7): each checks who acts and from which state,
changes the case and writes a CaseAction, or changes nothing and raises WorkflowError.

草稿 → 已受理 → 调查中 → 公示中 → 待审核(街道) → 待审批(民政) → 已批准 / 不予批准 → 发放中
→ 停发/退出.
The street office and civil affairs decide; the community records their decisions with the date
and document number. Grid workers handle a case up to the end of its 公示; recording decisions,
payment and exit is office work (staff and leaders).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.assistance.models import (
    PUBLICITY_DAYS,
    AssistanceCase,
    AssistanceKind,
    CaseAction,
    CaseObjection,
    CaseState,
    add_years,
)
from casework.steps import lock, require, save_fields

Kind = CaseAction.Kind
State = CaseState

HANDLE = "casework.change_assistancecase"
DECIDE = "casework.record_assistance_decision"


OUT_OF_SCOPE = _("This case is not in your communities.")


# Each step: the permission it needs and the state it starts from (the pages offer exactly these).
STEPS: dict[str, tuple[str, str]] = {
    "accept": (HANDLE, State.DRAFT),
    "investigate": (HANDLE, State.ACCEPTED),
    "income_check": (HANDLE, State.INVESTIGATING),
    "publicity": (HANDLE, State.INVESTIGATING),
    "to_street": (HANDLE, State.INVESTIGATING),
    "objection": (HANDLE, State.PUBLICITY),
    "resolve": (HANDLE, State.PUBLICITY),
    "end_publicity": (HANDLE, State.PUBLICITY),
    "street_review": (DECIDE, State.STREET_REVIEW),
    "approve": (DECIDE, State.CIVIL_APPROVAL),
    "refuse": (DECIDE, State.CIVIL_APPROVAL),
    "pay": (DECIDE, State.APPROVED),
    "stop": (DECIDE, State.PAYING),
    "recheck": (HANDLE, State.PAYING),
}


def _fits_kind(case: AssistanceCase, step: str) -> bool:
    if step == "publicity":
        return case.needs_publicity
    if step == "to_street":
        return not case.needs_publicity
    if step == "recheck":
        return case.is_rechecked_yearly
    return True


def available_steps(case: AssistanceCase, user: Any) -> set[str]:
    """The steps `user` may take on `case` now (its scope is the caller's to check)."""
    return {
        step
        for step, (permission, state) in STEPS.items()
        if case.state == state and user.has_perm(permission) and _fits_kind(case, step)
    }


def _may(case: AssistanceCase, user: Any, step: str, message: Any, seen_state: str | None) -> None:
    """Locked in scope, allowed, still in the state the person saw, and in the state the step
    starts from."""
    lock(case, user, OUT_OF_SCOPE, seen_state)
    permission, state = STEPS[step]
    if permission == DECIDE:
        require(
            user.has_perm(DECIDE), _("Only office staff and leaders record decisions and payment.")
        )
    else:
        require(user.has_perm(HANDLE), _("You may not handle assistance cases."))
    require(case.state == state, message)


def _text(value: str, message: Any) -> str:
    require(bool((value or "").strip()), message)
    return value.strip()


def _act(
    case: AssistanceCase,
    user: Any,
    kind: str,
    to_state: str,
    note: str = "",
    fields: Iterable[str] = (),
    **data: Any,
) -> CaseAction:
    """Move the case to `to_state`, saving the state and the step's own `fields`, and write
    the step's action."""
    from_state = case.state
    case.state = to_state
    case._change_reason = str(dict(Kind.choices)[kind])  # type: ignore[attr-defined]
    save_fields(case, ["state", *fields])
    return CaseAction.objects.create(
        case=case,
        kind=kind,
        actor=user,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data={k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()},
    )


@transaction.atomic
def create(case: AssistanceCase, user: Any, note: str = "") -> CaseAction:
    """登记: the application is drafted for the household."""
    require(user.has_perm("casework.add_assistancecase"), _("You may not add assistance cases."))
    require(
        case.applicant.household_id == case.household_id,
        _("The applicant must be a member of this household."),
    )
    case.community_id = case.household.community_id
    case.grid_id = case.grid_id or case.household.grid_id
    case.handled_by = case.handled_by or user
    case.state = State.DRAFT
    case.save()
    require(AssistanceCase.objects.for_user(user).filter(pk=case.pk).exists(), OUT_OF_SCOPE)
    return CaseAction.objects.create(
        case=case, kind=Kind.CREATE, actor=user, to_state=State.DRAFT, note=note
    )


@transaction.atomic
def accept(
    case: AssistanceCase, user: Any, note: str = "", seen_state: str | None = None
) -> CaseAction:
    """受理: the application and its materials are complete."""
    _may(case, user, "accept", _("Only a draft can be accepted."), seen_state)
    return _act(case, user, Kind.ACCEPT, State.ACCEPTED, note)


@transaction.atomic
def start_investigation(
    case: AssistanceCase, user: Any, note: str = "", seen_state: str | None = None
) -> CaseAction:
    """入户调查: the household visit and the economic check begin."""
    _may(case, user, "investigate", _("Only an accepted case can be investigated."), seen_state)
    return _act(case, user, Kind.INVESTIGATE, State.INVESTIGATING, note)


@transaction.atomic
def record_income_check(
    case: AssistanceCase,
    user: Any,
    result: str,
    monthly_income: Decimal,
    family_size: int,
    note: str = "",
    checked_on: date | None = None,
    seen_state: str | None = None,
) -> CaseAction:
    """家庭经济核查: the household's size, monthly income and the conclusion; may be redone."""
    _may(case, user, "income_check", _("Income is checked during investigation."), seen_state)
    require(bool(result), _("Give the conclusion of the income check."))
    require(monthly_income is not None and monthly_income >= 0, _("Give the monthly income."))
    require(bool(family_size) and family_size > 0, _("Give the number of family members."))
    case.income_check = result
    case.monthly_income = monthly_income
    case.family_size = family_size
    case.income_check_note = note
    case.income_checked_on = checked_on or timezone.localdate()
    fields = ["income_check", "monthly_income", "family_size", "income_check_note"]
    return _act(
        case, user, Kind.INCOME_CHECK, State.INVESTIGATING, fields=[*fields, "income_checked_on"]
    )


def _ready_for_opinion(case: AssistanceCase, opinion: str) -> str:
    require(bool(case.income_check), _("Record the income check first."))
    return _text(opinion, _("Give the community's preliminary opinion."))


@transaction.atomic
def start_publicity(
    case: AssistanceCase,
    user: Any,
    start: date,
    end: date | None = None,
    opinion: str = "",
    seen_state: str | None = None,
) -> CaseAction:
    """公示: the community's opinion is posted, seven days unless other dates are given."""
    _may(case, user, "publicity", _("Only a case under investigation goes up."), seen_state)
    require(case.needs_publicity, _("This kind of assistance is not put up for public notice."))
    case.community_opinion = _ready_for_opinion(case, opinion)
    end = end or start + timedelta(days=PUBLICITY_DAYS)
    require(end > start, _("The public notice must end after it starts."))
    case.publicity_start, case.publicity_end = start, end
    fields = ["community_opinion", "publicity_start", "publicity_end"]
    return _act(case, user, Kind.PUBLICITY, State.PUBLICITY, "", fields, start=start, end=end)


@transaction.atomic
def record_objection(
    case: AssistanceCase,
    user: Any,
    content: str,
    raised_by: str = "",
    received_on: date | None = None,
    seen_state: str | None = None,
) -> CaseObjection:
    """异议: received during the public notice; the case waits until it is resolved."""
    message = _("Objections are recorded during public notice.")
    _may(case, user, "objection", message, seen_state)
    objection = CaseObjection.objects.create(
        case=case,
        content=_text(content, _("Say what the objection is.")),
        raised_by=raised_by.strip(),
        received_on=received_on or timezone.localdate(),
    )
    _act(case, user, Kind.OBJECTION, State.PUBLICITY, content, objection=objection.pk)
    return objection


@transaction.atomic
def resolve_objection(
    objection: CaseObjection,
    user: Any,
    resolution: str,
    resolved_on: date | None = None,
    seen_state: str | None = None,
) -> CaseAction:
    """异议处理: how the objection was checked and answered."""
    case = objection.case
    _may(case, user, "resolve", _("Objections are resolved during public notice."), seen_state)
    lock(objection, user, OUT_OF_SCOPE)  # two people cannot resolve it at once
    require(not objection.is_resolved, _("This objection is already resolved."))
    objection.resolution = _text(resolution, _("Say how the objection was resolved."))
    objection.resolved_on = resolved_on or timezone.localdate()
    objection.resolved_by = user
    save_fields(objection, ["resolution", "resolved_on", "resolved_by"])
    return _act(
        case, user, Kind.RESOLVE, State.PUBLICITY, objection.resolution, objection=objection.pk
    )


@transaction.atomic
def end_publicity(
    case: AssistanceCase,
    user: Any,
    note: str = "",
    today: date | None = None,
    seen_state: str | None = None,
) -> CaseAction:
    """公示期满: with every objection resolved, the case goes to the street office."""
    _may(case, user, "end_publicity", _("This case is not in public notice."), seen_state)
    today = today or timezone.localdate()
    assert case.publicity_end is not None
    require(
        today >= case.publicity_end,
        _("The public notice runs until %(day)s.") % {"day": f"{case.publicity_end:%Y-%m-%d}"},
    )
    require(
        not case.objections.filter(resolved_on__isnull=True).exists(),
        _("Resolve every objection before the case moves on."),
    )
    return _act(case, user, Kind.END_PUBLICITY, State.STREET_REVIEW, note)


@transaction.atomic
def send_to_street(
    case: AssistanceCase, user: Any, opinion: str, seen_state: str | None = None
) -> CaseAction:
    """报街道审核 without 公示: medical, housing and other assistance."""
    _may(case, user, "to_street", _("Only a case under investigation is sent."), seen_state)
    require(not case.needs_publicity, _("This kind of assistance needs a public notice first."))
    case.community_opinion = _ready_for_opinion(case, opinion)
    return _act(case, user, Kind.TO_STREET, State.STREET_REVIEW, fields=["community_opinion"])


@transaction.atomic
def record_street_review(
    case: AssistanceCase,
    user: Any,
    passed: bool,
    reviewed_on: date,
    document: str = "",
    opinion: str = "",
    seen_state: str | None = None,
) -> CaseAction:
    """街道审核: passed → civil affairs; not passed ends the application, with the reason."""
    message = _("This case is not awaiting street review.")
    _may(case, user, "street_review", message, seen_state)
    fields = ["street_passed", "street_reviewed_on", "street_document", "street_opinion"]
    if not passed:
        opinion = _text(opinion, _("Give the reason the street review was not passed."))
        case.decision_reason = opinion
        fields.append("decision_reason")
    case.street_passed = passed
    case.street_reviewed_on = reviewed_on
    case.street_document = document.strip()
    case.street_opinion = opinion.strip()
    kind, to = (
        (Kind.STREET_PASS, State.CIVIL_APPROVAL) if passed else (Kind.STREET_FAIL, State.REFUSED)
    )
    return _act(
        case, user, kind, to, opinion, fields, on=reviewed_on, document=case.street_document
    )


@transaction.atomic
def approve(
    case: AssistanceCase,
    user: Any,
    amount: Decimal,
    start_month: date,
    end_month: date | None = None,
    decided_on: date | None = None,
    document: str = "",
    note: str = "",
    seen_state: str | None = None,
) -> CaseAction:
    """民政批准: the amount (monthly standard for 低保 and 特困) and months; 低保 and 特困 get a
    re-check date a year on."""
    _may(case, user, "approve", _("This case is not awaiting approval."), seen_state)
    require(amount is not None and amount > 0, _("Give the amount approved."))
    require(start_month is not None, _("Give the first month."))
    require(
        end_month is None or end_month >= start_month,
        _("The last month cannot be before the first."),
    )
    decided_on = decided_on or timezone.localdate()
    case.amount_approved = amount
    case.start_month = start_month.replace(day=1)
    case.end_month = end_month.replace(day=1) if end_month else None
    case.decided_on = decided_on
    case.decision_document = document.strip()
    case.decision_reason = note.strip()
    if case.is_rechecked_yearly:
        case.recheck_due = add_years(decided_on, 1)
    fields = ["amount_approved", "start_month", "end_month", "decided_on", "decision_document"]
    fields += ["decision_reason", "recheck_due"]
    return _act(case, user, Kind.APPROVE, State.APPROVED, note, fields, on=decided_on)


@transaction.atomic
def refuse(
    case: AssistanceCase,
    user: Any,
    reason: str,
    decided_on: date | None = None,
    document: str = "",
    seen_state: str | None = None,
) -> CaseAction:
    """不予批准: civil affairs refuses, always with the reason."""
    _may(case, user, "refuse", _("This case is not awaiting approval."), seen_state)
    case.decision_reason = _text(reason, _("Give the reason for refusing."))
    case.decided_on = decided_on or timezone.localdate()
    case.decision_document = document.strip()
    fields = ["decision_reason", "decided_on", "decision_document"]
    return _act(
        case, user, Kind.REFUSE, State.REFUSED, case.decision_reason, fields, on=case.decided_on
    )


@transaction.atomic
def start_payment(
    case: AssistanceCase, user: Any, method: str, note: str = "", seen_state: str | None = None
) -> CaseAction:
    """发放: payment begins by the method given."""
    _may(case, user, "pay", _("Only an approved case can be paid."), seen_state)
    require(bool(method), _("Give the payment method."))
    case.payment_method = method
    return _act(case, user, Kind.PAY, State.PAYING, note, ["payment_method"])


@transaction.atomic
def stop(
    case: AssistanceCase,
    user: Any,
    reason: str,
    stopped_on: date | None = None,
    seen_state: str | None = None,
) -> CaseAction:
    """停发/退出: payment ends, always with the reason (income rose, moved away, one-off paid …)."""
    _may(case, user, "stop", _("Only a case being paid can be stopped."), seen_state)
    case.stop_reason = _text(reason, _("Give the reason for stopping."))
    case.stopped_on = stopped_on or timezone.localdate()
    case.recheck_due = None
    fields = ["stop_reason", "stopped_on", "recheck_due"]
    return _act(case, user, Kind.STOP, State.STOPPED, case.stop_reason, fields, on=case.stopped_on)


@transaction.atomic
def recheck(
    case: AssistanceCase,
    user: Any,
    note: str,
    checked_on: date | None = None,
    next_due: date | None = None,
    seen_state: str | None = None,
) -> CaseAction:
    """年度复核 of 低保 and 特困: what was found, and the next re-check (a year on by default).
    A household no longer eligible is then stopped with its reason."""
    _may(case, user, "recheck", _("Only a case being paid is re-checked."), seen_state)
    require(case.is_rechecked_yearly, _("Only 低保 and 特困 cases are re-checked yearly."))
    note = _text(note, _("Say what the re-check found."))
    checked_on = checked_on or timezone.localdate()
    next_due = next_due or add_years(checked_on, 1)
    require(next_due > checked_on, _("The next re-check must be after this one."))
    case.last_rechecked_on = checked_on
    case.recheck_due = next_due
    fields = ["last_rechecked_on", "recheck_due"]
    return _act(case, user, Kind.RECHECK, State.PAYING, note, fields, on=checked_on, next=next_due)


def earlier_temporary_relief(case: AssistanceCase) -> list[AssistanceCase]:
    """临时救助 of the same household for the same reason applied for within the 12 months
    before this application: a warning for the office, never a block."""
    if case.kind != AssistanceKind.TEMPORARY or not case.household_id:
        return []
    since = add_years(case.applied_on, -1)
    return list(
        AssistanceCase.objects.filter(
            household=case.household_id,
            kind=AssistanceKind.TEMPORARY,
            reason_category=case.reason_category,
            applied_on__gt=since,
            applied_on__lte=case.applied_on,
        )
        .exclude(pk=case.pk)
        .order_by("-applied_on")
    )
