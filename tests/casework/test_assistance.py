"""Assistance cases: every legal step per role, every illegal one refused unchanged, 公示 and its
objections, refusals with reasons, the repeat-relief warning, re-checks and the report counts."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from casework.assistance import workflow as steps
from casework.models import (
    AssistanceCase,
    AssistanceKind,
    CaseAction,
    CaseObjection,
    CaseState,
    IncomeCheck,
)
from casework.steps import WorkflowError
from demo.casework import advance_to
from ledgers.models import Household, Resident

S = CaseState
TODAY = timezone.localdate()


def new_case(people: dict[str, Any], user: User, **fields: Any) -> AssistanceCase:
    values: dict[str, Any] = {
        "household": people["household"],
        "applicant": people["head"],
        "kind": AssistanceKind.MINIMUM_LIVING,
        "applied_on": TODAY - timedelta(days=60),
        "reason": "户主患病，家庭收入低",
        "reason_category": "low_income",
        "family_size": 2,
        **fields,
    }
    case = AssistanceCase(**values)
    steps.create(case, user)
    return case


@pytest.fixture
def staff(accounts: dict[str, User]) -> User:
    return accounts["staff_mc"]


def in_state(people: dict[str, Any], staff: User, state: str, **fields: Any) -> AssistanceCase:
    case = new_case(people, staff, **fields)
    advance_to(case, state, staff)
    return case


def test_a_dibao_case_goes_the_whole_way_and_each_step_is_logged(
    mc_people: dict[str, Any], staff: User, accounts: dict[str, User]
) -> None:
    case = new_case(mc_people, staff)
    assert case.community == mc_people["household"].community and case.handled_by == staff
    steps.accept(case, accounts["grid_mc1"], "材料齐全")
    steps.start_investigation(case, staff)
    steps.record_income_check(case, staff, IncomeCheck.ELIGIBLE, Decimal("650"), 2, "无其他收入")
    steps.start_publicity(case, staff, date(2026, 3, 2), opinion="同意上报")
    assert case.publicity_end == date(2026, 3, 9)  # seven days by default
    steps.end_publicity(case, staff, today=date(2026, 3, 9))
    steps.record_street_review(case, staff, True, date(2026, 3, 16), "街审〔2026〕3号")
    steps.approve(
        case, accounts["leader"], Decimal("780"), date(2026, 4, 15), None, date(2026, 3, 28)
    )
    assert case.recheck_due == date(2027, 3, 28) and case.start_month == date(2026, 4, 1)
    steps.start_payment(case, staff, "bank")
    steps.recheck(case, staff, "收入无变化，继续保障", checked_on=date(2027, 3, 20))
    assert case.recheck_due == date(2028, 3, 20)
    steps.stop(case, staff, "户主就业，收入超标")
    case.refresh_from_db()
    assert case.state == S.STOPPED and case.recheck_due is None
    kinds = list(case.actions.values_list("kind", flat=True))
    assert kinds == [
        "create",
        "accept",
        "investigate",
        "income_check",
        "publicity",
        "end_publicity",
        "street_pass",
        "approve",
        "pay",
        "recheck",
        "stop",
    ]
    assert case.history.count() == len(kinds)


def test_medical_assistance_goes_to_the_street_without_a_public_notice(
    mc_people: dict[str, Any], staff: User
) -> None:
    medical = in_state(mc_people, staff, S.INVESTIGATING, kind=AssistanceKind.MEDICAL)
    with pytest.raises(WorkflowError):
        steps.start_publicity(medical, staff, TODAY, opinion="同意")
    steps.send_to_street(medical, staff, "同意上报")
    assert medical.state == S.STREET_REVIEW
    dibao = in_state(mc_people, staff, S.INVESTIGATING)
    with pytest.raises(WorkflowError):
        steps.send_to_street(dibao, staff, "同意上报")


def test_publicity_waits_for_the_income_check_and_the_opinion(
    mc_people: dict[str, Any], staff: User
) -> None:
    case = in_state(mc_people, staff, S.ACCEPTED)
    steps.start_investigation(case, staff)
    with pytest.raises(WorkflowError, match="核查"):
        steps.start_publicity(case, staff, TODAY, opinion="同意")
    steps.record_income_check(case, staff, IncomeCheck.ELIGIBLE, Decimal("500"), 2)
    with pytest.raises(WorkflowError):
        steps.start_publicity(case, staff, TODAY, opinion="  ")
    case.refresh_from_db()
    assert case.state == S.INVESTIGATING and case.publicity_start is None


def test_an_objection_blocks_the_end_of_the_public_notice_until_resolved(
    mc_people: dict[str, Any], staff: User
) -> None:
    case = in_state(mc_people, staff, S.PUBLICITY)
    objection = steps.record_objection(case, staff, "该户有车辆未申报", "邻居", TODAY)
    actions = case.actions.count()
    with pytest.raises(WorkflowError, match="异议"):
        steps.end_publicity(case, staff, today=TODAY + timedelta(days=30))
    case.refresh_from_db()
    assert case.state == S.PUBLICITY and case.actions.count() == actions
    with pytest.raises(WorkflowError):
        steps.resolve_objection(objection, staff, "")
    steps.resolve_objection(objection, staff, "经核实车辆已于去年转让")
    with pytest.raises(WorkflowError):
        steps.resolve_objection(CaseObjection.objects.get(), staff, "再次处理")
    steps.end_publicity(case, staff, today=TODAY + timedelta(days=30))
    assert case.state == S.STREET_REVIEW


def test_the_public_notice_cannot_end_before_its_last_day(
    mc_people: dict[str, Any], staff: User
) -> None:
    case = in_state(mc_people, staff, S.INVESTIGATING)
    steps.start_publicity(case, staff, date(2026, 5, 1), opinion="同意上报")
    with pytest.raises(WorkflowError, match="2026-05-08"):
        steps.end_publicity(case, staff, today=date(2026, 5, 7))
    steps.end_publicity(case, staff, today=date(2026, 5, 8))
    other = in_state(mc_people, staff, S.INVESTIGATING)
    steps.start_publicity(other, staff, date(2026, 5, 1), date(2026, 5, 15), "同意上报")
    assert other.publicity_end == date(2026, 5, 15)


def test_a_refusal_and_a_failed_street_review_need_a_reason(
    mc_people: dict[str, Any], staff: User
) -> None:
    case = in_state(mc_people, staff, S.CIVIL_APPROVAL)
    with pytest.raises(WorkflowError, match="理由"):
        steps.refuse(case, staff, "   ")
    case.refresh_from_db()
    assert case.state == S.CIVIL_APPROVAL and case.decision_reason == ""
    steps.refuse(case, staff, "家庭收入超过标准", document="民救〔2026〕8号")
    assert case.state == S.REFUSED and case.actions.last().note == "家庭收入超过标准"  # type: ignore[union-attr]
    street = in_state(mc_people, staff, S.STREET_REVIEW)
    with pytest.raises(WorkflowError):
        steps.record_street_review(street, staff, False, TODAY, opinion="")
    steps.record_street_review(street, staff, False, TODAY, opinion="材料不实")
    assert street.state == S.REFUSED and street.decision_reason == "材料不实"


def test_approval_needs_an_amount_and_a_first_month(mc_people: dict[str, Any], staff: User) -> None:
    case = in_state(mc_people, staff, S.CIVIL_APPROVAL)
    with pytest.raises(WorkflowError):
        steps.approve(case, staff, Decimal("0"), TODAY)
    with pytest.raises(WorkflowError):
        steps.approve(case, staff, Decimal("780"), date(2026, 5, 1), date(2026, 4, 1))
    case.refresh_from_db()
    assert case.state == S.CIVIL_APPROVAL and case.amount_approved is None


def test_the_applicant_must_belong_to_the_household(mc_people: dict[str, Any], staff: User) -> None:
    with pytest.raises(WorkflowError):
        new_case(mc_people, staff, applicant=mc_people["floating"])
    assert not AssistanceCase.objects.exists()


# ---- every step × every state, per role -----------------------------------------------------

# What each step needs: the state it starts from, and whether it is office work (decisions,
# payment, exit). Written out here, not read from the code under test.
LEGAL_FROM = {
    "accept": (S.DRAFT, False),
    "investigate": (S.ACCEPTED, False),
    "income_check": (S.INVESTIGATING, False),
    "publicity": (S.INVESTIGATING, False),
    "objection": (S.PUBLICITY, False),
    "resolve": (S.PUBLICITY, False),
    "end_publicity": (S.PUBLICITY, False),
    "street_review": (S.STREET_REVIEW, True),
    "approve": (S.CIVIL_APPROVAL, True),
    "refuse": (S.CIVIL_APPROVAL, True),
    "pay": (S.APPROVED, True),
    "stop": (S.PAYING, True),
    "recheck": (S.PAYING, False),
}
# persona → (may handle, may record decisions)
ROLES = {
    "staff_mc": (True, True),
    "leader": (False, True),  # leaders record decisions; communities handle the case
    "grid_mc1": (True, False),
    "county": (False, False),
    "staff_bh": (False, False),  # another community: out of scope
}


def take(step: str, case: AssistanceCase, user: User) -> None:
    later = TODAY + timedelta(days=60)
    if step == "accept":
        steps.accept(case, user)
    elif step == "investigate":
        steps.start_investigation(case, user)
    elif step == "income_check":
        steps.record_income_check(case, user, IncomeCheck.ELIGIBLE, Decimal("400"), 2)
    elif step == "publicity":
        steps.start_publicity(case, user, TODAY, opinion="同意上报")
    elif step == "objection":
        steps.record_objection(case, user, "有异议")
    elif step == "resolve":
        objection = CaseObjection.objects.create(case=case, content="有异议")
        steps.resolve_objection(objection, user, "已核实")
    elif step == "end_publicity":
        steps.end_publicity(case, user, today=later)
    elif step == "street_review":
        steps.record_street_review(case, user, True, TODAY, "街审1号")
    elif step == "approve":
        steps.approve(case, user, Decimal("780"), TODAY)
    elif step == "refuse":
        steps.refuse(case, user, "收入超标")
    elif step == "pay":
        steps.start_payment(case, user, "bank")
    elif step == "stop":
        steps.stop(case, user, "收入超标")
    elif step == "recheck":
        steps.recheck(case, user, "情况无变化")


@pytest.mark.parametrize("persona", sorted(ROLES))
def test_every_step_from_every_state_per_role(
    persona: str, mc_people: dict[str, Any], staff: User, accounts: dict[str, User]
) -> None:
    cases = {state: in_state(mc_people, staff, state).pk for state in S.values}
    user = accounts[persona]
    handles, decides = ROLES[persona]
    wrong: list[tuple[str, str, object]] = []
    for step, (legal_state, office_work) in LEGAL_FROM.items():
        for state, pk in cases.items():
            expected = state == legal_state and (decides if office_work else handles)
            with transaction.atomic():
                case = AssistanceCase.objects.get(pk=pk)
                before = (case.state, CaseAction.objects.filter(case=pk).count())
                try:
                    take(step, case, user)
                    taken = True
                except WorkflowError:
                    taken = False
                    case.refresh_from_db()
                    after = (case.state, CaseAction.objects.filter(case=pk).count())
                    if after != before:
                        wrong.append((step, state, "changed while refused"))
                if taken:
                    assert CaseAction.objects.filter(case=pk).count() == before[1] + 1
                transaction.set_rollback(True)
            if taken != expected:
                wrong.append((step, state, taken))
    assert not wrong


def test_the_offered_steps_are_exactly_the_legal_ones(
    mc_people: dict[str, Any], staff: User, accounts: dict[str, User]
) -> None:
    case = in_state(mc_people, staff, S.PAYING)
    assert steps.available_steps(case, accounts["staff_mc"]) == {"stop", "recheck"}
    assert steps.available_steps(case, accounts["grid_mc1"]) == {"recheck"}
    assert steps.available_steps(case, accounts["county"]) == set()
    temporary = in_state(mc_people, staff, S.PAYING, kind=AssistanceKind.TEMPORARY)
    assert steps.available_steps(temporary, accounts["staff_mc"]) == {"stop"}


# ---- the repeat-relief warning ----------------------------------------------------------------


def test_temporary_relief_again_within_twelve_months_for_the_same_reason_is_flagged(
    mc_people: dict[str, Any], staff: User
) -> None:
    def relief(applied_on: date, category: str = "illness", **extra: Any) -> AssistanceCase:
        return new_case(
            mc_people,
            staff,
            kind=AssistanceKind.TEMPORARY,
            applied_on=applied_on,
            reason_category=category,
            **extra,
        )

    first = relief(date(2025, 6, 10))
    assert steps.earlier_temporary_relief(first) == []
    again = relief(date(2026, 6, 9))
    assert steps.earlier_temporary_relief(again) == [first]
    a_year_on = AssistanceCase(
        household=first.household, kind="temporary", reason_category="illness"
    )
    a_year_on.applied_on = date(2026, 6, 10)  # exactly twelve months later: not within
    assert steps.earlier_temporary_relief(a_year_on) == [again]
    other_reason = relief(date(2026, 6, 9), "disaster")
    assert steps.earlier_temporary_relief(other_reason) == []
    dibao = new_case(mc_people, staff, applied_on=date(2026, 6, 9), reason_category="illness")
    assert steps.earlier_temporary_relief(dibao) == []
    household = Household.objects.create(
        community=first.community, number="MC-0002", address="庙川路2号"
    )
    neighbour = Resident.objects.create(
        community=first.community,
        household=household,
        name="丁梅",
        gender="2",
        birth_date=date(1980, 1, 1),
        ethnicity="03",
    )
    elsewhere = relief(date(2026, 6, 9), household=household, applicant=neighbour)
    assert steps.earlier_temporary_relief(elsewhere) == []


# ---- what reports count, and the re-check list ------------------------------------------------


def test_applications_and_approvals_are_counted_apart(
    mc_people: dict[str, Any], staff: User
) -> None:
    for state in S.values:
        in_state(mc_people, staff, state)
    cases = AssistanceCase.objects.all()
    assert cases.count() == 10
    assert cases.applications().count() == 9  # every case past its draft
    assert set(cases.approvals().values_list("state", flat=True)) == {
        S.APPROVED,
        S.PAYING,
        S.STOPPED,
    }


def test_due_for_recheck_lists_paying_dibao_and_tekun_due_within_thirty_days(
    mc_people: dict[str, Any], staff: User
) -> None:
    def paying(due: date, kind: str = AssistanceKind.MINIMUM_LIVING) -> AssistanceCase:
        case = in_state(mc_people, staff, S.PAYING, kind=kind)
        AssistanceCase.objects.filter(pk=case.pk).update(recheck_due=due)
        return case

    past = paying(TODAY - timedelta(days=5))
    soon = paying(TODAY + timedelta(days=30), AssistanceKind.EXTREME_POVERTY)
    paying(TODAY + timedelta(days=31))
    paying(TODAY - timedelta(days=5), AssistanceKind.TEMPORARY)
    stopped = in_state(mc_people, staff, S.STOPPED)
    AssistanceCase.objects.filter(pk=stopped.pk).update(recheck_due=TODAY)
    due = AssistanceCase.objects.due_for_recheck()
    assert set(due) == {past, soon}
