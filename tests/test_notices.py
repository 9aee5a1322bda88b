"""Notices: rules write each notice once per record, threshold and person, resolve it when the
condition clears, follow a record to its new community, and ask the database a fixed number of
times; the inbox shows a person their own notices only."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.hazards import workflow
from casework.models import Hazard
from core.models import Notice, RuleSetting
from core.notices import runner
from ledgers.models import Community
from tests import permission_rows as rows

MONDAY = date(2026, 11, 2)  # a plain working week: 2026-11-02 to 11-06


def hazard_due(people: dict[str, Any], deadline: date) -> Hazard:
    hazard = rows.hazard_in("in_progress")(people)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=deadline)
    return Hazard.objects.get(pk=hazard.pk)


def notices(rule: str, **filters: Any) -> list[tuple[str, str, bool]]:
    """(recipient, threshold, current) of a rule's notices."""
    found = Notice.objects.filter(rule=rule, **filters).order_by("recipient__username", "pk")
    return [(n.recipient.username, n.threshold, n.resolved_at is None) for n in found]


def run(rule: str, today: date) -> runner.Outcome:
    (outcome,) = runner.run(today=today, only=[rule])
    return outcome


def test_a_deadline_in_three_working_days_is_told_once_to_the_community(
    mc_people: dict[str, Any],
) -> None:
    hazard = hazard_due(mc_people, MONDAY + timedelta(days=3))  # Thursday
    first = run("hazard_deadline", MONDAY)
    assert notices("hazard_deadline") == [("grid_mc1", "3", True), ("staff_mc", "3", True)]
    assert first.created == 2
    again = run("hazard_deadline", MONDAY)  # running twice writes nothing new
    assert (again.created, again.reopened, again.resolved) == (0, 0, 0)
    notice = Notice.objects.get(rule="hazard_deadline", recipient__username="staff_mc")
    assert notice.url == hazard.get_absolute_url()
    assert hazard.number in notice.title and "还有 3 个工作日" in notice.title
    assert f"{hazard.deadline:%Y-%m-%d}" in notice.title
    # Two days later the next threshold: a new notice, the earlier one resolved.
    run("hazard_deadline", MONDAY + timedelta(days=2))
    assert notices("hazard_deadline", recipient__username="staff_mc") == [
        ("staff_mc", "3", False),
        ("staff_mc", "1", True),
    ]


def test_an_overdue_notice_resolves_when_the_hazard_is_closed(mc_people: dict[str, Any]) -> None:
    hazard = hazard_due(mc_people, MONDAY - timedelta(days=7))
    run("hazard_deadline", MONDAY)
    assert ("staff_mc", "overdue", True) in notices("hazard_deadline")
    staff = User.objects.get(username="staff_mc")
    workflow.submit_for_review(hazard, staff)
    workflow.pass_review(Hazard.objects.get(pk=hazard.pk), staff)
    outcome = run("hazard_deadline", MONDAY)
    assert outcome.resolved == 2
    assert all(not current for _, _, current in notices("hazard_deadline"))


def test_long_overdue_hazards_go_to_the_leaders_and_extensions_to_who_decides(
    mc_people: dict[str, Any],
) -> None:
    hazard_due(mc_people, MONDAY - timedelta(days=30))
    run("hazard_escalation", MONDAY)
    assert [who for who, _, _ in notices("hazard_escalation")] == ["leader"]
    rows.hazard_in("in_progress", extension=True)(mc_people)
    run("hazard_extension", MONDAY)
    assert [who for who, _, _ in notices("hazard_extension")] == ["leader"]


def test_a_record_that_moves_takes_its_notices_to_its_new_community(
    mc_people: dict[str, Any], beihuan: Community
) -> None:
    case = rows.case_in("paying", kind="dibao")(mc_people)
    type(case).objects.filter(pk=case.pk).update(recheck_due=MONDAY + timedelta(days=5))
    run("assistance_recheck", MONDAY)
    assert {who for who, _, current in notices("assistance_recheck") if current} == {
        "grid_mc1",
        "staff_mc",
    }
    type(case).objects.filter(pk=case.pk).update(community=beihuan, grid=None)
    run("assistance_recheck", MONDAY)
    assert {who for who, _, current in notices("assistance_recheck") if current} == {"staff_bh"}


def test_a_transfer_waiting_is_told_to_the_receiving_community(mc_people: dict[str, Any]) -> None:
    transfer = rows.make_transfer(mc_people)
    run("transfer_waiting", date.today())
    assert notices("transfer_waiting") == [("staff_bh", "waiting", True)]
    from ledgers.moves import transfers

    transfers.accept(transfer, User.objects.get(username="staff_bh"))
    run("transfer_waiting", date.today())
    assert notices("transfer_waiting") == [("staff_bh", "waiting", False)]


