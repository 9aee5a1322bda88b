"""Businesses and places: credit codes, operators within scope, religious venues."""

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from ledgers.models import Business, Community, Place


def business_data(community: Community, **overrides: Any) -> dict[str, Any]:
    data = {
        "community": community.pk,
        "name": "伊斯兰风味餐厅",
        "kind": "individual",
        "credit_code": "91350100M000100Y43",
        "operator_name": "马福",
        "address": "庙川路5号",
        "employees": "4",
    }
    data.update(overrides)
    return data


def test_a_valid_credit_code_is_saved_upper_case(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = business_data(miaochuan, credit_code=" 91350100m000100y43 ")
    response = client_as("staff_mc").post(reverse("ledgers:business_add"), data)
    assert response.status_code == 302
    assert Business.objects.get().credit_code == "91350100M000100Y43"


def test_a_mistyped_credit_code_is_a_field_error(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = business_data(miaochuan, credit_code="91350100M000100Y44")
    response = client_as("staff_mc").post(reverse("ledgers:business_add"), data)
    assert "校验码错误" in " ".join(response.context["form"].errors["credit_code"])
    assert not Business.objects.exists()


def test_the_operator_is_found_by_id_number_only_in_scope(
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
    mc_people: dict[str, Any],
) -> None:
    head = mc_people["head"]
    data = business_data(beihuan, operator_id_number=head.id_number, operator_name="")
    response = client_as("staff_bh").post(reverse("ledgers:business_add"), data)
    assert response.context["form"].errors["operator_id_number"]
    data = business_data(miaochuan, operator_id_number=head.id_number.lower(), operator_name="")
    assert client_as("staff_mc").post(reverse("ledgers:business_add"), data).status_code == 302
    assert Business.objects.get(name="伊斯兰风味餐厅").operator == head


def test_a_religious_venue_needs_its_religion(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = {"community": miaochuan.pk, "name": "北寺", "kind": "religious", "address": "北街"}
    response = client_as("staff_mc").post(reverse("ledgers:place_add"), data)
    assert response.context["form"].errors["religion"]
    data["religion"] = "3"
    assert client_as("staff_mc").post(reverse("ledgers:place_add"), data).status_code == 302
    venues = client_as("staff_mc").get(reverse("ledgers:religious_venue_ledger"))
    assert [p.name for p in venues.context["object_list"]] == ["北寺"]
    assert Place.objects.get(name="北寺").history.count() == 1
