"""What a form does not show a user is kept when they save: fields and relations hidden by role
or scope, and choices that are no longer offered. Neither is on the page they get."""

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, ActivityAttendee, Publicity, Visit
from casework.assistance.workflow import create as create_case
from casework.models import AssistanceCase, Hazard
from core.roles import ROLE_PERMISSIONS
from ledgers.models import Business, Community, Grid, Household, Place, Resident, Tag
from tests.casework.test_hazard_pages import register
from tests.conftest import citizen_id
from tests.helpers import form_values
from tests.ledgers.test_imports import confirm, upload, workbook


def page_data(response: Any) -> dict[str, Any]:
    """What the page's form sends back when the user changes nothing, as a browser sends it."""
    return form_values(response.content)


def edit(client: Client, url: str, **changes: Any) -> tuple[str, Any]:
    """The edit page as the user gets it, and the response to saving it with `changes`."""
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode(), client.post(url, {**page_data(page), **changes})


def bh_resident(beihuan: Community, name: str = "北环路居民", ethnicity: str = "03") -> Resident:
    return Resident.objects.create(
        community=beihuan,
        name=name,
        id_number=citizen_id("19800202", "033"),
        gender="1",
        birth_date=date(1980, 2, 2),
        ethnicity=ethnicity,
    )


# ---- residents: religion and the sensitive tags ---------------------------------------------


@pytest.fixture
def tagged(mc_people: dict[str, Any]) -> Resident:
    """马建国 (伊斯兰教) with a sensitive tag (重点人员) and an ordinary one (残疾人)."""
    head: Resident = mc_people["head"]
    # The tags of migration 0004, made again if a transactional test has flushed them.
    for name, sensitive in [("重点人员", True), ("残疾人", False), ("退役军人", False)]:
        Tag.objects.get_or_create(name=name, defaults={"sensitive": sensitive})
    head.tags.set(Tag.objects.filter(name__in=["重点人员", "残疾人"]))
    return head


def test_a_grid_worker_saving_a_resident_keeps_the_sensitive_tags_unseen(
    client_as: Callable[[str], Client], tagged: Resident
) -> None:
    sensitive = Tag.objects.get(name="重点人员")
    veteran = Tag.objects.get(name="退役军人")
    url = reverse("ledgers:resident_edit", args=[tagged.pk])
    page, response = edit(
        client_as("grid_mc1"), url, tags=[Tag.objects.get(name="残疾人").pk, veteran.pk]
    )
    assert "重点人员" not in page
    assert not re.search(rf'name="tags"[^>]*value="{sensitive.pk}"', page)
    assert response.status_code == 302
    assert set(tagged.tags.values_list("name", flat=True)) == {"重点人员", "残疾人", "退役军人"}


def test_a_grid_worker_unticking_every_tag_removes_only_those_they_see(
    client_as: Callable[[str], Client], tagged: Resident
) -> None:
    url = reverse("ledgers:resident_edit", args=[tagged.pk])
    _page, response = edit(client_as("grid_mc1"), url, tags=[])
    assert response.status_code == 302
    assert list(tagged.tags.values_list("name", flat=True)) == ["重点人员"]


def test_staff_who_see_the_sensitive_tags_may_remove_them(
    client_as: Callable[[str], Client], tagged: Resident
) -> None:
    url = reverse("ledgers:resident_edit", args=[tagged.pk])
    page, response = edit(client_as("staff_mc"), url, tags=[])
    assert "重点人员" in page
    assert response.status_code == 302
    assert not tagged.tags.exists()


def test_a_grid_worker_saving_a_resident_keeps_the_religion_unseen(
    client_as: Callable[[str], Client], tagged: Resident
) -> None:
    url = reverse("ledgers:resident_edit", args=[tagged.pk])
    page, response = edit(client_as("grid_mc1"), url, phone="13700002222")
    assert "伊斯兰教" not in page and 'name="religion"' not in page
    assert response.status_code == 302
    tagged.refresh_from_db()
    assert (tagged.phone, tagged.religion) == ("13700002222", "3")


def test_a_grid_worker_importing_residents_keeps_religion_and_sensitive_tags(
    client_as: Callable[[str], Client], tagged: Resident
) -> None:
    client = client_as("grid_mc1")
    headers = ["姓名", "身份证号码", "民族", "宗教信仰", "联系电话"]
    rows = [["马建国", tagged.id_number, "回族", "佛教", "13511112222"]]
    upload(client, "ledgers:resident_import", workbook(rows, headers))
    confirm(client)
    tagged.refresh_from_db()
    assert (tagged.phone, tagged.religion) == ("13511112222", "3")
    assert set(tagged.tags.values_list("name", flat=True)) == {"重点人员", "残疾人"}


