"""Inspection plans (排查计划): a plan makes each of its places due once a period; an inspection
recorded within the period meets it, a period over without one is missed and shows on the plan's
page, in the notices and on the dashboard; a community sees its own plans and places; the pages
and the rule ask the database a fixed number of times."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.inspections import schedule
from casework.inspections.workflow import Answer, record_inspection
from casework.models import (
    ChecklistItem,
    FestivalDate,
    Inspection,
    InspectionPlan,
    InspectionResult,
)
from core.models import Notice
from core.notices import runner
from ledgers.models import Community, Place

TODAY = timezone.localdate()
LAST_MONTH = schedule.month_of(TODAY.replace(day=1) - timedelta(days=1))


def venue(community: Community, name: str, kind: str = "religious") -> Place:
    return Place.objects.create(
        community=community,
        name=name,
        kind=kind,
        religion="3" if kind == "religious" else "",
        address=f"{name}路1号",
    )


def inspect(place: Place, on: date) -> Inspection:
    inspection = Inspection(
        community=place.community, place=place, inspected_on=on, inspectors="王芳"
    )
    answers = [Answer(item, InspectionResult.PASS) for item in ChecklistItem.values]
    return record_inspection(inspection, answers, User.objects.get(username="staff_mc"))


def monthly(community: Community | None = None, **fields: Any) -> InspectionPlan:
    """Every religious venue monthly, active since the month before last."""
    values: dict[str, Any] = {
        "name": "宗教活动场所月度排查",
        "community": community,
        "place_kind": "religious",
        "frequency": "monthly",
        "active_from": LAST_MONTH.start - timedelta(days=31),
        **fields,
    }
    plan = InspectionPlan(**values)
    plan.full_clean()
    plan.save()
    return plan


@pytest.fixture
def venues(mc_people: dict[str, Any], beihuan: Community) -> dict[str, Place]:
    """庙川's mosque (inspected last month and this month), a second 庙川 venue never inspected,
    and a 北环路 venue."""
    mosque = mc_people["place"]
    inspect(mosque, LAST_MONTH.start + timedelta(days=3))
    inspect(mosque, TODAY)
    church = venue(mosque.community, "庙川基督教堂")
    return {"mosque": mosque, "church": church, "north": venue(beihuan, "北环路清真寺")}


def test_a_monthly_plan_makes_each_venue_due_and_an_inspection_in_the_month_meets_it(
    venues: dict[str, Place],
) -> None:
    plan = monthly(venues["mosque"].community)
    (covered,) = schedule.coverage([plan], Place.objects.all(), Inspection.objects.all(), TODAY)
    assert covered.current == schedule.month_of(TODAY)
    status = {item.place.name: item.done for item in covered.due}
    assert status == {"庙川清真寺": True, "庙川基督教堂": False}  # 北环路's is not this plan's
    assert [item.place.name for item in covered.missed] == ["庙川基督教堂"]
    assert covered.missed[0].overdue and covered.missed[0].period == LAST_MONTH
    # An inspection after the month does not meet it; one within it does.
    inspect(venues["church"], TODAY)
    (covered,) = schedule.coverage([plan], Place.objects.all(), Inspection.objects.all(), TODAY)
    assert all(item.done for item in covered.due)
    assert [item.place.name for item in covered.missed] == ["庙川基督教堂"]
    inspect(venues["church"], LAST_MONTH.end)
    (covered,) = schedule.coverage([plan], Place.objects.all(), Inspection.objects.all(), TODAY)
    assert covered.missed == []


def test_quarters_years_and_the_days_before_festivals(mc_people: dict[str, Any]) -> None:
    assert schedule.quarter_of(date(2026, 11, 5)).key == "2026-Q4"
    assert schedule.quarter_of(date(2026, 11, 5)).start == date(2026, 10, 1)
    assert schedule.year_of(date(2026, 11, 5)).end == date(2026, 12, 31)
    assert schedule.spring_festival(2027) == date(2027, 2, 6)
    FestivalDate.objects.create(festival="fitr", year=2027, day=date(2027, 3, 10))
    plan = InspectionPlan(
        name="节前排查",
        place_kind="gathering",
        frequency="festivals",
        festivals=["spring", "fitr", "adha"],
        days_before=10,
        active_from=date(2026, 1, 1),
    )
    days = schedule.festival_days((2026, 2027, 2028))
    current, previous = schedule.periods_of(plan, date(2027, 3, 5), days)
    assert current is not None and current.key == "2027-fitr"
    assert (current.start, current.end) == (date(2027, 2, 28), date(2027, 3, 9))
    assert previous is not None and previous.key == "2027-spring"  # 1–5 February 2027
    assert previous.end == date(2027, 2, 5)
    current, _ = schedule.periods_of(plan, date(2027, 4, 1), days)
    assert current is None  # between festivals nothing is due
    # 古尔邦节 2027 is not entered: the plan's page says so rather than skipping it silently.
    assert schedule.missing_festival_dates(plan, date(2027, 3, 5), days) == [
        "2027年古尔邦节",
        "2028年开斋节",
        "2028年古尔邦节",
    ]


def test_the_plan_page_shows_this_months_coverage_and_the_missed_venue(
    venues: dict[str, Place], client_as: Callable[[str], Client]
) -> None:
    plan = monthly(venues["mosque"].community)
    page = client_as("staff_mc").get(plan.get_absolute_url()).content.decode()
    assert 'id="plan-coverage">1 / 2 已排查' in page
    assert 'id="plan-missed">1 处漏查' in page
    add = reverse("casework:inspection_add")
    assert f'href="{add}?place={venues["church"].pk}"' in page
    # The link opens the inspection form with the place and its community chosen.
    form = client_as("staff_mc").get(f"{add}?place={venues['church'].pk}").context["form"]
    assert form.initial["place"] == venues["church"].pk
    assert form.initial["community"] == venues["church"].community_id


def test_the_missed_venue_is_told_to_the_community_and_the_leaders_once(
    venues: dict[str, Place],
) -> None:
    plan = monthly(venues["mosque"].community)
    today = TODAY.replace(day=1) + timedelta(days=25)  # late in the month: within 7 days of its end
    today = min(today, schedule.month_of(TODAY).end)
    runner.run(today=today, only=["inspection_plan"])
    church = venues["church"]
    told = Notice.objects.filter(rule="inspection_plan", object_id=church.pk)
    missed = {n.recipient.username for n in told if n.threshold.endswith("!")}
    due = {n.recipient.username for n in told if not n.threshold.endswith("!")}
    assert missed == {"staff_mc", "grid_mc1", "leader"}
    assert due == {"staff_mc", "grid_mc1"}
    assert all(n.url == plan.get_absolute_url() for n in told)
    assert "庙川基督教堂" in told[0].title
    assert not Notice.objects.filter(rule="inspection_plan", object_id=venues["mosque"].pk)
    again = runner.run(today=today, only=["inspection_plan"])[0]
    assert (again.created, again.reopened, again.resolved) == (0, 0, 0)
    # Inspected within the month: this month's notice resolves; last month's miss stays.
    inspect(church, today)
    assert runner.run(today=today, only=["inspection_plan"])[0].resolved == 2
    current = Notice.objects.filter(rule="inspection_plan", resolved_at=None)
    assert {n.threshold for n in current} == {f"{plan.pk}:{LAST_MONTH.key}!"}


def test_the_dashboard_card_counts_this_periods_inspections_and_links_the_missed(
    venues: dict[str, Place], client_as: Callable[[str], Client]
) -> None:
    monthly(venues["mosque"].community)
    monthly(None, name="全办宗教场所月度排查")  # the office's: 北环路's venue too
    figures = client_as("leader").get(reverse("reports:dashboard")).context["figures"]
    assert figures["plans_inspected"].value == "2 / 5"
    assert figures["plans_missed"].value == 3
    assert figures["plans_missed"].url == reverse("casework:inspectionplan_gaps") + "?overdue=yes"
    gaps = client_as("leader").get(figures["plans_missed"].url).content.decode()
    assert 'id="overdue-count">3<' in gaps and "北环路清真寺" in gaps
    # 北环路's staff: their venue, under the office's plan only.
    figures = client_as("staff_bh").get(reverse("reports:dashboard")).context["figures"]
    assert (figures["plans_inspected"].value, figures["plans_missed"].value) == ("0 / 1", 1)


def test_a_community_sees_its_own_plans_and_places(
    venues: dict[str, Place], client_as: Callable[[str], Client]
) -> None:
    mine = monthly(venues["mosque"].community)
    office = monthly(None, name="全办宗教场所月度排查")
    staff_bh = client_as("staff_bh")
    assert staff_bh.get(mine.get_absolute_url()).status_code == 404
    assert staff_bh.get(reverse("casework:inspectionplan_edit", args=[mine.pk])).status_code == 404
    listed = staff_bh.get(reverse("casework:inspectionplan_list")).context["object_list"]
    assert [plan.pk for plan in listed] == [office.pk]
    page = staff_bh.get(office.get_absolute_url()).content.decode()
    assert "北环路清真寺" in page and "庙川" not in page.split('id="current-title"')[1]
    # The office's plan is the leaders' to change.
    office_edit = reverse("casework:inspectionplan_edit", args=[office.pk])
    assert staff_bh.get(office_edit).status_code == 404
    assert client_as("leader").get(office_edit).status_code == 200


def test_staff_plan_for_their_community_and_leaders_for_the_whole_office(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    data = {
        "name": "聚居点节前排查",
        "place_kind": "gathering",
        "frequency": "festivals",
        "festivals": ["spring", "adha"],
        "days_before": "15",
        "active_from": f"{TODAY:%Y-%m-%d}",
    }
    add = reverse("casework:inspectionplan_add")
    refused = client_as("staff_mc").post(add, data)
    assert refused.status_code == 200 and "community" in refused.context["form"].errors
    mc = mc_people["household"].community_id
    assert client_as("staff_mc").post(add, {**data, "community": mc}).status_code == 302
    assert client_as("leader").post(add, {**data, "name": "全办节前排查"}).status_code == 302
    plans = dict(InspectionPlan.objects.values_list("name", "community"))
    assert plans == {"聚居点节前排查": mc, "全办节前排查": None}
    assert InspectionPlan.objects.get(community=None).festivals == ["spring", "adha"]
    both = {**data, "community": mc, "place": mc_people["place"].pk}
    form = client_as("staff_mc").post(add, both).context["form"]
    assert "一类场所" in str(form.errors)  # a kind of place or one place, not both


def queries(call: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_plan_page_the_dashboard_card_and_the_rule_ask_the_same_for_more_places(
    venues: dict[str, Place], client_as: Callable[[str], Client]
) -> None:
    plan = monthly(None)
    leader = client_as("leader")
    leader_user = User.objects.get(username="leader")

    def counts() -> tuple[int, int, int]:
        return (
            queries(lambda: leader.get(plan.get_absolute_url())),
            queries(lambda: schedule.for_user(leader_user, TODAY)),
            queries(lambda: runner.run(today=TODAY, only=["inspection_plan"])),
        )

    counts()  # the first run writes its notices
    few = counts()
    for number in range(6):
        place = venue(venues["mosque"].community, f"庙川清真寺{number}")
        inspect(place, TODAY)
        venue(venues["north"].community, f"北环路礼拜点{number}")
    monthly(venues["north"].community, name="北环路月度排查")
    counts()
    assert counts() == few
    assert few[1] == 3  # the plans, their places, the inspections (no plan before festivals)
