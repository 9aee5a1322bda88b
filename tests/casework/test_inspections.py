"""Inspections (排查): the checklist rules, a failed item becoming a hazard, pages and scope."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from PIL import Image

from casework.inspections.workflow import Answer, WorkflowError, raise_hazard, record_inspection
from casework.models import (
    HAZARD_CATEGORY_OF_ITEM,
    ChecklistItem,
    Hazard,
    HazardState,
    Inspection,
    InspectionItem,
    InspectionPhoto,
)
from ledgers.codes import HazardCategory
from ledgers.models import Community, Place
from tests.casework.test_hazard_pages import jpeg_with_gps
from tests.helpers import assert_fixed_queries, edited


def answers(**failed: str) -> list[Answer]:
    """The whole checklist passed, except the items given as item=note (failed)."""
    return [
        Answer(item, "fail", failed[item]) if item in failed else Answer(item, "pass")
        for item in ChecklistItem.values
    ]


def inspect(user: User, community: Community, place: Place | None = None, **failed: str) -> Any:
    inspection = Inspection(
        community=community,
        place=place,
        location="" if place else "清真寺巷12号院",
        inspected_on=date(2026, 3, 2),
        inspectors="王芳、马强",
    )
    return record_inspection(inspection, answers(**failed), user)


def form_data(community: Community, **overrides: Any) -> dict[str, Any]:
    """What the inspection form posts: its facts and the ten checklist rows, all passed."""
    data: dict[str, Any] = {
        "community": community.pk,
        "place": "",
        "location": "清真寺巷12号院",
        "inspected_on": "2026-03-02",
        "inspectors": "王芳、马强",
        "notes": "",
        "items-TOTAL_FORMS": len(ChecklistItem.values),
        "items-INITIAL_FORMS": len(ChecklistItem.values),  # as the page renders it
        "items-MIN_NUM_FORMS": len(ChecklistItem.values),
        "items-MAX_NUM_FORMS": len(ChecklistItem.values),
    }
    for index, item in enumerate(ChecklistItem.values):
        data |= {f"items-{index}-item": item, f"items-{index}-result": "pass"}
        data[f"items-{index}-note"] = ""
    data.update(overrides)
    return data


@pytest.fixture
def mosque(miaochuan: Community) -> Place:
    return Place.objects.create(
        community=miaochuan, name="庙川清真寺", kind="religious", religion="3", address="庙川路9号"
    )


def test_every_checklist_item_becomes_a_known_hazard_category() -> None:
    assert set(HAZARD_CATEGORY_OF_ITEM) == set(ChecklistItem.values)
    assert set(HAZARD_CATEGORY_OF_ITEM.values()) <= set(HazardCategory.values)


def test_each_item_is_answered_once_and_all_are_answered(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    twice = [*answers(), Answer("wiring", "fail", "电线老化")]
    inspection = Inspection(community=miaochuan, location="院内", inspectors="王芳")
    with pytest.raises(WorkflowError, match="每个检查项只填写一次"):
        record_inspection(inspection, twice, accounts["staff_mc"])
    with pytest.raises(WorkflowError, match="请填写检查表的每一项"):
        record_inspection(inspection, answers()[:-1], accounts["staff_mc"])
    assert not Inspection.objects.exists()
    recorded = inspect(accounts["staff_mc"], miaochuan)
    assert recorded.items.count() == len(ChecklistItem.values)
    with pytest.raises(IntegrityError):
        InspectionItem.objects.create(inspection=recorded, item="wiring", result="fail")


def test_a_duplicated_item_posted_is_refused_and_nothing_saved(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = form_data(miaochuan, **{"items-1-item": "structure"})
    response = client_as("staff_mc").post(reverse("casework:inspection_add"), data)
    assert response.status_code == 200
    assert "每个检查项只填写一次" in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_short_checklist_posted_is_refused(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = form_data(miaochuan, **{"items-TOTAL_FORMS": 3})
    response = client_as("staff_mc").post(reverse("casework:inspection_add"), data)
    assert response.status_code == 200
    assert "请填写检查表的每一项" in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_place_or_a_location_is_required(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = form_data(miaochuan, location="")
    response = client_as("staff_mc").post(reverse("casework:inspection_add"), data)
    assert response.status_code == 200
    assert "请选择场所或填写排查地点" in str(response.context["form"].errors["location"])
    assert not Inspection.objects.exists()
    with pytest.raises(IntegrityError):
        Inspection.objects.create(community=miaochuan, inspectors="王芳")


def test_the_place_must_be_in_the_inspections_community(beihuan: Community, mosque: Place) -> None:
    inspection = Inspection(community=beihuan, place=mosque, inspectors="王建华")
    with pytest.raises(ValidationError) as refused:
        inspection.full_clean()
    assert "该场所属于其他社区" in str(refused.value.message_dict["place"])


def test_an_unanswered_item_is_named_on_the_form(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = form_data(miaochuan, **{"items-3-result": ""})
    response = client_as("staff_mc").post(reverse("casework:inspection_add"), data)
    assert response.status_code == 200
    assert "请选择合格、不合格或不适用" in response.content.decode()
    assert not Inspection.objects.exists()


def test_staff_record_an_inspection_with_photos(
    client_as: Callable[[str], Client], miaochuan: Community, mosque: Place
) -> None:
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = form_data(
        miaochuan,
        place=mosque.pk,
        location="",
        photos=photo,
        **{"items-2-result": "fail", "items-2-note": "电线老化", "items-6-result": "na"},
    )
    response = client_as("staff_mc").post(reverse("casework:inspection_add"), data, follow=True)
    inspection = Inspection.objects.get()
    assert response.redirect_chain[-1][0] == inspection.get_absolute_url()
    assert "排查已保存" in response.content.decode()
    results = dict(inspection.items.values_list("item", "result"))
    assert results["wiring"] == "fail" and results["food"] == "na"
    assert results["structure"] == "pass"
    stored = inspection.photos.get()
    assert Image.open(stored.image.open("rb")).getexif() == {}  # no GPS of the photographer
    page = response.content.decode()
    assert "转为隐患" in page and "电线老化" in page


def test_a_text_file_among_the_photos_saves_nothing(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    fake = SimpleUploadedFile("照片.jpg", b"not a photo", content_type="image/jpeg")
    response = client_as("staff_mc").post(
        reverse("casework:inspection_add"), form_data(miaochuan, photos=fake)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]
    assert not Inspection.objects.exists() and not InspectionItem.objects.exists()


def test_a_failed_item_becomes_a_hazard_with_the_inspections_facts(
    accounts: dict[str, User], miaochuan: Community, mosque: Place
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, mosque, wiring="大殿电线老化")
    item = inspection.items.get(item="wiring")
    hazard = raise_hazard(item, accounts["staff_mc"])
    assert (hazard.community, hazard.place, hazard.location) == (miaochuan, mosque, "电气线路")
    assert hazard.description == "大殿电线老化"
    assert hazard.category == "electric"
    assert (hazard.found_on, hazard.found_by) == (date(2026, 3, 2), "王芳、马强")
    assert hazard.source == "inspection" and hazard.state == HazardState.REGISTERED
    assert hazard.number == "YH-MC-2026-0001"
    assert hazard.actions.get().kind == "register"
    item.refresh_from_db()
    assert item.hazard == hazard


def test_a_free_location_and_no_note_still_say_where_and_what(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, gas="")
    hazard = raise_hazard(inspection.items.get(item="gas"), accounts["staff_mc"])
    assert hazard.place is None
    assert hazard.location == "清真寺巷12号院 燃气"
    assert hazard.description == "燃气不合格"
    assert hazard.category == "gas"


def test_only_a_failed_item_becomes_a_hazard_and_only_once(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, exits="安全出口堆放杂物")
    with pytest.raises(WorkflowError, match="只有不合格项才能转为隐患"):
        raise_hazard(inspection.items.get(item="gas"), accounts["staff_mc"])
    exits = inspection.items.get(item="exits")
    raise_hazard(exits, accounts["staff_mc"])
    with pytest.raises(WorkflowError, match="已转为隐患"):
        raise_hazard(exits, accounts["staff_mc"])
    assert Hazard.objects.count() == 1


def test_the_raise_button_opens_the_new_hazards_edit_page(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, incense="香炉靠近木门")
    item = inspection.items.get(item="incense")
    staff = client_as("staff_mc")
    raise_url = reverse("casework:inspection_raise", args=[item.pk])
    response = staff.post(raise_url, {"seen_state": "fail"}, follow=True)
    hazard = Hazard.objects.get()
    assert response.redirect_chain[-1][0] == reverse("casework:hazard_edit", args=[hazard.pk])
    assert f"已登记隐患{hazard.number}" in response.content.decode()
    detail = staff.get(inspection.get_absolute_url()).content.decode()
    assert hazard.number in detail and "转为隐患</button>" not in detail
    hazard_page = staff.get(hazard.get_absolute_url()).content.decode()
    assert "来自排查" in hazard_page and inspection.get_absolute_url() in hazard_page
    again = staff.post(raise_url, {"seen_state": "fail"}, follow=True)
    assert "该项已转为隐患" in again.content.decode()
    assert Hazard.objects.count() == 1


def test_another_communitys_staff_cannot_raise_and_leaders_may_not(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, gas="软管老化")
    url = reverse("casework:inspection_raise", args=[inspection.items.get(item="gas").pk])
    assert client_as("staff_bh").post(url).status_code == 404
    assert client_as("staff_bh").get(inspection.get_absolute_url()).status_code == 404
    page = client_as("leader").post(url, {"seen_state": "fail"}, follow=True).content.decode()
    assert "您无权修改排查记录" in page
    assert not Hazard.objects.exists()


def test_an_item_that_became_a_hazard_stays_failed_when_edited(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan, wiring="电线老化")
    raise_hazard(inspection.items.get(item="wiring"), accounts["staff_mc"])
    data = form_data(miaochuan, inspectors="王芳")
    response = client_as("staff_mc").post(
        reverse("casework:inspection_edit", args=[inspection.pk]), edited(inspection, data)
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.inspectors == "王芳"
    assert inspection.items.get(item="wiring").result == "fail"  # the posted "pass" is ignored
    with pytest.raises(WorkflowError, match="已转为隐患，保持不合格"):
        record_inspection(inspection, answers(), accounts["staff_mc"])


def test_list_filters_and_search(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    failing = inspect(accounts["staff_mc"], miaochuan, food="留样不全")
    passing = inspect(accounts["staff_mc"], miaochuan)
    Inspection.objects.filter(pk=passing.pk).update(
        inspected_on=date(2025, 6, 1), inspectors="李四"
    )
    staff = client_as("staff_mc")
    url = reverse("casework:inspection_list")

    def listed(**params: str) -> list[Any]:
        return list(staff.get(url, params).context["object_list"])

    assert listed(failed="yes") == [failing]
    assert listed(failed="no") == [passing]
    assert listed(year="2025") == [passing]
    assert listed(inspected_on_after="2026-01-01", inspected_on_before="2026-12-31") == [failing]
    assert listed(q="李四") == [passing]
    assert listed(q="清真寺巷") == [failing, passing]
    assert listed(failed="yes")[0].failed_count == 1
    assert client_as("staff_bh").get(url).context["object_list"].count() == 0


def test_the_list_makes_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    def add_rows(count: int) -> None:
        for _ in range(count):
            inspection = Inspection.objects.create(
                community=miaochuan, location="院内", inspectors="王芳"
            )
            InspectionItem.objects.create(inspection=inspection, item="gas", result="fail")

    assert_fixed_queries(client_as("staff_mc"), reverse("casework:inspection_list"), add_rows)


def test_photos_are_served_only_in_scope(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    inspection = inspect(accounts["staff_mc"], miaochuan)
    upload = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    staff = client_as("staff_mc")
    response = staff.post(
        reverse("casework:inspection_photo_add", args=[inspection.pk]), {"photos": upload}
    )
    assert response.status_code == 302
    photo = InspectionPhoto.objects.get()
    for name in ["casework:inspection_photo", "casework:inspection_photo_thumb"]:
        url = reverse(name, args=[photo.pk])
        assert staff.get(url).status_code == 200
        assert client_as("leader").get(url).status_code == 200
        assert client_as("staff_bh").get(url).status_code == 404
    other = reverse("casework:inspection_photo_add", args=[inspection.pk])
    assert client_as("staff_bh").post(other, {"photos": upload}).status_code == 404
    assert InspectionPhoto.objects.count() == 1


def test_the_demo_seeds_inspections_whose_failed_items_became_its_hazards(
    accounts: dict[str, User],
) -> None:
    from demo.casework import seed_hazards, seed_inspections
    from demo.profiles import profile

    seed_inspections()
    seed_hazards()
    seed_inspections()  # a second run changes nothing
    for community in Community.objects.all():
        inspections = Inspection.objects.filter(community=community)
        assert inspections.count() == profile(community.name).inspections
        newest = inspections.first()
        assert newest is not None and newest.items.filter(result="fail", hazard=None).exists()
        results = set(
            InspectionItem.objects.filter(inspection__community=community).values_list(
                "result", flat=True
            )
        )
        assert results == {"pass", "fail", "na"}
    from_inspections = Hazard.objects.filter(source="inspection").select_related(
        "inspection_item__inspection"
    )
    assert from_inspections.count() > Hazard.objects.count() / 2
    for hazard in from_inspections:
        inspection = hazard.inspection_item.inspection
        assert (hazard.found_on, hazard.community_id) == (
            inspection.inspected_on,
            inspection.community_id,
        )
    assert not Hazard.objects.exclude(source="inspection").filter(inspection_item__isnull=False)
