"""Workflow steps lock what they change: each re-reads its row inside its transaction, refuses
a step on a row that has moved on since the page showed it, and saves only its own fields, so
an edit saved a moment earlier by someone else survives the step."""

import threading
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test import Client
from django.urls import reverse

from campaigns.models import Visit, VisitPurpose
from campaigns.visits.follow_ups import open_hazard
from casework.assistance import workflow as steps
from casework.hazards import workflow
from casework.inspections.workflow import raise_hazard
from casework.models import (
    AssistanceCase,
    AssistanceKind,
    CaseState,
    Hazard,
    HazardState,
    InspectionItem,
)
from casework.steps import lock
from ledgers.models import Community
from tests.casework.test_inspections import inspect
from tests.casework.test_workflow import complete_five_fixes, new_hazard

STALE = "刷新页面"  # the refusal of a step on a row that moved on tells the person to reload


@pytest.fixture
def under_review(accounts: dict[str, User], miaochuan: Community) -> Hazard:
    hazard = new_hazard(miaochuan, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["grid_mc1"])  # the named reviewer
    workflow.assign(hazard, accounts["staff_mc"])
    workflow.submit_for_review(hazard, accounts["staff_mc"], "整改完成")
    return Hazard.objects.get(pk=hazard.pk)


def test_a_review_after_a_concurrent_five_fixes_edit_keeps_the_edit(
    under_review: Hazard, accounts: dict[str, User]
) -> None:
    seen = Hazard.objects.get(pk=under_review.pk)  # the leader's page
    other = Hazard.objects.get(pk=under_review.pk)  # a colleague's edit, saved first
    other.measures = "更换电线，加装漏电保护，另增设灭火器"
    other.save()
    workflow.pass_review(seen, accounts["leader"], "合格", seen_state=HazardState.UNDER_REVIEW)
    stored = Hazard.objects.get(pk=under_review.pk)
    assert stored.state == HazardState.CLOSED and stored.closed_on
    assert stored.measures == "更换电线，加装漏电保护，另增设灭火器"


def test_a_step_on_a_hazard_that_moved_on_is_refused_and_changes_nothing(
    under_review: Hazard, accounts: dict[str, User]
) -> None:
    seen = Hazard.objects.get(pk=under_review.pk)  # the leader's page: awaiting review
    workflow.fail_review(under_review, accounts["grid_mc1"], "漏电保护未安装")  # the reviewer's
    actions = under_review.actions.count()
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.pass_review(seen, accounts["leader"], "合格", seen_state="under_review")
    assert STALE in str(refused.value.message) and "整改中" in str(refused.value.message)
    stored = Hazard.objects.get(pk=under_review.pk)
    assert stored.state == HazardState.IN_PROGRESS and stored.closed_on is None
    assert stored.actions.count() == actions


