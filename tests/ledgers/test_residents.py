"""Residents: the form's identity rules, scope, privacy, status and ethnicity changes."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from ledgers.models import Community, Household, Resident
from tests.conftest import citizen_id
from tests.helpers import assert_fixed_queries, edited


def resident_data(community: Community, **overrides: Any) -> dict[str, Any]:
    data = {
        "document_type": "citizen",
        "id_number": citizen_id("19850302", "013"),
        "name": "马小龙",
        "ethnicity": "03",
        "community": community.pk,
        "residence_type": "registered",
        "lives_at_registration": "on",
    }
    data.update(overrides)
    return data


def add(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("ledgers:resident_add"), data)


def test_gender_and_birth_date_come_from_the_id_number(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = add(client_as("staff_mc"), resident_data(miaochuan))
    assert response.status_code == 302
    person = Resident.objects.get(name="马小龙")
    assert (person.gender, person.birth_date) == ("1", date(1985, 3, 2))


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (citizen_id("19850302", "013")[:16] + "45", "校验位错误"),
        ("62020219850230013X", "出生日期"),
        ("6202021985030201", "18位"),
    ],
)
def test_a_bad_id_number_is_a_field_error_and_nothing_is_saved(
    client_as: Callable[[str], Client], miaochuan: Community, number: str, message: str
) -> None:
    response = add(client_as("staff_mc"), resident_data(miaochuan, id_number=number))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["id_number"])
    assert not Resident.objects.filter(name="马小龙").exists()


def test_a_typed_gender_that_disagrees_with_the_id_number_is_refused(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = add(client_as("staff_mc"), resident_data(miaochuan, gender="2"))
    assert "性别与身份证号码不符" in " ".join(response.context["form"].errors["gender"])
    assert not Resident.objects.filter(name="马小龙").exists()


def test_a_registered_id_number_links_to_the_person_in_scope(
    client_as: Callable[[str], Client], miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    response = add(client_as("staff_mc"), resident_data(miaochuan, id_number=head.id_number))
    error = " ".join(response.context["form"].errors["id_number"])
    assert head.get_absolute_url() in error


def test_a_registered_id_number_elsewhere_reveals_nothing(
    client_as: Callable[[str], Client], beihuan: Community, mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    response = add(client_as("staff_bh"), resident_data(beihuan, id_number=head.id_number))
    error = " ".join(response.context["form"].errors["id_number"])
    assert "已在本办其他社区登记" in error
    assert head.name not in error and head.get_absolute_url() not in error


def check_id(client: Client, number: str, **extra: Any) -> str:
    params = {"document_type": "citizen", "id_number": number, **extra}
    response = client.get(reverse("ledgers:resident_check_id"), params)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_live_id_check_says_only_that_another_community_registered_the_number(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    shown = check_id(client_as("staff_bh"), head.id_number)
    assert "已在本办其他社区登记" in shown
    for secret in [head.name, "庙川", head.get_absolute_url(), "<a "]:
        assert secret not in shown


def test_the_live_id_check_links_to_the_person_in_the_users_own_community(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    shown = check_id(client_as("staff_mc"), head.id_number)
    assert head.get_absolute_url() in shown and head.name in shown


def test_the_live_id_check_cannot_be_asked_whose_number_it_is(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    """The person being edited (?pk=, whose own number is no duplicate) counts only if the
    user may edit them: naming anyone else would answer "is this number theirs?"."""
    head = mc_people["head"]
    client = client_as("staff_bh")
    for pk in [head.pk, head.pk + 1, "abc", "2147483648"]:
        assert "已在本办其他社区登记" in check_id(client, head.id_number, pk=pk)
    assert "已登记" not in check_id(client_as("staff_mc"), head.id_number, pk=head.pk)


def test_a_household_number_of_another_community_is_refused(
    client_as: Callable[[str], Client], beihuan: Community, mc_people: dict[str, Any]
) -> None:
    data = resident_data(beihuan, household_number="MC-0001", relation_to_head="20")
    response = add(client_as("staff_bh"), data)
    assert response.context["form"].errors["household_number"]


def test_a_member_is_added_to_a_household(
    client_as: Callable[[str], Client], miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    data = resident_data(miaochuan, household_number="MC-0001", relation_to_head="20")
    assert add(client_as("staff_mc"), data).status_code == 302
    household: Household = mc_people["household"]
    assert set(household.members.values_list("name", flat=True)) == {"马建国", "杨秀兰", "马小龙"}


def test_other_communities_residents_never_appear(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    client = client_as("staff_bh")
    for url in ["ledgers:resident_list", "ledgers:minority_ledger", "ledgers:floating_ledger"]:
        for params in [{}, {"q": "马"}, {"q": citizen_id("19700305", "011")[-6:]}]:
            response = client.get(reverse(url), params)
            assert "马建国" not in response.content.decode()
            assert "韩晓东" not in response.content.decode()


def test_search_by_last_digits_of_the_id_number_and_by_name(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    client = client_as("staff_mc")
    tail = mc_people["head"].id_number[-6:]
    by_id = client.get(reverse("ledgers:resident_list"), {"q": tail}).context["object_list"]
    assert [r.name for r in by_id] == ["马建国"]
    by_name = client.get(reverse("ledgers:resident_list"), {"q": "杨秀"}).context["object_list"]
    assert [r.name for r in by_name] == ["杨秀兰"]
    by_phone = client.get(reverse("ledgers:resident_list"), {"q": "1390000"})
    assert [r.name for r in by_phone.context["object_list"]] == ["马建国"]
    Resident.objects.filter(pk=mc_people["wife"].pk).update(current_address="庙川路1号2栋")
    by_address = client.get(reverse("ledgers:resident_list"), {"q": "庙川路1号"})
    assert [r.name for r in by_address.context["object_list"]] == ["杨秀兰"]


def test_lists_mask_id_numbers(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    page = client_as("staff_mc").get(reverse("ledgers:resident_list")).content.decode()
    number = mc_people["head"].id_number
    assert number not in page
    assert f"{number[:6]}********{number[-4:]}" in page


def test_showing_a_full_id_number_is_logged(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    response = client_as("staff_mc").get(reverse("ledgers:resident_id_number", args=[head.pk]))
    assert head.id_number in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.VIEW_ID_NUMBER)
    assert (event.username, str(head.pk) in event.target) == ("staff_mc", True)


def test_religion_is_hidden_without_its_permission(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    url = reverse("ledgers:resident", args=[head.pk])
    assert "伊斯兰教" in client_as("staff_mc").get(url).content.decode()
    for persona in ["grid_mc1", "leader"]:
        page = client_as(persona).get(url).content.decode()
        assert "伊斯兰教" not in page, persona
    form = client_as("grid_mc1").get(reverse("ledgers:resident_edit", args=[head.pk]))
    assert "religion" not in form.context["form"].fields


def test_an_edit_without_religion_permission_keeps_the_religion(
    client_as: Callable[[str], Client], miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    head: Resident = mc_people["head"]
    data = resident_data(
        miaochuan, id_number=head.id_number, name="马建国", household_number="MC-0001"
    )
    data["relation_to_head"] = "02"
    response = client_as("grid_mc1").post(
        reverse("ledgers:resident_edit", args=[head.pk]), edited(head, data)
    )
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.religion == "3"


def test_moving_out_needs_a_date_and_reason_and_keeps_the_row(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    wife = mc_people["wife"]
    url = reverse("ledgers:resident_status", args=[wife.pk])
    client = client_as("staff_mc")
    response = client.post(url, edited(wife, {"event": "moved_out", "on": ""}))
    assert set(response.context["form"].errors) == {"on", "reason"}
    client.post(
        url,
        edited(
            wife,
            {"event": "moved_out", "on": str(wife.periods.get().started_on), "reason": "迁往兰州"},
        ),
    )
    wife.refresh_from_db()
    assert (wife.status, wife.status_reason) == ("moved_out", "迁往兰州")
    listed = client.get(reverse("ledgers:resident_list")).context["object_list"]
    assert wife not in listed  # the register shows people on it …
    everyone = client.get(reverse("ledgers:resident_list"), {"status": ""}).context["object_list"]
    assert wife in everyone  # … and every status on request


def test_ethnicity_changes_once_with_a_reason(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    url = reverse("ledgers:resident_ethnicity", args=[head.pk])
    client = client_as("staff_mc")
    client.post(url, {"new_ethnicity": "01", "reason": "随母亲民族成份更正"})
    head.refresh_from_db()
    assert head.ethnicity == "01"
    assert head.ethnicity_changes.get().old_ethnicity == "03"
    second = client.post(url, {"new_ethnicity": "03", "reason": "再次更改"})
    assert "只能变更一次" in second.content.decode()
    head.refresh_from_db()
    assert head.ethnicity == "01"


def test_the_edit_form_does_not_change_ethnicity(
    client_as: Callable[[str], Client], miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    head: Resident = mc_people["head"]
    data = resident_data(miaochuan, id_number=head.id_number, name="马建国", ethnicity="01")
    client_as("staff_mc").post(reverse("ledgers:resident_edit", args=[head.pk]), data)
    head.refresh_from_db()
    assert head.ethnicity == "03"


def test_changing_the_head_of_household(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head, wife = mc_people["head"], mc_people["wife"]
    url = reverse("ledgers:household_head", args=[mc_people["household"].pk])
    client_as("staff_mc").post(url, {"new_head": wife.pk, "old_head_relation": "10"})
    head.refresh_from_db()
    wife.refresh_from_db()
    assert (wife.relation_to_head, head.relation_to_head) == ("02", "10")


def test_detail_shows_history_with_the_masked_number(
    client_as: Callable[[str], Client], miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    head: Resident = mc_people["head"]
    client = client_as("staff_mc")
    data = resident_data(miaochuan, id_number=head.id_number, name="马建国", phone="13711112222")
    client.post(reverse("ledgers:resident_edit", args=[head.pk]), edited(head, data))
    page = client.get(reverse("ledgers:resident", args=[head.pk])).content.decode()
    assert "13711112222" in page and "马秀英" in page  # the change and who made it
    assert head.id_number not in page


def _add_residents(community: Community) -> Callable[[int], None]:
    counter = iter(range(100_000))

    def add_rows(n: int) -> None:
        household = Household.objects.create(
            community=community, number=f"Q-{next(counter)}", address="测试路"
        )
        Resident.objects.bulk_create(
            Resident(
                community=community,
                household=household,
                relation_to_head="20",
                name=f"测试{i}",
                id_number=citizen_id("19800101", f"{i % 1000:03d}", region=f"{620000 + i // 1000}"),
                gender="1",
                birth_date=date(1980, 1, 1),
                ethnicity="03" if i % 3 else "01",
            )
            for i in (next(counter) for _ in range(n))
        )

    return add_rows


@pytest.mark.parametrize(
    "url_name",
    ["ledgers:resident_list", "ledgers:minority_ledger", "ledgers:household_list"],
)
def test_list_queries_do_not_grow(
    url_name: str, client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    assert_fixed_queries(client_as("staff_mc"), reverse(url_name), _add_residents(miaochuan))


def test_export_queries_do_not_grow(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    """The .xlsx export reads only the columns it shows, and no field a row then asks for."""
    url = reverse("ledgers:resident_export")
    assert_fixed_queries(client_as("staff_mc"), url, _add_residents(miaochuan))


def test_detail_queries_do_not_grow(
    client_as: Callable[[str], Client], miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    add = _add_residents(miaochuan)

    def grow_household(n: int) -> None:
        add(n)
        Resident.objects.filter(name__startswith="测试").update(household=head.household)

    url = reverse("ledgers:resident", args=[head.pk])
    assert_fixed_queries(client_as("staff_mc"), url, grow_household)


def test_consistency_checks_find_what_needs_fixing(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    floating = mc_people["floating_record"]
    floating.left_on = date(2025, 1, 1)
    floating.save()
    Resident.objects.filter(pk=mc_people["wife"].pk).update(birth_date=date(1972, 8, 12))
    results = {
        r.key: r for r in client_as("staff_mc").get(reverse("ledgers:checks")).context["results"]
    }
    assert results["left_but_active"].count == 1
    assert [r.name for r in results["id_mismatch"].rows] == ["杨秀兰"]
    assert results["no_head"].count == 0
    # 北环路's staff see none of 庙川's problems.
    other = {
        r.key: r.count
        for r in client_as("staff_bh").get(reverse("ledgers:checks")).context["results"]
    }
    assert not any(other.values())


def test_a_households_community_is_not_changed_by_editing_it(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], beihuan: Community
) -> None:
    """Its members live in its community: a household changes community only by a transfer."""
    household: Household = mc_people["household"]
    staff = client_as("staff_mc")
    data = {
        "community": beihuan.pk,
        "number": household.number,
        "address": "庙川路2号",
        "kind": "family",
    }
    url = reverse("ledgers:household_edit", args=[household.pk])
    assert staff.post(url, edited(household, data)).status_code == 302
    household.refresh_from_db()
    assert (household.community.name, household.address) == ("庙川社区", "庙川路2号")