def test_an_administrator_turns_a_rule_off_or_changes_its_thresholds(
    mc_people: dict[str, Any],
) -> None:
    hazard_due(mc_people, MONDAY + timedelta(days=4))  # Friday: 4 working days left
    run("hazard_deadline", MONDAY)
    assert notices("hazard_deadline") == [("grid_mc1", "7", True), ("staff_mc", "7", True)]
    RuleSetting.objects.filter(rule="hazard_deadline").update(thresholds="2,1")
    run("hazard_deadline", MONDAY)
    assert all(not current for _, _, current in notices("hazard_deadline"))
    RuleSetting.objects.filter(rule="hazard_deadline").update(thresholds="5", enabled=False)
    assert run("hazard_deadline", MONDAY).due == 0


def test_the_rules_ask_the_database_the_same_number_of_times_for_more_records(
    mc_people: dict[str, Any],
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            runner.run(today=MONDAY)
        return len(captured)

    for days in (-9, -3, 2):
        hazard_due(mc_people, MONDAY + timedelta(days=days))
    rows.case_in("publicity", objection=True)(mc_people)
    queries()  # the first run writes; compare runs that only read and check
    few = queries()
    for days in (-20, -8, -5, 1, 3, 4):
        hazard_due(mc_people, MONDAY + timedelta(days=days))
    rows.case_in("publicity", objection=True)(mc_people)
    queries()
    assert queries() == few


def test_the_inbox_shows_my_notices_the_bell_counts_and_opening_one_reads_it(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    hazard = hazard_due(mc_people, MONDAY - timedelta(days=2))
    run("hazard_deadline", MONDAY)
    staff = client_as("staff_mc")
    home = staff.get("/").content.decode()
    assert 'id="notice-count">1' in home
    inbox = staff.get(reverse("notices:inbox")).content.decode()
    assert hazard.number in inbox and "逾期" in inbox
    mine = Notice.objects.get(recipient__username="staff_mc")
    opened = staff.get(reverse("notices:open", args=[mine.pk]))
    assert opened.status_code == 302 and opened["Location"] == hazard.get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'id="notice-count"' not in staff.get("/").content.decode()
    # Another person's notice is not there for me.
    theirs = Notice.objects.get(recipient__username="grid_mc1")
    assert staff.get(reverse("notices:open", args=[theirs.pk])).status_code == 404
    assert client_as("staff_bh").get(reverse("notices:open", args=[theirs.pk])).status_code == 404


def test_mark_all_as_read(mc_people: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    for days in (-2, 1):
        hazard_due(mc_people, MONDAY + timedelta(days=days))
    run("hazard_deadline", MONDAY)
    staff = client_as("staff_mc")
    response = staff.post(reverse("notices:read"), {"all": "1"}, follow=True)
    assert "2 条提醒已标为已读" in response.content.decode()
    assert not Notice.objects.filter(recipient__username="staff_mc", read_at=None).exists()
    assert Notice.objects.filter(recipient__username="grid_mc1", read_at=None).count() == 2


@pytest.mark.django_db
def test_an_empty_inbox_says_what_will_come(client_as: Callable[[str], Client]) -> None:
    page = client_as("leader").get(reverse("notices:inbox")).content.decode()
    assert 'id="empty-state"' in page and "期限" in page


def test_a_deadline_in_a_year_not_announced_is_told_as_an_estimate(
    mc_people: dict[str, Any],
) -> None:
    hazard = rows.hazard_in("in_progress")(mc_people)
    Hazard.objects.filter(pk=hazard.pk).update(
        assigned_on=date(2026, 12, 20), deadline_working_days=15, deadline=date(2027, 1, 11)
    )
    run("hazard_deadline", date(2027, 1, 6))
    notice = Notice.objects.get(rule="hazard_deadline", recipient__username="staff_mc")
    assert "还有 3 个工作日" in notice.title and "预计" in notice.title


def test_a_grid_worker_is_told_of_the_records_of_the_grids_they_look_after(
    mc_people: dict[str, Any],
) -> None:
    from ledgers.models import Grid

    mine, other = (Grid.objects.get(code=code) for code in ("MC-01", "MC-02"))
    for grid in (mine, other):
        hazard = hazard_due(mc_people, MONDAY - timedelta(days=3))
        Hazard.objects.filter(pk=hazard.pk).update(grid=grid)
    run("hazard_deadline", MONDAY)
    grids = dict(Hazard.objects.values_list("pk", "grid__code"))
    told = {
        (n.recipient.username, grids[n.object_id])
        for n in Notice.objects.filter(rule="hazard_deadline")
    }
    assert told == {("staff_mc", "MC-01"), ("staff_mc", "MC-02"), ("grid_mc1", "MC-01")}
