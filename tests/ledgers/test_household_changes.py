"""分户 and 合户: the rules, what is written (periods, versions, history), the pages, the members
over time on a household's page, and the queries they cost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ledgers.models import (
    Community,
    Household,
    HouseholdChange,
    MoveEvent,
    ResidencePeriod,
    Resident,
)
from ledgers.moves import households
from ledgers.moves.households import Address, HouseholdError
from tests.conftest import citizen_id
from tests.helpers import form_values

TODAY = timezone.localdate()


def member(household: Household, name: str, relation: str, sequence: str) -> Resident:
    return Resident.objects.create(
        community=household.community,
        grid=household.grid,
        household=household,
        relation_to_head=relation,
        name=name,
        id_number=citizen_id("19950101", sequence),
        gender="1" if int(sequence) % 2 else "2",
        birth_date=date(1995, 1, 1),
        ethnicity="03",
    )


def household_of(community: Community, number: str, size: int, first: int = 100) -> Household:
    """A household of `size` members on the register, the first its head."""
    household = Household.objects.create(community=community, number=number, address="庙川路8号")
    for n in range(size):
        relation = "02" if n == 0 else "20"
        member(household, f"马{number}{n}", relation, f"{first + 2 * n + 1:03d}")
    return household


@pytest.fixture
def family(mc_people: dict[str, Any]) -> dict[str, Any]:
    """The 庙川 household of mc_people (马建国 head, 杨秀兰 wife) with a son and his wife."""
    household = mc_people["household"]
    son = member(household, "马小军", "20", "051")
    daughter_in_law = member(household, "韩梅", "28", "062")
    return {**mc_people, "son": son, "daughter_in_law": daughter_in_law}


def staff(accounts: dict[str, User], name: str = "staff_mc") -> User:
    return accounts[name]


def split_son(family: dict[str, Any], user: User, **kwargs: Any) -> HouseholdChange:
    return households.split(
        family["household"],
        [family["son"], family["daughter_in_law"]],
        family["son"],
        user,
        kwargs.pop("on", TODAY),
        "结婚分户",
        Address("庙川路8号", "3", "2", "301"),
        **kwargs,
    )


# ---- split ------------------------------------------------------------------------------------


def test_a_split_makes_a_new_household_with_its_head_periods_and_history(
    family: dict[str, Any], accounts: dict[str, User]
) -> None:
    household, son, wife_of_son = family["household"], family["son"], family["daughter_in_law"]
    old_versions = {r.pk: r.version for r in (son, wife_of_son)}
    old_household_version = household.version
    change = split_son(family, staff(accounts))

    new = change.target
    community = household.community
    assert new.number == f"{community.short_code}-{TODAY.year}-0001"
    assert (new.community, new.address, new.room) == (community, "庙川路8号", "301")
    son.refresh_from_db()
    wife_of_son.refresh_from_db()
    assert (son.household, son.relation_to_head) == (new, "02")
    assert (wife_of_son.household, wife_of_son.relation_to_head) == (new, "28")  # kept
    assert son.version == old_versions[son.pk] + 1
    assert wife_of_son.version == old_versions[wife_of_son.pk] + 1
    household.refresh_from_db()
    assert household.version == old_household_version + 1
    assert [m.name for m in household.members.order_by("pk")] == ["马建国", "杨秀兰"]
    assert (change.kind, change.source, change.changed_on) == ("split", household, TODAY)
    assert set(change.residents.all()) == {son, wife_of_son}

    periods = list(ResidencePeriod.objects.filter(resident=son).order_by("pk"))
    assert [(p.household_id, p.end_event) for p in periods] == [
        (household.pk, MoveEvent.SPLIT),
        (new.pk, ""),
    ]
    assert periods[1].start_event == MoveEvent.SPLIT
    assert periods[1].reason == "结婚分户"
    latest = son.history.latest()
    assert latest.household_id == new.pk
    assert "分户" in latest.history_change_reason or household.number in (
        latest.history_change_reason
    )
    assert latest.history_user == staff(accounts)
    assert new.history.count() == 1
    assert household.history.latest().history_change_reason


def test_the_next_split_takes_the_next_number_and_a_typed_number_is_kept(
    family: dict[str, Any], accounts: dict[str, User]
) -> None:
    first = split_son(family, staff(accounts), number="MC-0099")
    assert first.target.number == "MC-0099"
    household = family["household"]
    second = households.split(
        household,
        [family["wife"]],
        family["wife"],
        staff(accounts),
        TODAY,
        "分户",
        Address("庙川路9号"),
    )
    assert second.target.number.endswith(f"{TODAY.year}-0001")


def test_a_number_taken_in_the_community_is_refused(
    family: dict[str, Any], accounts: dict[str, User]
) -> None:
    with pytest.raises(HouseholdError) as error:
        split_son(family, staff(accounts), number=family["household"].number)
    assert error.value.field == "number"
    assert not HouseholdChange.objects.exists()


def test_the_new_head_must_leave_with_them(
    family: dict[str, Any], accounts: dict[str, User]
) -> None:
    with pytest.raises(HouseholdError) as error:
        households.split(
            family["household"],
            [family["daughter_in_law"]],
            family["son"],
            staff(accounts),
            TODAY,
            "分户",
            Address("庙川路8号"),
        )
    assert error.value.field == "head"


def test_when_the_head_leaves_those_who_stay_need_a_head_and_he_a_relation(
    family: dict[str, Any], accounts: dict[str, User]
) -> None:
    head, wife, son = family["head"], family["wife"], family["son"]

    def split_with(**kwargs: Any) -> HouseholdChange:
        return households.split(
            family["household"],
            [head, wife],
            wife,
            staff(accounts),
            TODAY,
            "老两口分户",
            Address("庙川路10号"),
            **kwargs,
        )

    with pytest.raises(HouseholdError) as error:
        split_with(remaining_head=son)
    assert error.value.field == "former_head_relation"
    with pytest.raises(HouseholdError) as error:
        split_with(former_head_relation="11")
    assert error.value.field == "remaining_head"
    with pytest.raises(HouseholdError):
        split_with(former_head_relation="11", remaining_head=wife)  # she leaves

    change = split_with(former_head_relation="11", remaining_head=son)
    head.refresh_from_db()
    wife.refresh_from_db()
    son.refresh_from_db()
    assert (head.household, head.relation_to_head) == (change.target, "11")
    assert (wife.household, wife.relation_to_head) == (change.target, "02")
    assert (son.household, son.relation_to_head) == (family["household"], "02")
    # The son stayed: his period goes on, his relation changed (a version, a history entry).
    assert ResidencePeriod.objects.filter(resident=son).count() == 1
    assert son.history.latest().relation_to_head == "02"


def test_the_last_member_cannot_leave(family: dict[str, Any], accounts: dict[str, User]) -> None:
    everyone = [family[k] for k in ("head", "wife", "son", "daughter_in_law")]
    with pytest.raises(HouseholdError) as error:
        households.split(
            family["household"],
            everyone,
            family["son"],
            staff(accounts),
            TODAY,
            "分户",
            Address("庙川路8号"),
            former_head_relation="10",
        )
    assert error.value.field == "members"
    assert Household.objects.count() == 1


def test_a_date_before_the_member_lived_here_or_in_the_future_is_refused(
    family: dict[str, Any], accounts: dict[str, User]
) -> None:
    with pytest.raises(HouseholdError) as error:
        split_son(family, staff(accounts), on=TODAY - timedelta(days=3))
    assert error.value.field == "changed_on"
    assert "马小军" in str(error.value.message)
    with pytest.raises(HouseholdError):
        split_son(family, staff(accounts), on=TODAY + timedelta(days=1))
    assert Household.objects.count() == 1
    assert ResidencePeriod.objects.filter(ended_on__isnull=False).count() == 0


def test_another_community_cannot_split(family: dict[str, Any], accounts: dict[str, User]) -> None:
    with pytest.raises(HouseholdError):
        split_son(family, staff(accounts, "staff_bh"))
    assert not HouseholdChange.objects.exists()


# ---- merge ------------------------------------------------------------------------------------


def test_a_merge_moves_every_member_and_dissolves_the_household(
    family: dict[str, Any], accounts: dict[str, User], miaochuan: Community
) -> None:
    source = household_of(miaochuan, "MC-0002", 3)
    target = family["household"]
    head = source.members.get(relation_to_head="02")
    before = target.version
    change = households.merge(source, target, staff(accounts), TODAY, "投靠子女", {head.pk: "50"})

    source.refresh_from_db()
    target.refresh_from_db()
    assert source.dissolved_on == TODAY
    assert target.version == before + 1
    assert not source.members.filter(status="active").exists()
    joined = target.members.filter(name__startswith="马MC-0002")
    assert sorted(r.relation_to_head for r in joined) == ["20", "20", "50"]
    assert (change.kind, change.source, change.target) == ("merge", source, target)
    assert change.residents.count() == 3
    assert set(
        ResidencePeriod.objects.filter(household=target, start_event=MoveEvent.MERGE).values_list(
            "resident__name", flat=True
        )
    ) == {r.name for r in joined}
    assert source.history.latest().dissolved_on == TODAY
    assert not households.is_open(source)


def test_a_dissolved_household_takes_no_split_merge_or_member(
    family: dict[str, Any], accounts: dict[str, User], miaochuan: Community
) -> None:
    source = household_of(miaochuan, "MC-0002", 2)
    other = household_of(miaochuan, "MC-0003", 2, first=200)
    target = family["household"]
    head = source.members.get(relation_to_head="02")
    households.merge(source, target, staff(accounts), TODAY, "合户", {head.pk: "50"})
    with pytest.raises(HouseholdError):
        households.merge(source, other, staff(accounts), TODAY, "再合户", {})
    other_head = other.members.get(relation_to_head="02")
    with pytest.raises(HouseholdError) as error:
        households.merge(other, source, staff(accounts), TODAY, "并入", {other_head.pk: "10"})
    assert error.value.field == "target_number"
    with pytest.raises(HouseholdError):
        households.split(source, [head], head, staff(accounts), TODAY, "分户", Address("庙川路1号"))


def test_merge_rules(
    family: dict[str, Any],
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
) -> None:
    source = household_of(miaochuan, "MC-0002", 2)
    head = source.members.get(relation_to_head="02")
    elsewhere = household_of(beihuan, "BH-0001", 1, first=300)
    user = staff(accounts)
    with pytest.raises(HouseholdError) as error:
        households.merge(source, family["household"], user, TODAY, "合户", {})
    assert error.value.field == "head_relation"
    with pytest.raises(HouseholdError) as error:
        households.merge(source, source, user, TODAY, "合户", {head.pk: "10"})
    assert error.value.field == "target_number"
    with pytest.raises(HouseholdError) as error:  # 北环路's household is not staff_mc's
        households.merge(source, elsewhere, user, TODAY, "合户", {head.pk: "10"})
    assert error.value.field == "target_number"
    # Someone who sees both communities still cannot merge across them.
    with pytest.raises(HouseholdError) as error:
        households.merge(source, elsewhere, accounts["leader"], TODAY, "合户", {head.pk: "10"})
    assert error.value.field == "target_number"
    assert Household.objects.filter(dissolved_on__isnull=False).count() == 0


# ---- queries -----------------------------------------------------------------------------------


def test_a_split_of_three_and_a_merge_of_five_take_a_fixed_number_of_queries(
    mc_people: dict[str, Any],
    accounts: dict[str, User],
    miaochuan: Community,
    django_assert_max_num_queries: Any,
) -> None:
    user = staff(accounts)
    big = household_of(miaochuan, "MC-0010", 5)
    small = household_of(miaochuan, "MC-0011", 2, first=400)
    members = list(big.members.order_by("pk"))
    # The household's number costs 2 to 4 (the year's counter is created by the first); the
    # periods' new keys one; the user's communities one (read once for the user: core.scope).
    with django_assert_max_num_queries(26):
        households.split(big, members[1:4], members[1], user, TODAY, "分户", Address("庙川路2号"))
    rest = household_of(miaochuan, "MC-0012", 5, first=500)
    head = rest.members.get(relation_to_head="02")
    with django_assert_max_num_queries(21):
        households.merge(rest, small, user, TODAY, "合户", {head.pk: "10"})
    assert small.members.count() == 7


# ---- pages -------------------------------------------------------------------------------------


def test_split_page_confirms_then_writes(
    family: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("staff_mc")
    household = family["household"]
    url = reverse("ledgers:household_split", args=[household.pk])
    page = client.get(reverse("ledgers:household", args=[household.pk]))
    assert url.encode() in page.content

    data = form_values(client.get(url).content, "split-form")
    data.update(
        members=[str(family["son"].pk), str(family["daughter_in_law"].pk)],
        head=str(family["son"].pk),
        reason="结婚分户",
    )
    summary = client.post(url, data)
    assert summary.status_code == 200
    assert b'id="summary"' in summary.content and "马小军".encode() in summary.content
    assert not HouseholdChange.objects.exists()  # nothing written before the confirmation

    confirmed = client.post(url, form_values(summary.content))
    change = HouseholdChange.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == change.target.get_absolute_url()
    assert any(change.target.number in str(m) for m in get_messages(confirmed.wsgi_request))


def test_split_page_shows_what_is_wrong(
    family: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("staff_mc")
    household = family["household"]
    url = reverse("ledgers:household_split", args=[household.pk])
    data = form_values(client.get(url).content, "split-form")
    data.update(members=[str(family["head"].pk)], head=str(family["head"].pk), reason="分户")
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"remaining_head"}
    assert not HouseholdChange.objects.exists()


def test_merge_page_finds_the_household_by_its_number(
    family: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    client = client_as("staff_mc")
    source = household_of(miaochuan, "MC-0002", 2)
    url = reverse("ledgers:household_merge", args=[source.pk])
    data = form_values(client.get(url).content, "merge-form")
    data.update(target_number="MC-9999", head_relation="10", reason="合户")
    response = client.post(url, data)
    assert set(response.context["form"].errors) == {"target_number"}

    data["target_number"] = family["household"].number
    summary = client.post(url, data)
    assert b'id="summary"' in summary.content and "马建国".encode() in summary.content
    confirmed = client.post(url, form_values(summary.content))
    assert confirmed["Location"] == family["household"].get_absolute_url()
    source.refresh_from_db()
    assert source.dissolved_on == TODAY

    # The dissolved household: no buttons, a notice, its pages send back, the list hides it.
    page = client.get(source.get_absolute_url())
    assert b'id="dissolved"' in page.content and b'id="merge-household"' not in page.content
    assert client.get(url)["Location"] == source.get_absolute_url()
    listed = client.get(reverse("ledgers:household_list"))
    assert source not in listed.context["object_list"]
    listed = client.get(reverse("ledgers:household_list"), {"dissolved": "yes"})
    assert source in listed.context["object_list"]


def test_a_dissolved_household_cannot_get_a_member_on_the_resident_form(
    family: dict[str, Any], accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    source = household_of(family["household"].community, "MC-0002", 1)
    head = source.members.get()
    households.merge(source, family["household"], staff(accounts), TODAY, "合户", {head.pk: "10"})
    response = client_as("staff_mc").post(
        reverse("ledgers:resident_add"),
        {
            "document_type": "citizen",
            "id_number": citizen_id("19850302", "013"),
            "name": "马小龙",
            "ethnicity": "03",
            "community": source.community_id,
            "household_number": source.number,
            "relation_to_head": "20",
            "residence_type": "registered",
        },
    )
    assert response.status_code == 200
    assert "household_number" in response.context["form"].errors


def test_pages_are_for_the_households_community_and_editors(
    family: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    household = family["household"]
    for name in ("ledgers:household_split", "ledgers:household_merge"):
        url = reverse(name, args=[household.pk])
        assert client_as("staff_bh").get(url).status_code == 404
        assert client_as("staff_bh").post(url, {"confirm": "1"}).status_code == 404
        assert client_as("leader").get(url).status_code == 403
        assert client_as("grid_mc1").get(url).status_code == 200
    page = client_as("leader").get(household.get_absolute_url())
    assert b'id="split-household"' not in page.content
    assert b'id="members-over-time"' in page.content


# ---- members over time -------------------------------------------------------------------------


def test_members_over_time_show_who_came_and_left_and_the_changes(
    family: dict[str, Any], accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    change = split_son(family, staff(accounts))
    household = family["household"]
    page = client_as("staff_mc").get(household.get_absolute_url())
    stays = {s.resident.name: s for s in page.context["member_stays"]}
    assert set(stays) == {"马建国", "杨秀兰", "马小军", "韩梅"}
    assert stays["马小军"].end_event == MoveEvent.SPLIT and stays["马小军"].ended_on == TODAY
    assert stays["马建国"].ended_on is None
    assert stays["马建国"].start_event == MoveEvent.REGISTERED
    assert change.target.get_absolute_url().encode() in page.content

    new_page = client_as("staff_mc").get(change.target.get_absolute_url())
    stays = {s.resident.name: s for s in new_page.context["member_stays"]}
    assert set(stays) == {"马小军", "韩梅"}
    assert stays["韩梅"].start_event == MoveEvent.SPLIT
    assert household.get_absolute_url().encode() in new_page.content


def test_members_over_time_cost_a_fixed_number_of_queries(
    family: dict[str, Any],
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("staff_mc")
    household = family["household"]
    user = staff(accounts)

    def count() -> int:
        client.get(household.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            client.get(household.get_absolute_url())
        return len(captured)

    split_son(family, user)
    small = count()
    for n in range(3):
        source = household_of(miaochuan, f"MC-00{20 + n}", 3, first=600 + 10 * n)
        head = source.members.get(relation_to_head="02")
        households.merge(source, household, user, TODAY, "合户", {head.pk: "10"})
    assert count() == small


def test_an_import_cannot_add_a_member_to_a_dissolved_household(
    family: dict[str, Any], accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    from tests.ledgers.test_imports import batch, upload, workbook

    source = household_of(family["household"].community, "MC-0002", 1)
    head = source.members.get()
    households.merge(source, family["household"], staff(accounts), TODAY, "合户", {head.pk: "10"})
    number = citizen_id("19700101", "017")
    upload(
        client_as("staff_mc"),
        "ledgers:resident_import",
        workbook([["白文", number, "回族", "", "MC-0002", "子"]]),
    )
    assert batch().status == "invalid"
    assert [e["column"] for e in batch().errors] == ["户号"]
    assert not Resident.objects.filter(name="白文").exists()
