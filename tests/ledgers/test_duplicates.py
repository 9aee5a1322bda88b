"""Duplicate people across the office: the finder, the merge, and the warnings that reveal
nobody of another community."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, ActivityAttendee
from casework.models import AssistanceCase, InsuranceEnrolment
from ledgers.models import (
    Community,
    FloatingRecord,
    Household,
    Resident,
    ResidentStatus,
    StrataMembership,
    Tag,
)
from ledgers.moves import duplicates, merging
from ledgers.moves.duplicates import Reason
from ledgers.moves.models import MoveEvent, ResidencePeriod, ResidentMerge
from tests.conftest import citizen_id
from tests.helpers import assert_fixed_queries

People = dict[str, Any]


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    """The pages in English, the language their texts are written in."""
    settings.LANGUAGE_CODE = "en"


def person(community: Community, name: str, born: date, **fields: Any) -> Resident:
    return Resident.objects.create(
        community=community,
        name=name,
        birth_date=born,
        gender=fields.pop("gender", "1"),
        ethnicity=fields.pop("ethnicity", "03"),
        document_type=fields.pop("document_type", "other"),
        **fields,
    )


def pairs_of(found: list[duplicates.Pair]) -> dict[tuple[int, int], list[str]]:
    return {(p.first_id, p.second_id): p.reasons for p in found}


def key(a: Resident, b: Resident) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


# ---- the finder ---------------------------------------------------------------------------


def test_same_name_and_birth_date_in_two_communities_is_found(
    mc_people: People, beihuan: Community
) -> None:
    head = mc_people["head"]
    again = person(beihuan, "马建国", date(1970, 3, 5))
    assert pairs_of(duplicates.find())[key(head, again)] == [Reason.NAME_BIRTH]


def test_same_name_and_phone_is_found(mc_people: People, beihuan: Community) -> None:
    head = mc_people["head"]
    again = person(beihuan, "马建国", date(1971, 3, 5), phone="13900001111")
    assert pairs_of(duplicates.find())[key(head, again)] == [Reason.NAME_PHONE]


def test_a_name_read_alike_with_the_same_birth_date_is_found(
    mc_people: People, beihuan: Community
) -> None:
    wife = mc_people["wife"]
    again = person(beihuan, "杨秀岚", date(1972, 8, 11), gender="2")
    assert pairs_of(duplicates.find())[key(wife, again)] == [Reason.PINYIN_BIRTH]


def test_an_old_15_digit_number_of_an_18_digit_one_is_found(
    mc_people: People, beihuan: Community
) -> None:
    floating = mc_people["floating"]
    number = floating.id_number
    old = person(beihuan, "韩东", date(1990, 1, 1), id_number=number[:6] + number[8:17])
    assert pairs_of(duplicates.find())[key(floating, old)] == [Reason.OLD_ID]


def test_different_people_and_merged_records_are_not_found(
    mc_people: People, beihuan: Community
) -> None:
    person(beihuan, "马建国", date(1980, 1, 1), phone="13700000000")  # another 马建国
    person(beihuan, "韩东", date(1990, 1, 1), id_number="630102900101032")  # another number
    merged = person(beihuan, "杨秀兰", date(1972, 8, 11), gender="2")
    Resident.objects.filter(pk=merged.pk).update(
        status=ResidentStatus.MERGED, status_date=date.today()
    )
    assert duplicates.find() == []


def test_the_same_pair_found_twice_is_listed_once_with_both_reasons(
    mc_people: People, beihuan: Community
) -> None:
    head = mc_people["head"]
    again = person(beihuan, "马建国", date(1970, 3, 5), phone="13900001111")
    found = pairs_of(duplicates.find())
    assert found == {key(head, again): [Reason.NAME_BIRTH, Reason.NAME_PHONE]}
    assert pairs_of(duplicates.find([Reason.NAME_PHONE])) == {key(head, again): [Reason.NAME_PHONE]}


def test_each_rule_is_one_query(mc_people: People, beihuan: Community) -> None:
    person(beihuan, "马建国", date(1970, 3, 5), phone="13900001111")
    with CaptureQueriesContext(connection) as captured:
        duplicates.find()
    assert len(captured) == len(Reason)


def test_the_page_lists_pairs_side_by_side_with_masked_numbers(
    client_as: Callable[[str], Client], mc_people: People, beihuan: Community
) -> None:
    head = mc_people["head"]
    person(beihuan, "马建国", date(1970, 3, 5))
    page = client_as("leader").get(reverse("ledgers:duplicate_list")).content.decode()
    assert "庙川社区" in page and "北环路社区" in page
    assert head.masked_id in page and head.id_number not in page
    assert "Same name and birth date" in page
    filtered = client_as("leader").get(reverse("ledgers:duplicate_list"), {"reason": "old_id"})
    assert b"No likely duplicates for this reason." in filtered.content


def test_the_page_makes_as_many_queries_for_many_pairs_as_for_few(
    client_as: Callable[[str], Client], mc_people: People, beihuan: Community
) -> None:
    made = [0]

    def add_pairs(n: int) -> None:
        rows = []
        for i in range(made[0], made[0] + n // 10):
            for community in (mc_people["household"].community, beihuan):
                rows.append(
                    Resident(
                        community=community,
                        name=f"马{i:04d}",
                        name_sort=f"ma{i:04d}",
                        birth_date=date(1960, 1, 1),
                        gender="1",
                        ethnicity="03",
                    )
                )
        made[0] += n // 10
        Resident.objects.bulk_create(rows)

    assert_fixed_queries(client_as("leader"), reverse("ledgers:duplicate_list"), add_pairs)


def test_staff_may_neither_find_nor_merge(
    client_as: Callable[[str], Client], mc_people: People, beihuan: Community
) -> None:
    again = person(beihuan, "马建国", date(1970, 3, 5))
    merge_url = reverse("ledgers:duplicate_merge", args=[mc_people["head"].pk, again.pk])
    staff = client_as("staff_mc")
    assert staff.get(reverse("ledgers:duplicate_list")).status_code == 403
    assert staff.get(merge_url).status_code == 403
    assert client_as("county").get(reverse("ledgers:duplicate_list")).status_code == 200
    assert client_as("county").get(merge_url).status_code == 403
    assert client_as("leader").get(merge_url + "0").status_code == 404


# ---- the merge ----------------------------------------------------------------------------


@pytest.fixture
def twice(mc_people: People, accounts: dict[str, User]) -> dict[str, Any]:
    """马建国 registered twice in his household, with records on both: an assistance case,
    insurance, activities, the new-strata ledger, a floating record and tags."""
    head = mc_people["head"]
    household = mc_people["household"]
    again = person(
        household.community,
        "马建国",
        date(1970, 3, 5),
        household=household,
        relation_to_head="02",
        phone="13900001111",
    )
    staff = accounts["staff_mc"]
    case = AssistanceCase.objects.create(
        community=household.community,
        household=household,
        applicant=again,
        kind="temporary",
        reason="户主住院",
        reason_category="illness",
    )
    InsuranceEnrolment.objects.create(resident=head, scheme="medical", year=2026)
    both_years = InsuranceEnrolment.objects.create(resident=again, scheme="medical", year=2026)
    last_year = InsuranceEnrolment.objects.create(resident=again, scheme="medical", year=2025)
    lecture, dinner = (
        Activity.objects.create(
            community=household.community, kind=kind, title=title, place=mc_people["place"]
        )
        for kind, title in (("policy_lecture", "政策宣讲"), ("festival", "古尔邦节联欢"))
    )
    ActivityAttendee.objects.create(activity=lecture, resident=head)
    ActivityAttendee.objects.create(activity=lecture, resident=again)
    ActivityAttendee.objects.create(activity=dinner, resident=again)
    strata = StrataMembership.objects.create(resident=again, categories="2")
    floating = FloatingRecord.objects.create(
        resident=again, origin="青海省", arrived_on=date(2020, 1, 1), inflow_reason="03"
    )
    veteran = Tag.objects.get_or_create(name="退役军人")[0]
    again.tags.add(veteran)
    return {
        "kept": head,
        "merged": again,
        "staff": staff,
        "case": case,
        "both_years": both_years,
        "last_year": last_year,
        "lecture": lecture,
        "dinner": dinner,
        "strata": strata,
        "floating": floating,
        "tag": veteran,
    }


def merge_url(twice: dict[str, Any]) -> str:
    return reverse("ledgers:duplicate_merge", args=[twice["kept"].pk, twice["merged"].pk])


def posted(
    twice: dict[str, Any], keep: Resident, reason: str = "核对身份证，系同一人"
) -> dict[str, Any]:
    kept, merged = (Resident.objects.get(pk=r.pk) for r in (twice["kept"], twice["merged"]))
    return {
        "keep": keep.pk,
        "seen": f"{kept.pk}.{kept.version}:{merged.pk}.{merged.version}",
        "reason": reason,
    }


def test_the_merge_page_shows_what_will_move(
    client_as: Callable[[str], Client], twice: dict[str, Any]
) -> None:
    page = client_as("leader").get(merge_url(twice)).content.decode()
    assert "Assistance cases" in page and "Activity attendees" in page
    assert "1 the kept record already has: kept once" in page  # the lecture
    assert "stays with the merged record" in page  # the 2026 enrolment, the new-strata record
    assert "退役军人" in page


def test_a_merge_moves_every_linked_record_to_the_kept_one(
    client_as: Callable[[str], Client], twice: dict[str, Any]
) -> None:
    kept, merged = twice["kept"], twice["merged"]
    version = kept.version
    case_version = twice["case"].version
    response = client_as("leader").post(merge_url(twice), posted(twice, kept))
    assert response.status_code == 302 and response["Location"] == kept.get_absolute_url()

    twice["case"].refresh_from_db()
    assert twice["case"].applicant_id == kept.pk and twice["case"].version == case_version + 1
    assert twice["case"].history.first().history_change_reason.startswith("合并重复记录")
    assert InsuranceEnrolment.objects.get(pk=twice["last_year"].pk).resident_id == kept.pk
    # Both enrolled for 2026: the kept record's stands, the other stays with the merged one.
    assert InsuranceEnrolment.objects.get(pk=twice["both_years"].pk).resident_id == merged.pk
    assert list(
        ActivityAttendee.objects.filter(resident=kept)
        .values_list("activity", flat=True)
        .order_by("activity")
    ) == [twice["lecture"].pk, twice["dinner"].pk]
    assert not ActivityAttendee.objects.filter(resident=merged).exists()
    assert FloatingRecord.objects.get(pk=twice["floating"].pk).resident_id == kept.pk
    assert StrataMembership.objects.get(pk=twice["strata"].pk).resident_id == merged.pk
    kept.refresh_from_db()
    assert twice["tag"] in kept.tags.all()
    assert kept.version > version
    assert kept.history.first().history_change_reason.startswith("合并重复记录")

    merged.refresh_from_db()
    assert merged.status == ResidentStatus.MERGED and merged.merged_into_id == kept.pk
    assert merged.status_date == timezone.localdate()
    period = ResidencePeriod.objects.filter(resident=merged).last()
    assert period is not None and period.end_event == MoveEvent.RECORDS_MERGED
    record = ResidentMerge.objects.get(merged=merged)
    assert record.kept_id == kept.pk and record.snapshot["name"] == "马建国"
    assert record.relinked["moved"]["casework.assistancecase.applicant"] == 1
    assert record.relinked["left_with_merged"]["casework.insuranceenrolment.resident"] == [
        twice["both_years"].pk
    ]
    # Hidden from the register: one 马建国 is listed.
    register = client_as("staff_mc").get(reverse("ledgers:resident_list"), {"q": "马建国"})
    assert register.content.decode().count(f'href="{merged.get_absolute_url()}"') == 0
    assert kept.get_absolute_url() in register.content.decode()


def test_the_kept_record_takes_the_number_it_lacks(
    mc_people: People, accounts: dict[str, User], beihuan: Community
) -> None:
    head = mc_people["head"]
    number = head.id_number
    without = person(beihuan, "马建国", date(1970, 3, 5), document_type="citizen")
    merging.merge(without, head, accounts["leader"], "同一人")
    without.refresh_from_db()
    head.refresh_from_db()
    assert (without.document_type, without.id_number) == ("citizen", number)
    assert head.id_number == "" and head.status == ResidentStatus.MERGED


def test_a_merge_that_would_break_a_rule_is_refused_and_writes_nothing(
    client_as: Callable[[str], Client], twice: dict[str, Any], beihuan: Community
) -> None:
    # The case's applicant must belong to its household: a record of another household
    # cannot take it over.
    elsewhere = Household.objects.create(community=beihuan, number="BH-0001", address="北环路1号")
    kept = twice["kept"]
    Resident.objects.filter(pk=kept.pk).update(community=beihuan, household=elsewhere)
    before = (
        list(AssistanceCase.objects.values_list("applicant", "version")),
        list(InsuranceEnrolment.objects.values_list("resident", "version")),
        list(ActivityAttendee.objects.values_list("pk", "resident")),
        list(Resident.objects.values_list("pk", "status", "version", "id_number")),
    )
    client = client_as("leader")
    page = client.get(merge_url(twice)).content.decode()
    assert "The applicant must be a member of this household." in page
    response = client.post(merge_url(twice), posted(twice, kept), follow=True)
    assert "The applicant must be a member of this household." in response.content.decode()
    after = (
        list(AssistanceCase.objects.values_list("applicant", "version")),
        list(InsuranceEnrolment.objects.values_list("resident", "version")),
        list(ActivityAttendee.objects.values_list("pk", "resident")),
        list(Resident.objects.values_list("pk", "status", "version", "id_number")),
    )
    assert after == before
    assert not ResidentMerge.objects.exists()
    # Keeping the other record instead is a merge that keeps every rule.
    response = client.post(merge_url(twice), posted(twice, twice["merged"]))
    assert response.status_code == 302 and ResidentMerge.objects.get().kept_id == twice["merged"].pk


def test_a_page_opened_before_a_change_does_not_merge(
    client_as: Callable[[str], Client], twice: dict[str, Any]
) -> None:
    data = posted(twice, twice["kept"])
    twice["merged"].refresh_from_db()
    twice["merged"].phone = "13800000000"
    twice["merged"].save()
    client_as("leader").post(merge_url(twice), data)
    assert not ResidentMerge.objects.exists()


# ---- warnings that reveal nobody ----------------------------------------------------------


@pytest.fixture
def elsewhere(beihuan: Community) -> Resident:
    """马福 of 北环路社区, whom 庙川's staff cannot see."""
    return person(
        beihuan,
        "马福",
        date(1985, 6, 1),
        document_type="citizen",
        id_number=citizen_id("19850601", "013"),
        phone="13611112222",
    )


