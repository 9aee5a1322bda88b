"""The hazard's closed loop: every legal step per role, every illegal one refused unchanged."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from casework.hazards import workflow
from casework.models import Hazard, HazardAction, HazardState
from ledgers.models import Community


def new_hazard(community: Community, user: User, **fields: Any) -> Hazard:
    hazard = Hazard(
        community=community,
        location="大殿电路",
        description="电线老化，接头裸露",
        category="electric",
        found_on=date(2026, 3, 2),
        **fields,
    )
    workflow.register(hazard, user)
    return hazard


def complete_five_fixes(hazard: Hazard, reviewer: User) -> None:
    hazard.responsible_unit = "庙川清真寺管委会"
    hazard.responsible_person = "马福"
    hazard.responsible_phone = "13900001111"
    hazard.measures = "更换电线，加装漏电保护"
    hazard.funding = Decimal("3000")
    hazard.deadline = date(2026, 4, 1)
    hazard.reviewer = reviewer
    hazard.save()


@pytest.fixture
def hazard(accounts: dict[str, User], miaochuan: Community) -> Hazard:
    return new_hazard(miaochuan, accounts["staff_mc"])


def in_progress(hazard: Hazard, accounts: dict[str, User]) -> Hazard:
    complete_five_fixes(hazard, accounts["staff_mc"])
    workflow.assign(hazard, accounts["staff_mc"])
    return hazard


def test_numbers_count_per_community_and_year(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    first = new_hazard(miaochuan, accounts["staff_mc"])
    second = new_hazard(miaochuan, accounts["staff_mc"])
    other = new_hazard(beihuan, accounts["staff_bh"])
    assert (first.number, second.number, other.number) == (
        "YH-MC-2026-0001",
        "YH-MC-2026-0002",
        "YH-BH-2026-0001",  # its own count, and a number no other community has
    )
    assert first.actions.get().kind == HazardAction.Kind.REGISTER


def test_assigning_waits_for_the_five_fixes(hazard: Hazard, accounts: dict[str, User]) -> None:
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.assign(hazard, accounts["staff_mc"])
    assert "责任人" in str(refused.value.message) and "复查人" in str(refused.value.message)
    hazard.refresh_from_db()
    assert hazard.state == HazardState.REGISTERED and hazard.actions.count() == 1
    in_progress(hazard, accounts)
    assert hazard.state == HazardState.IN_PROGRESS and hazard.assigned_on


def test_an_illegal_step_changes_nothing(hazard: Hazard, accounts: dict[str, User]) -> None:
    for step in (workflow.pass_review, workflow.submit_for_review):
        with pytest.raises(workflow.WorkflowError):
            step(
                hazard, accounts["leader"] if step is workflow.pass_review else accounts["staff_mc"]
            )
    hazard.refresh_from_db()
    assert hazard.state == HazardState.REGISTERED and hazard.actions.count() == 1


def test_only_a_leader_or_the_named_reviewer_closes(
    hazard: Hazard, accounts: dict[str, User]
) -> None:
    complete_five_fixes(hazard, accounts["grid_mc1"])
    workflow.assign(hazard, accounts["staff_mc"])
    workflow.report_progress(hazard, accounts["staff_mc"], "已更换一半电线")
    workflow.submit_for_review(hazard, accounts["staff_mc"], "整改完成")
    with pytest.raises(workflow.WorkflowError):
        workflow.pass_review(hazard, accounts["staff_mc"])  # staff, not the reviewer
    workflow.pass_review(hazard, accounts["grid_mc1"], "现场复查合格")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED and hazard.closed_on
    kinds = list(hazard.actions.values_list("kind", flat=True))
    assert kinds == ["register", "assign", "progress", "submit", "pass"]


def test_a_failed_review_goes_back_with_its_reason(
    hazard: Hazard, accounts: dict[str, User]
) -> None:
    in_progress(hazard, accounts)
    workflow.submit_for_review(hazard, accounts["staff_mc"])
    with pytest.raises(workflow.WorkflowError):
        workflow.fail_review(hazard, accounts["leader"], "  ")
    workflow.fail_review(hazard, accounts["leader"], "漏电保护未安装")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.IN_PROGRESS
    assert hazard.actions.values_list("note", flat=True).last() == "漏电保护未安装"


def test_an_extension_keeps_the_old_deadline_in_the_record(
    hazard: Hazard, accounts: dict[str, User]
) -> None:
    in_progress(hazard, accounts)
    with pytest.raises(workflow.WorkflowError):
        workflow.request_extension(hazard, accounts["staff_mc"], date(2026, 3, 1), "材料未到")
    workflow.request_extension(hazard, accounts["staff_mc"], date(2026, 5, 1), "材料未到")
    with pytest.raises(workflow.WorkflowError):
        workflow.decide_extension(hazard, accounts["staff_mc"], approve=True)
    action = workflow.decide_extension(hazard, accounts["leader"], approve=True, note="同意")
    hazard.refresh_from_db()
    assert hazard.deadline == date(2026, 5, 1)
    assert action.data == {"old": "2026-04-01", "new": "2026-05-01"}


def test_a_refused_extension_leaves_the_deadline(hazard: Hazard, accounts: dict[str, User]) -> None:
    in_progress(hazard, accounts)
    workflow.request_extension(hazard, accounts["staff_mc"], date(2026, 5, 1), "材料未到")
    workflow.decide_extension(hazard, accounts["leader"], approve=False, note="须按期完成")
    hazard.refresh_from_db()
    assert hazard.deadline == date(2026, 4, 1) and hazard.extension_requested_to is None


def test_only_a_leader_reopens_a_closed_hazard(hazard: Hazard, accounts: dict[str, User]) -> None:
    in_progress(hazard, accounts)
    workflow.submit_for_review(hazard, accounts["staff_mc"])
    workflow.pass_review(hazard, accounts["leader"])
    with pytest.raises(workflow.WorkflowError):
        workflow.reopen(hazard, accounts["staff_mc"], "又发现问题")
    workflow.reopen(hazard, accounts["leader"], "又发现问题")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.IN_PROGRESS and hazard.closed_on is None


def test_another_community_cannot_act(hazard: Hazard, accounts: dict[str, User]) -> None:
    complete_five_fixes(hazard, accounts["staff_mc"])
    with pytest.raises(workflow.WorkflowError):
        workflow.assign(hazard, accounts["staff_bh"])
    hazard.refresh_from_db()
    assert hazard.state == HazardState.REGISTERED


def test_a_working_day_deadline_skips_the_national_day_holiday(
    hazard: Hazard, accounts: dict[str, User]
) -> None:
    complete_five_fixes(hazard, accounts["staff_mc"])
    hazard.deadline = None
    hazard.deadline_working_days = 3
    hazard.save()
    workflow.assign(hazard, accounts["staff_mc"], today=date(2024, 9, 27))  # a Friday
    # 2024-09-29 (Sunday) is a make-up working day; 10-01..10-07 are holidays.
    assert hazard.deadline == date(2024, 10, 8)
    assert hazard.days_overdue(today=date(2024, 10, 12)) == 4  # 9th–11th, and the make-up 12th


def test_overdue_is_derived_and_closed_hazards_are_never_overdue(
    hazard: Hazard, accounts: dict[str, User]
) -> None:
    in_progress(hazard, accounts)
    assert hazard.days_overdue(today=date(2026, 4, 11)) == 10
    assert hazard.days_overdue(today=date(2026, 4, 1)) == 0
    hazard.state = HazardState.CLOSED
    assert hazard.days_overdue(today=date(2026, 4, 11)) == 0
