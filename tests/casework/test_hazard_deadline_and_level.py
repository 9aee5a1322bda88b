"""Once a hazard is assigned (交办), its deadline and level change only through their steps: an
approved extension, a leader's change of level with its reason. Before, the form takes the
deadline as a date or as working days, never both."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from casework.hazards import workflow
from casework.models import Hazard, HazardAction, HazardLevel, HazardState
from core import workdays
from ledgers.models import Community
from sheets.models import ImportStatus
from tests.casework.test_hazard_pages import register, take
from tests.casework.test_hazard_spreadsheets import HEADERS, hazard_in, row
from tests.casework.test_workflow import complete_five_fixes, new_hazard
from tests.helpers import form_values
from tests.ledgers.test_imports import batch, upload, workbook


def as_the_page_posts(client: Client, hazard: Hazard, **changes: Any) -> Any:
    """Open the hazard's form and save it back with `changes`, as a browser does."""
    page = client.get(reverse("casework:hazard_edit", args=[hazard.pk]))
    data = form_values(page.content)
    return client.post(reverse("casework:hazard_edit", args=[hazard.pk]), {**data, **changes})


def test_a_working_day_deadline_survives_assignment_and_a_later_edit(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    staff = client_as("staff_mc")
    hazard = register(staff, miaochuan, accounts["leader"], deadline="", deadline_working_days=10)
    assert (hazard.deadline, hazard.deadline_working_days) == (None, 10)
    page = staff.get(hazard.get_absolute_url()).content.decode()
    assert "交办后10个工作日" in page
    take(staff, hazard, "assign")
    hazard.refresh_from_db()
    derived = hazard.deadline
    assert (
        hazard.state == HazardState.IN_PROGRESS and derived and hazard.deadline_working_days == 10
    )

    form = staff.get(reverse("casework:hazard_edit", args=[hazard.pk])).context["form"]
    assert not {"deadline", "deadline_working_days", "level"} & set(form.fields)
    response = as_the_page_posts(staff, hazard, measures="更换电线，加装漏电保护")
    assert response.status_code == 302, response.context["form"].errors
    hazard.refresh_from_db()
    assert (hazard.deadline, hazard.deadline_working_days) == (derived, 10)
    assert hazard.measures == "更换电线，加装漏电保护"


def test_an_assigned_hazards_form_ignores_a_posted_deadline_and_level(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    staff = client_as("staff_mc")
    hazard = register(staff, miaochuan, accounts["leader"])
    take(staff, hazard, "assign")
    response = as_the_page_posts(
        staff, hazard, deadline="2030-01-01", deadline_working_days="99", level="major"
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.deadline, hazard.deadline_working_days) == (date(2026, 12, 20), None)
    assert hazard.level == HazardLevel.ORDINARY


def test_a_registered_hazards_deadline_is_a_date_or_working_days(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    staff = client_as("staff_mc")
    both = staff.post(
        reverse("casework:hazard_add"),
        {"community": miaochuan.pk, "deadline": "2026-12-20", "deadline_working_days": "10"},
    )
    assert "不要同时填写" in str(both.context["form"].errors["deadline_working_days"])

    hazard = register(staff, miaochuan, accounts["leader"], deadline="", deadline_working_days=10)
    # A date typed in: the deadline is now that date (the working days kept on the form go).
    response = as_the_page_posts(staff, hazard, deadline="2026-12-31")
    assert response.status_code == 302, response.context["form"].errors
    hazard.refresh_from_db()
    assert (hazard.deadline, hazard.deadline_working_days) == (date(2026, 12, 31), None)
    # And back: working days typed in replace the date.
    as_the_page_posts(staff, hazard, deadline_working_days="5")
    hazard.refresh_from_db()
    assert (hazard.deadline, hazard.deadline_working_days) == (None, 5)


def test_a_deadline_in_a_year_not_yet_announced_is_an_estimate(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    hazard = new_hazard(miaochuan, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["leader"])
    Hazard.objects.filter(pk=hazard.pk).update(deadline=None, deadline_working_days=10)
    beyond = date(workdays.known_years()[-1] + 1, 12, 1)
    workflow.assign(hazard, accounts["staff_mc"], today=beyond)
    page = client_as("staff_mc").get(hazard.get_absolute_url()).content.decode()
    assert "（10个工作日）" in page or "(10个工作日)" in page
    assert "预计" in page


@pytest.fixture
def assigned(accounts: dict[str, User], miaochuan: Community) -> Hazard:
    hazard = new_hazard(miaochuan, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["leader"])
    workflow.assign(hazard, accounts["staff_mc"])
    return hazard


def test_a_leader_changes_the_level_with_a_reason_on_the_timeline(
    assigned: Hazard, client_as: Callable[[str], Client]
) -> None:
    leader = client_as("leader")
    page = leader.get(assigned.get_absolute_url()).content.decode()
    assert 'id="level-step"' in page
    assert (
        'id="level-step"'
        not in client_as("staff_mc").get(assigned.get_absolute_url()).content.decode()
    )
    url = reverse("casework:hazard_level", args=[assigned.pk])
    refused = leader.post(
        url, {"seen_state": "in_progress", "level-level": "major", "level-note": ""}, follow=True
    )
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    response = leader.post(
        url,
        {"seen_state": "in_progress", "level-level": "major", "level-note": "涉及人员密集场所"},
        follow=True,
    )
    assigned.refresh_from_db()
    assert assigned.level == HazardLevel.MAJOR
    action = assigned.actions.last()
    assert action is not None and action.kind == HazardAction.Kind.CHANGE_LEVEL
    assert action.note == "涉及人员密集场所"
    timeline = response.content.decode()
    assert "调整等级" in timeline and "一般隐患 → 重大隐患" in timeline


def test_only_a_leader_changes_the_level_and_never_of_a_closed_hazard(
    assigned: Hazard, accounts: dict[str, User]
) -> None:
    with pytest.raises(workflow.WorkflowError):
        workflow.change_level(assigned, accounts["staff_mc"], HazardLevel.MAJOR, "人员密集")
    workflow.submit_for_review(assigned, accounts["staff_mc"])
    workflow.pass_review(assigned, accounts["leader"])
    with pytest.raises(workflow.WorkflowError):
        workflow.change_level(assigned, accounts["leader"], HazardLevel.MAJOR, "人员密集")
    assigned.refresh_from_db()
    assert assigned.level == HazardLevel.ORDINARY


def test_an_import_cannot_change_the_level_of_an_assigned_hazard(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    hazard = hazard_in(mc_people["place"].community, accounts["staff_mc"])
    complete_five_fixes(hazard, accounts["leader"])
    Hazard.objects.filter(pk=hazard.pk).update(deadline=date(2026, 12, 20))
    workflow.assign(hazard, accounts["staff_mc"])
    upload(
        client_as("staff_mc"),
        "casework:hazard_import",
        workbook([row(hazard.number, level="重大隐患")], headers=HEADERS),
    )
    assert batch().status == ImportStatus.INVALID
    assert "等级" in str(batch().errors)