def new_resident(mc_people: People, number: str, **extra: Any) -> dict[str, Any]:
    return {
        "document_type": "citizen",
        "id_number": number,
        "name": "马福",
        "ethnicity": "03",
        "community": mc_people["household"].community.pk,
        "residence_type": "registered",
        "lives_at_registration": "on",
        **extra,
    }


def reveals_nothing(page: str, other: Resident) -> bool:
    return all(text not in page for text in ("北环路社区", other.phone, other.id_number))


def test_the_form_warns_of_a_likely_duplicate_elsewhere_and_can_be_confirmed_past(
    client_as: Callable[[str], Client], mc_people: People, elsewhere: Resident
) -> None:
    staff = client_as("staff_mc")
    data = new_resident(mc_people, citizen_id("19850601", "035"))
    response = staff.post(reverse("ledgers:resident_add"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "propose a transfer" in page and "I checked: this is another person" in page
    assert reveals_nothing(page, elsewhere)
    assert Resident.objects.filter(name="马福").count() == 1
    confirmed = staff.post(reverse("ledgers:resident_add"), {**data, "not_a_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Resident.objects.filter(name="马福").count() == 2


def test_the_form_does_not_show_the_confirmation_without_a_likely_duplicate(
    client_as: Callable[[str], Client], mc_people: People
) -> None:
    page = client_as("staff_mc").get(reverse("ledgers:resident_add")).content.decode()
    assert "I checked: this is another person" not in page


def test_an_id_number_registered_elsewhere_points_to_the_transfer(
    client_as: Callable[[str], Client], mc_people: People, elsewhere: Resident
) -> None:
    staff = client_as("staff_mc")
    response = staff.post(
        reverse("ledgers:resident_add"), new_resident(mc_people, elsewhere.id_number)
    )
    page = response.content.decode()
    assert "propose a transfer" in page
    assert "北环路社区" not in page and elsewhere.phone not in page  # the number is the one typed
    check = staff.get(reverse("ledgers:resident_check_id"), {"id_number": elsewhere.id_number})
    assert "propose a transfer" in check.content.decode()
    shown = check.content.decode()
    assert "北环路社区" not in shown and elsewhere.phone not in shown  # the number is the one typed


def test_the_import_refuses_a_likely_duplicate_elsewhere_saying_how_to_go_on(
    client_as: Callable[[str], Client], mc_people: People, elsewhere: Resident
) -> None:
    from sheets.models import ImportBatch, ImportStatus
    from tests.ledgers.test_imports import upload, workbook

    number = citizen_id("19850601", "035")
    staff = client_as("staff_mc")
    upload(
        staff,
        "ledgers:resident_import",
        workbook([["马福", number, "回族"]], ["姓名", "身份证号码", "民族"]),
    )
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportStatus.INVALID
    [error] = batch.errors
    assert error["column"] == "姓名" and "propose a transfer" in error["message"]
    assert all(text not in error["message"] for text in ("北环路社区", elsewhere.phone))
    assert Resident.objects.filter(name="马福").count() == 1