def test_a_stale_step_through_the_page_says_why_and_changes_nothing(
    under_review: Hazard, accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    leader = client_as("leader")
    page = leader.get(under_review.get_absolute_url()).content.decode()
    review_form = page.split('id="review-form"')[1].split("</form>")[0]
    assert 'name="seen_state" value="under_review"' in review_form
    workflow.fail_review(under_review, accounts["grid_mc1"], "漏电保护未安装")
    url = reverse("casework:hazard_pass", args=[under_review.pk])
    response = leader.post(url, {"seen_state": "under_review", "note": "合格"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert STALE in response.content.decode()
    assert Hazard.objects.get(pk=under_review.pk).state == HazardState.IN_PROGRESS


def test_every_step_form_on_the_hazard_page_carries_the_state_it_shows(
    accounts: dict[str, User], miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    hazard = new_hazard(miaochuan, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["staff_mc"])
    workflow.assign(hazard, accounts["staff_mc"])
    workflow.request_extension(hazard, accounts["staff_mc"], date(2026, 5, 1), "材料未到")
    for persona in ("staff_mc", "leader"):
        page = client_as(persona).get(hazard.get_absolute_url()).content.decode()
        steps_forms = [
            form.split("</form>")[0]
            for form in page.split("<form")[1:]
            if "/casework/hazards/" in form.split(">")[0] or "formaction" in form
        ]
        assert steps_forms
        for form in steps_forms:
            assert 'name="seen_state" value="in_progress"' in form
    assert 'name="seen_request" value="2026-05-01"' in page  # the leader's decision


def test_an_extension_decision_is_for_the_request_the_leader_saw(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    hazard = new_hazard(miaochuan, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["staff_mc"])
    workflow.assign(hazard, accounts["staff_mc"])
    staff, leader = accounts["staff_mc"], accounts["leader"]
    workflow.request_extension(hazard, staff, date(2026, 5, 1), "材料未到")
    workflow.decide_extension(hazard, leader, approve=False, note="须按期完成")  # another leader
    workflow.request_extension(hazard, staff, date(2026, 9, 1), "施工队未到")
    with pytest.raises(workflow.WorkflowError):
        workflow.decide_extension(
            hazard, leader, approve=True, seen_state="in_progress", seen_request=date(2026, 5, 1)
        )
    hazard.refresh_from_db()
    assert hazard.deadline == date(2026, 4, 1) and hazard.extension_requested_to


@pytest.mark.django_db(transaction=True)
def test_a_step_locks_its_row_only_inside_a_transaction(
    under_review: Hazard, accounts: dict[str, User]
) -> None:
    with pytest.raises(TransactionManagementError):
        lock(under_review, accounts["leader"], "—")


@pytest.fixture
def draft(mc_people: dict[str, Any], accounts: dict[str, User]) -> AssistanceCase:
    case = AssistanceCase(
        household=mc_people["household"],
        applicant=mc_people["head"],
        kind=AssistanceKind.MINIMUM_LIVING,
        reason="户主患病，家庭收入低",
        reason_category="low_income",
        family_size=2,
    )
    steps.create(case, accounts["staff_mc"])
    return AssistanceCase.objects.get(pk=case.pk)


def test_an_assistance_step_keeps_an_edit_saved_meanwhile(
    draft: AssistanceCase, accounts: dict[str, User]
) -> None:
    seen = AssistanceCase.objects.get(pk=draft.pk)
    other = AssistanceCase.objects.get(pk=draft.pk)
    other.reason = "户主患病住院，妻子无业"
    other.amount_requested = Decimal("800")
    other.save()
    steps.accept(seen, accounts["staff_mc"], "材料齐全", seen_state=CaseState.DRAFT)
    stored = AssistanceCase.objects.get(pk=draft.pk)
    assert stored.state == CaseState.ACCEPTED
    assert (stored.reason, stored.amount_requested) == ("户主患病住院，妻子无业", Decimal("800"))


def test_an_assistance_step_on_a_case_that_moved_on_is_refused(
    draft: AssistanceCase, accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    steps.accept(draft, accounts["grid_mc1"])  # a colleague accepted it a moment ago
    steps.start_investigation(draft, accounts["grid_mc1"])
    url = reverse("casework:assistance_accept", args=[draft.pk])
    response = client_as("staff_mc").post(url, {"seen_state": "draft"}, follow=True)
    assert STALE in response.content.decode() and "调查中" in response.content.decode()
    stored = AssistanceCase.objects.get(pk=draft.pk)
    assert stored.state == CaseState.INVESTIGATING and stored.actions.count() == 3


def test_an_inspection_item_passed_since_the_page_is_not_raised(
    accounts: dict[str, User], miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, gas="软管老化")
    item = inspection.items.get(item="gas")
    page = client_as("staff_mc").get(inspection.get_absolute_url()).content.decode()
    assert 'name="seen_state" value="fail"' in page
    InspectionItem.objects.filter(pk=item.pk).update(result="pass", note="")  # re-checked
    with pytest.raises(workflow.WorkflowError) as refused:
        raise_hazard(item, accounts["staff_mc"], seen_state="fail")
    assert STALE in str(refused.value.message)
    assert not Hazard.objects.exists()


def test_an_inspection_edit_keeps_the_hazard_an_item_became(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    from casework.inspections.workflow import record_inspection
    from tests.casework.test_inspections import answers

    inspection = inspect(accounts["staff_mc"], miaochuan, gas="软管老化")
    hazard = raise_hazard(inspection.items.get(item="gas"), accounts["staff_mc"], "fail")
    record_inspection(inspection, answers(gas="软管老化，已关阀"), accounts["staff_mc"])
    item = inspection.items.get(item="gas")
    assert item.hazard == hazard and item.note == "软管老化，已关阀"


def test_a_visit_follow_up_keeps_an_edit_of_the_visit_saved_meanwhile(
    accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    visit = Visit.objects.create(
        household=mc_people["household"],
        visited_on=date(2026, 3, 18),
        purpose=VisitPurpose.SAFETY,
        findings="厨房燃气软管老化",
    )
    seen = Visit.objects.get(pk=visit.pk)
    other = Visit.objects.get(pk=visit.pk)
    other.follow_up = "已联系燃气公司"
    other.save()
    hazard = open_hazard(seen, accounts["staff_mc"], category="gas")
    stored = Visit.objects.get(pk=visit.pk)
    assert stored.hazard == hazard and stored.follow_up == "已联系燃气公司"
    with pytest.raises(workflow.WorkflowError):
        open_hazard(other, accounts["staff_mc"], category="gas")  # a page opened before
    assert Hazard.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_leaders_deciding_one_review_at_once_cannot_both_succeed(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    hazard = new_hazard(miaochuan, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["grid_mc1"])
    workflow.assign(hazard, accounts["staff_mc"])
    workflow.submit_for_review(hazard, accounts["staff_mc"])
    outcome: list[Any] = []

    def fail_it() -> None:
        try:
            stale = Hazard.objects.get(pk=hazard.pk)  # the other leader's page
            reviewer = accounts["grid_mc1"]
            outcome.append(workflow.fail_review(stale, reviewer, "不合格", "under_review"))
        except workflow.WorkflowError as error:
            outcome.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        workflow.pass_review(hazard, accounts["leader"], "合格", seen_state="under_review")
        other = threading.Thread(target=fail_it)
        other.start()
        time.sleep(0.5)  # the other leader's step now waits for this one's lock
    other.join()
    assert isinstance(outcome[0], workflow.WorkflowError)
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.CLOSED
