"""重大隐患 are reported upward once: who may, which hazards, what the pages show."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.hazards import workflow
from casework.models import Hazard, HazardAction, HazardState
from ledgers.models import Community


def hazard(community: Community, user: User, level: str = "major") -> Hazard:
    new = Hazard(
        community=community,
        location="大殿",
        description="墙体开裂",
        category="structure",
        level=level,
    )
    workflow.register(new, user)
    return new


def test_a_major_hazard_is_reported_once(accounts: dict[str, User], miaochuan: Community) -> None:
    major = hazard(miaochuan, accounts["staff_mc"])
    action = workflow.report_upward(major, accounts["grid_mc1"], " 党工委 ", "电话报告")
    major.refresh_from_db()
    assert major.reported_on == timezone.localdate() and major.reported_to == "党工委"
    assert major.state == HazardState.REGISTERED  # reporting is no step of the loop
    assert action.kind == HazardAction.Kind.REPORT and action.data["to"] == "党工委"
    with pytest.raises(workflow.WorkflowError, match="已经上报"):
        workflow.report_upward(major, accounts["staff_mc"], "县民宗局")
    major.refresh_from_db()
    assert major.reported_to == "党工委" and major.actions.count() == 2


def test_only_major_hazards_and_only_some_roles_report(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    ordinary = hazard(miaochuan, accounts["staff_mc"], level="ordinary")
    with pytest.raises(workflow.WorkflowError):
        workflow.report_upward(ordinary, accounts["staff_mc"], "党工委")
    major = hazard(miaochuan, accounts["staff_mc"])
    for user, to in [(accounts["county"], "党工委"), (accounts["staff_bh"], "党工委")]:
        with pytest.raises(workflow.WorkflowError):
            workflow.report_upward(major, user, to)
    with pytest.raises(workflow.WorkflowError):
        workflow.report_upward(major, accounts["staff_mc"], "  ")  # to whom?
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(workflow.WorkflowError):
        workflow.report_upward(major, accounts["staff_mc"], "党工委", on=tomorrow)
    major.refresh_from_db()
    assert major.reported_on is None and major.actions.count() == 1
    workflow.report_upward(major, accounts["leader"], "县民宗局", on=date(2026, 11, 1))
    major.refresh_from_db()
    assert major.reported_on == date(2026, 11, 1)


def test_the_detail_page_asks_for_the_report_until_it_is_made(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    major = hazard(miaochuan, accounts["staff_mc"])
    staff = client_as("staff_mc")
    page = staff.get(major.get_absolute_url()).content.decode()
    assert 'id="hazard-report-badge"' in page and 'id="report-form"' in page
    county_page = client_as("county").get(major.get_absolute_url()).content.decode()
    assert 'id="hazard-report-badge"' in county_page and 'id="report-form"' not in county_page

    response = staff.post(
        reverse("casework:hazard_report", args=[major.pk]),
        {"to": "党工委", "on": "2026-11-20", "note": "", "seen_state": major.state},
        follow=True,
    )
    page = response.content.decode()
    assert 'id="hazard-report-badge"' not in page and 'id="report-form"' not in page
    assert "2026-11-20" in page and "党工委" in page
    # A second report is refused with a message and changes nothing.
    response = staff.post(
        reverse("casework:hazard_report", args=[major.pk]),
        {"to": "县民宗局", "seen_state": major.state},
        follow=True,
    )
    major.refresh_from_db()
    assert major.reported_to == "党工委"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_register_lists_major_hazards_not_reported(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    waiting = hazard(miaochuan, accounts["staff_mc"])
    reported = hazard(miaochuan, accounts["staff_mc"])
    workflow.report_upward(reported, accounts["staff_mc"], "党工委")
    hazard(miaochuan, accounts["staff_mc"], level="ordinary")
    response = client_as("leader").get(reverse("casework:hazard_list"), {"unreported": "yes"})
    assert list(response.context["object_list"]) == [waiting]
