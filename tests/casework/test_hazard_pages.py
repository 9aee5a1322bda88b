"""The hazard pages: register with photos, take the steps, scope of hazards and photos."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from casework.models import Hazard, HazardPhoto, HazardState
from ledgers.models import Community


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (36.0, 6.0, 30.0), 3: "E", 4: (103.0, 49.0, 12.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def register(client: Client, community: Community, reviewer: Any, **extra: Any) -> Hazard:
    data = {
        "community": community.pk,
        "location": "大殿电路",
        "description": "电线老化",
        "category": "electric",
        "level": "ordinary",
        "mode": "deadline",
        "source": "inspection",
        "found_on": "2026-11-20",
        "responsible_unit": "清真寺管委会",
        "responsible_person": "马福",
        "responsible_phone": "13900001111",
        "measures": "更换电线",
        "funding": "3000",
        "deadline": "2026-12-20",
        "reviewer": reviewer.pk,
        **extra,
    }
    response = client.post(reverse("casework:hazard_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Hazard.objects.latest("pk")


def take(client: Client, hazard: Hazard, step: str, **data: Any) -> Any:
    """A step as its form on the hazard's page posts it: with the state the page showed."""
    hazard.refresh_from_db()
    url = reverse(f"casework:hazard_{step}", args=[hazard.pk])
    return client.post(url, {"seen_state": hazard.state, **data}, follow=True)


def test_the_whole_loop_through_the_pages(
    client_as: Callable[[str], Client], accounts: dict[str, Any], miaochuan: Community
) -> None:
    staff, leader = client_as("staff_mc"), client_as("leader")
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    hazard = register(staff, miaochuan, accounts["leader"], photos=photo)
    assert hazard.number.startswith("YH-MC-2026-")
    before = hazard.photos.get()
    assert Image.open(before.image.open("rb")).getexif() == {}  # no GPS of the photographer
    take(staff, hazard, "assign")
    take(staff, hazard, "progress", note="已断电")
    take(staff, hazard, "submit", note="已更换")
    page = take(staff, hazard, "pass")
    assert "只有领导或指定的复查人" in page.content.decode()  # staff may not close it
    take(leader, hazard, "pass", note="合格")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED
    detail = leader.get(reverse("casework:hazard", args=[hazard.pk])).content.decode()
    for step in ["登记", "交办", "反馈进展", "提交复查", "复查通过，销号"]:
        assert step in detail
    assert staff.get(reverse("casework:hazard_edit", args=[hazard.pk])).status_code == 404


def test_a_text_file_named_jpg_is_refused_and_nothing_is_registered(
    client_as: Callable[[str], Client], accounts: dict[str, Any], miaochuan: Community
) -> None:
    fake = SimpleUploadedFile("照片.jpg", b"not a photo at all", content_type="image/jpeg")
    data = {
        "community": miaochuan.pk,
        "location": "厨房",
        "description": "燃气",
        "category": "gas",
        "level": "ordinary",
        "mode": "deadline",
        "source": "visit",
        "found_on": "2026-11-20",
        "photos": fake,
    }
    response = client_as("staff_mc").post(reverse("casework:hazard_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]
    assert not Hazard.objects.exists()


def test_another_communitys_hazard_and_photo_are_not_found(
    client_as: Callable[[str], Client], accounts: dict[str, Any], miaochuan: Community
) -> None:
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    hazard = register(client_as("staff_mc"), miaochuan, accounts["leader"], photos=photo)
    picture = HazardPhoto.objects.get()
    other = client_as("staff_bh")
    assert other.get(reverse("casework:hazard", args=[hazard.pk])).status_code == 404
    assert other.get(reverse("casework:hazard_photo", args=[picture.pk])).status_code == 404
    assert (
        client_as("staff_mc").get(reverse("casework:hazard_photo", args=[picture.pk])).status_code
        == 200
    )
    listed = other.get(reverse("casework:hazard_list")).context["object_list"]
    assert hazard not in listed


def test_overdue_filter_and_the_needs_me_list(
    client_as: Callable[[str], Client], accounts: dict[str, Any], miaochuan: Community
) -> None:
    staff = client_as("staff_mc")
    hazard = register(staff, miaochuan, accounts["leader"], deadline="2026-01-10")
    take(staff, hazard, "assign")
    Hazard.objects.filter(pk=hazard.pk).update(deadline=date(2020, 1, 10))
    overdue = staff.get(reverse("casework:hazard_list"), {"overdue": "yes"}).context["object_list"]
    assert list(overdue) == [hazard]
    take(staff, hazard, "submit")
    mine = client_as("leader").get(reverse("casework:hazard_mine")).context["object_list"]
    assert list(mine) == [hazard]
