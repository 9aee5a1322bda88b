"""Notices as documents: 整改通知书 and 公示 get a number, a date and an issuer when first issued,
and every reprint shows the same; the 公示 shows only what may be posted."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework import notices
from casework.assistance import workflow as steps
from casework.hazards import workflow
from casework.models import AssistanceCase, Hazard
from demo.casework import advance_to

TODAY = timezone.localdate()


def a_hazard(people: dict[str, Any], staff: User) -> Hazard:
    hazard = Hazard(
        community=people["household"].community,
        location="大殿",
        description="电线老化",
        category="electric",
        place=people["place"],
        responsible_unit="庙川清真寺管委会",
        measures="更换电线",
    )
    workflow.register(hazard, staff)
    return hazard


def a_case_in_notice(people: dict[str, Any], staff: User, address: str = "") -> AssistanceCase:
    if address:
        people["household"].address = address
        people["household"].save()
    case = AssistanceCase(
        household=people["household"],
        applicant=people["head"],
        kind="dibao",
        applied_on=TODAY - timedelta(days=60),
        reason="户主患病，家庭收入低",
        reason_category="illness",
        family_size=2,
        amount_requested=Decimal("650.00"),
    )
    steps.create(case, staff)
    advance_to(case, "publicity", staff)
    return case


def issue(client: Client, name: str, row: Any) -> Any:
    return client.post(reverse(f"casework:{name}_notice_issue", args=[row.pk]), follow=True)


def notice(client: Client, name: str, row: Any) -> str:
    response = client.get(reverse(f"casework:{name}_notice", args=[row.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_notice_not_issued_yet_offers_to_issue_it(
    mc_people: dict[str, Any], accounts: dict[str, User], client_as: Any
) -> None:
    hazard = a_hazard(mc_people, accounts["staff_mc"])
    page = notice(client_as("staff_mc"), "hazard", hazard)
    assert "尚未出具" in page
    assert 'id="issue-notice"' in page
    # A leader reads notices but does not issue them.
    assert 'id="issue-notice"' not in notice(client_as("leader"), "hazard", hazard)


def test_a_reprinted_rectification_notice_keeps_its_number_date_and_issuer(
    mc_people: dict[str, Any], accounts: dict[str, User], client_as: Any, monkeypatch: Any
) -> None:
    staff = client_as("staff_mc")
    hazard = a_hazard(mc_people, accounts["staff_mc"])
    issue(staff, "hazard", hazard)
    hazard.refresh_from_db()
    number = f"ZG-{hazard.community.short_code}-{TODAY.year}-0001"
    assert hazard.notice_number == number
    first = notice(staff, "hazard", hazard)
    assert f"编号：{number}" in first
    assert f'<span id="notice-date">{TODAY.year}年{TODAY.month}月{TODAY.day}日</span>' in first
    assert "经办人：" in first and "（盖章）" in first
    assert hazard.number in first  # the hazard's own number, beside the notice's

    # A week later someone else issues it again: nothing changes, the reprint is the same.
    later = TODAY + timedelta(days=7)
    monkeypatch.setattr(notices.timezone, "localdate", lambda: later)
    issue(client_as("grid_mc1"), "hazard", hazard)
    hazard.refresh_from_db()
    assert (hazard.notice_number, hazard.notice_issued_on) == (number, TODAY)
    assert hazard.notice_issued_by == accounts["staff_mc"]
    again = notice(client_as("leader"), "hazard", hazard)
    assert f"编号：{number}" in again
    assert f'<span id="notice-date">{TODAY.year}年{TODAY.month}月{TODAY.day}日</span>' in again


def test_each_notice_gets_the_next_number_of_its_kind(
    mc_people: dict[str, Any], accounts: dict[str, User], client_as: Any
) -> None:
    staff = client_as("staff_mc")
    first, second = (a_hazard(mc_people, accounts["staff_mc"]) for _ in range(2))
    issue(staff, "hazard", second)
    issue(staff, "hazard", first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.notice_number.endswith("-0001")
    assert first.notice_number.endswith("-0002")


def test_a_leader_cannot_issue_a_notice(
    mc_people: dict[str, Any], accounts: dict[str, User], client_as: Any
) -> None:
    hazard = a_hazard(mc_people, accounts["staff_mc"])
    response = issue(client_as("leader"), "hazard", hazard)
    assert "您不能出具这份文书" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.notice_number == ""


def test_the_public_notice_is_dated_the_day_it_began_and_shows_what_may_be_posted(
    mc_people: dict[str, Any], accounts: dict[str, User], client_as: Any, settings: Any
) -> None:
    settings.OFFICE_PHONE = "0931-8123456"
    case = a_case_in_notice(mc_people, accounts["staff_mc"], "庙川路12号3栋2单元401室")
    began = case.publicity_start
    assert began is not None
    assert began != TODAY
    staff = client_as("staff_mc")
    issue(staff, "assistance", case)
    page = notice(staff, "assistance", case)
    case.refresh_from_db()
    assert case.notice_number.startswith("GS-")
    assert f"编号：{case.notice_number}" in page
    assert f'<span id="notice-date">{began.year}年{began.month}月{began.day}日</span>' in page
    assert "0931-8123456" in page
    # The community and the building; never the unit, the door or the ID number.
    assert "庙川社区 庙川路12号3栋" in page
    assert "2单元" not in page and "401" not in page
    head = mc_people["head"]
    assert head.id_number not in page and head.id_number[-4:] not in page
    assert "疾病" not in page  # the reason of hardship is not posted
    assert "马建国" in page and "650" in page


def test_an_address_without_a_building_is_posted_as_the_community() -> None:
    assert notices.posted_address("庙川社区", "庙川路1号") == "庙川社区"
    posted = notices.posted_address("北环路社区", "幸福小区5号楼2单元302")
    assert posted == "北环路社区 幸福小区5号楼"


def test_the_public_notice_cannot_be_issued_before_it_begins(
    mc_people: dict[str, Any], accounts: dict[str, User], client_as: Any
) -> None:
    case = AssistanceCase(
        household=mc_people["household"],
        applicant=mc_people["head"],
        kind="dibao",
        applied_on=TODAY,
        reason="收入低",
        reason_category="low_income",
    )
    steps.create(case, accounts["staff_mc"])
    staff = client_as("staff_mc")
    assert "公示尚未开始" in notice(staff, "assistance", case)
    issue(staff, "assistance", case)
    case.refresh_from_db()
    assert case.notice_number == ""
