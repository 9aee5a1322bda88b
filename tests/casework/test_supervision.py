"""督办 and 通报: a leader orders an overdue hazard rectified by a date; the order is numbered,
stands in the timeline, prints as the 督办通知书, reaches the community, and once its date has
passed with the hazard open it is in the circular."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.hazards import workflow
from casework.models import Hazard, HazardAction, Supervision
from core.models import Notice
from core.notices import runner
from tests import permission_rows as rows

TODAY = timezone.localdate()


def overdue(people: dict[str, Any], days: int = 20) -> Hazard:
    hazard = rows.hazard_in("in_progress")(people)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=TODAY - timedelta(days=days))
    return Hazard.objects.get(pk=hazard.pk)


def issue(client: Client, hazard: Hazard, due_by: date, reason: str = "逾期未整改") -> Any:
    url = reverse("casework:hazard_supervise", args=[hazard.pk])
    data = {"reason": reason, "due_by": due_by.isoformat(), "seen_state": hazard.state}
    return client.post(url, data, follow=True)


def test_a_leader_issues_a_numbered_order_that_stands_in_the_timeline(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    hazard = overdue(mc_people)
    version = hazard.version
    response = issue(client_as("leader"), hazard, TODAY + timedelta(days=10))
    order = Supervision.objects.get()
    assert order.number == f"DB-MC-{TODAY.year}-0001"
    assert order.issued_by.username == "leader" and order.issued_on == TODAY
    page = response.content.decode()  # the 督办通知书 opens
    assert order.number in page and "督办通知书" in page and "（盖章）" in page
    assert f"{order.due_by:%Y年%-m月%-d日}" in page and "逾期未整改" in page
    action = HazardAction.objects.filter(hazard=hazard).latest("pk")
    assert action.kind == "supervise" and action.data["number"] == order.number
    hazard.refresh_from_db()
    assert hazard.version == version + 1 and hazard.state == "in_progress"


def test_an_order_needs_an_overdue_hazard_a_later_date_and_a_leader(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    leader = client_as("leader")
    on_time = rows.hazard_in("in_progress")(mc_people)  # due in 30 days
    page = leader.get(reverse("casework:hazard_supervise", args=[on_time.pk])).content.decode()
    assert 'id="not-overdue"' in page and 'id="issue-supervision"' not in page
    late = overdue(mc_people)
    page = issue(leader, late, TODAY - timedelta(days=1), reason="逾期").content.decode()
    assert "督办期限须晚于今天" in page and "逾期</textarea>" in page  # what was typed stays
    assert not Supervision.objects.exists()
    url = reverse("casework:hazard_supervise", args=[late.pk])
    assert client_as("staff_mc").get(url).status_code == 403
    assert client_as("staff_bh").get(url).status_code == 404


def test_the_community_is_told_and_an_unmet_order_reaches_the_leaders(
    mc_people: dict[str, Any],
) -> None:
    hazard = overdue(mc_people)
    leader = User.objects.get(username="leader")
    order = workflow.supervise(hazard, leader, "逾期未整改", TODAY + timedelta(days=5))
    runner.run(only=["hazard_supervision"])
    told = set(
        Notice.objects.filter(rule="hazard_supervision").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"staff_mc", "grid_mc1"}
    Supervision.objects.filter(pk=order.pk).update(
        issued_on=TODAY - timedelta(days=10), due_by=TODAY - timedelta(days=1)
    )
    runner.run(only=["hazard_supervision"])
    unmet = Notice.objects.filter(rule="hazard_supervision", threshold=f"unmet-{order.pk}")
    assert "leader" in set(unmet.values_list("recipient__username", flat=True))


def test_the_circular_lists_orders_past_their_date_with_the_hazard_open(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    leader = User.objects.get(username="leader")
    unmet = workflow.supervise(overdue(mc_people), leader, "一", TODAY + timedelta(days=3))
    waiting = workflow.supervise(overdue(mc_people), leader, "二", TODAY + timedelta(days=3))
    met = workflow.supervise(overdue(mc_people), leader, "三", TODAY + timedelta(days=3))
    for order in (unmet, met):
        Supervision.objects.filter(pk=order.pk).update(
            issued_on=TODAY - timedelta(days=20), due_by=TODAY - timedelta(days=2)
        )
    staff = User.objects.get(username="staff_mc")
    workflow.submit_for_review(met.hazard, staff)
    workflow.pass_review(Hazard.objects.get(pk=met.hazard_id), staff)

    page = client_as("leader").get(reverse("casework:hazard_circular")).content.decode()
    assert unmet.number in page and waiting.number not in page and met.number not in page
    period = {"start": (TODAY - timedelta(days=5)).isoformat(), "end": TODAY.isoformat()}
    page = client_as("leader").get(reverse("casework:hazard_circular"), period).content.decode()
    assert unmet.number not in page  # issued before the period
    assert (
        unmet.number
        in client_as("staff_mc").get(reverse("casework:hazard_circular")).content.decode()
    )
    other = client_as("staff_bh").get(reverse("casework:hazard_circular")).content.decode()
    assert unmet.number not in other and 'id="empty-state"' in other


@pytest.mark.parametrize("persona, status", [("staff_bh", 404), ("admin", 403), ("leader", 200)])
def test_the_notice_is_read_only_where_the_hazard_is_seen(
    mc_people: dict[str, Any], client_as: Callable[[str], Client], persona: str, status: int
) -> None:
    order = workflow.supervise(
        overdue(mc_people), User.objects.get(username="leader"), "逾期", TODAY + timedelta(days=3)
    )
    assert client_as(persona).get(order.get_absolute_url()).status_code == status