# ---- businesses: an operator of another community --------------------------------------------


def test_a_business_keeps_its_operator_of_another_community_unseen(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    operator = bh_resident(beihuan, "北环路店主")
    business = Business.objects.create(
        community=miaochuan,
        name="清真拉面",
        kind="individual",
        operator=operator,
        address="庙川路5号",
    )
    url = reverse("ledgers:business_edit", args=[business.pk])
    page, response = edit(client_as("staff_mc"), url, phone="13322223333")
    assert "北环路店主" not in page and operator.id_number not in page
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.phone, business.operator) == ("13322223333", operator)


# ---- choices no longer offered: a worker, a reviewer or a visitor who left -------------------


def departed(username: str, community: Community) -> User:
    """Someone who worked in `community` and has left: deactivated."""
    user = User.objects.create_user(username, last_name="马", first_name=username)
    user.assignments.create(community=community)
    return user


def test_a_grid_keeps_its_worker_after_the_worker_left(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    worker = departed("福", miaochuan)
    grid = Grid.objects.create(community=miaochuan, name="第9网格", code="MC-09", worker=worker)
    worker.is_active = False
    worker.save()
    url = reverse("ledgers:grid_edit", args=[grid.pk])
    page, response = edit(client_as("staff_mc"), url, name="第九网格")
    assert "马福" in page  # still shown as the grid's worker, to keep or change
    assert response.status_code == 302
    grid.refresh_from_db()
    assert (grid.name, grid.worker) == ("第九网格", worker)


def test_a_hazard_keeps_its_reviewer_after_the_reviewer_left(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    reviewer = departed("安", miaochuan)
    staff = client_as("staff_mc")
    hazard = register(staff, miaochuan, reviewer)
    reviewer.is_active = False
    reviewer.save()
    url = reverse("casework:hazard_edit", args=[hazard.pk])
    page, response = edit(staff, url, location="大殿配电箱")
    assert "马安" in page
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.location, hazard.reviewer) == ("大殿配电箱", reviewer)
    assert Hazard.objects.count() == 1


def test_a_visit_keeps_a_visitor_who_no_longer_works_in_the_community(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    visitor = departed("兰", mc_people["household"].community)
    visit = Visit.objects.create(
        household=mc_people["household"], visited_on=date(2026, 3, 2), purpose="hardship"
    )
    visit.visitors.set([visitor, accounts["staff_mc"]])
    visitor.assignments.all().delete()  # moved to another office
    url = reverse("campaigns:visit_edit", args=[visit.pk])
    page, response = edit(client_as("staff_mc"), url, findings="户主已出院")
    assert "马兰" in page
    assert response.status_code == 302
    assert set(visit.visitors.all()) == {visitor, accounts["staff_mc"]}


def test_a_case_whose_applicant_left_the_household_says_so_rather_than_losing_them(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    wife = mc_people["wife"]
    case = AssistanceCase(
        household=mc_people["household"],
        applicant=wife,
        kind="temporary",
        reason="住院",
        reason_category="illness",
    )
    create_case(case, accounts["staff_mc"])
    elsewhere = Household.objects.create(
        community=wife.community, number="MC-0002", address="庙川路2号"
    )
    Resident.objects.filter(pk=wife.pk).update(household=elsewhere)
    url = reverse("casework:assistance_edit", args=[case.pk])
    page, response = edit(client_as("staff_mc"), url, reason="住院治疗")
    assert "杨秀兰" in page
    assert "申请人必须是该户成员。" in response.content.decode()
    case.refresh_from_db()
    assert (case.applicant, case.reason) == (wife, "住院")


# ---- office-wide records: what belongs to a community the user does not see ------------------


def office_activity(**fields: Any) -> Activity:
    values: dict[str, Any] = {
        "kind": "festival",
        "title": "全办古尔邦节联欢",
        "held_on": timezone.localdate() - timedelta(days=5),
        "place_text": "党群服务中心",
        "participants": 2,
        "minority_participants": 2,
        **fields,
    }
    return Activity.objects.create(community=None, **values)


def test_an_office_wide_activity_keeps_the_attendees_a_user_does_not_see(
    client_as: Callable[[str], Client], beihuan: Community, mc_people: dict[str, Any]
) -> None:
    mine, theirs = mc_people["head"], bh_resident(beihuan)
    activity = office_activity()
    for resident in (mine, theirs):
        ActivityAttendee.objects.create(activity=activity, resident=resident)
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    page, response = edit(client_as("staff_mc"), url, summary="联欢")
    assert "马建国" in page
    assert "北环路居民" not in page
    assert not re.search(rf'name="attendees"[^>]*value="{theirs.pk}"', page)
    assert response.status_code == 302
    assert set(activity.attendees.all()) == {mine, theirs}
    activity.refresh_from_db()
    assert (activity.summary, activity.participants, activity.minority_participants) == (
        "联欢",
        2,
        2,
    )
    detail = client_as("staff_mc").get(activity.get_absolute_url()).content.decode()
    assert "马建国" in detail and "北环路居民" not in detail
    assert "北环路居民" in client_as("leader").get(activity.get_absolute_url()).content.decode()


def test_naming_a_community_for_an_activity_with_unseen_attendees_names_none_of_them(
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
    mc_people: dict[str, Any],
) -> None:
    activity = office_activity()
    ActivityAttendee.objects.create(activity=activity, resident=bh_resident(beihuan))
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    _page, response = edit(client_as("staff_mc"), url, community=miaochuan.pk)
    assert response.status_code == 200
    assert "北环路居民" not in response.content.decode()
    assert "其他社区的居民" in " ".join(response.context["form"].errors["community"])
    activity.refresh_from_db()
    assert activity.community is None


def test_an_office_wide_activity_keeps_its_place_of_another_community(
    client_as: Callable[[str], Client], beihuan: Community
) -> None:
    hall = Place.objects.create(
        community=beihuan, name="北环路文化广场", kind="cultural", address="北环路2号"
    )
    activity = office_activity(place=hall, place_text="")
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    page, response = edit(client_as("staff_mc"), url, summary="联欢")
    assert "北环路文化广场" not in page
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.summary, activity.place) == ("联欢", hall)


def test_a_rule_about_an_unseen_place_is_said_above_the_form(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    hall = Place.objects.create(
        community=beihuan, name="北环路文化广场", kind="cultural", address="北环路2号"
    )
    activity = office_activity(place=hall, place_text="")
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    _page, response = edit(client_as("staff_mc"), url, community=miaochuan.pk)
    assert response.status_code == 200
    assert "该场所属于其他社区。" in response.context["form"].non_field_errors()
    activity.refresh_from_db()
    assert (activity.community, activity.place) == (None, hall)


def test_an_office_wide_item_keeps_its_activity_of_another_community(
    client_as: Callable[[str], Client], beihuan: Community
) -> None:
    theirs = Activity.objects.create(
        community=beihuan,
        kind="policy_lecture",
        title="北环路政策宣讲",
        held_on=timezone.localdate() - timedelta(days=9),
        place_text="会议室",
    )
    item = Publicity.objects.create(
        community=None,
        title="党工委宣讲月",
        kind="news",
        published_on=timezone.localdate(),
        activity=theirs,
    )
    url = reverse("campaigns:publicity_edit", args=[item.pk])
    page, response = edit(client_as("staff_mc"), url, title="党工委宣讲月（续）")
    assert "北环路政策宣讲" not in page
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.activity) == ("党工委宣讲月（续）", theirs)


def test_an_older_activity_an_item_reports_stays_a_choice(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    old = Activity.objects.create(
        community=miaochuan,
        kind="policy_lecture",
        title="三年前的宣讲",
        held_on=timezone.localdate() - timedelta(days=3 * 365),
        place_text="会议室",
    )
    item = Publicity.objects.create(
        community=miaochuan, title="回顾", kind="news", published_on=old.held_on, activity=old
    )
    url = reverse("campaigns:publicity_edit", args=[item.pk])
    page, response = edit(client_as("staff_mc"), url)
    assert "三年前的宣讲" in page
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.activity == old


# ---- assistance: no role edits a case without seeing its income and amounts ----------------


def test_whoever_may_change_assistance_cases_sees_their_details() -> None:
    """The assistance form shows the reason and the amount requested (sensitive details): a
    role that may change cases without seeing them would erase or miss them."""
    for role, permissions in ROLE_PERMISSIONS.items():
        if "casework.change_assistancecase" in permissions:
            assert "casework.view_assistance_details" in permissions, role
