"""Insurance enrolment: the gap list's rule and order, one row per person/scheme/year, scope,
recording an enrolment, importing and exporting enrolments, the demo."""

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import InsuranceEnrolment, should_enrol
from ledgers.models import Community, Household, Resident, StudyAbroad
from sheets.models import ImportStatus
from tests.conftest import citizen_id
from tests.helpers import assert_fixed_queries
from tests.ledgers.test_imports import batch, confirm, file_bytes, upload, workbook

YEAR = timezone.localdate().year


def person(community: Community, name: str, born: date, **fields: Any) -> Resident:
    return Resident.objects.create(
        community=community,
        name=name,
        gender="1",
        birth_date=born,
        ethnicity="03",
        document_type="other",
        **fields,
    )


def enrol(
    resident: Resident, scheme: str = "medical", status: str = "enrolled", **extra: Any
) -> Any:
    return InsuranceEnrolment.objects.create(
        resident=resident, scheme=scheme, year=extra.pop("year", YEAR), status=status, **extra
    )


def names(queryset: Any) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_medical_gap_is_everyone_on_the_register_not_covered(
    miaochuan: Community, beihuan: Community
) -> None:
    adult = date(1980, 5, 1)
    person(miaochuan, "未登记", adult)
    enrol(person(miaochuan, "已参保", adult))
    enrol(person(miaochuan, "未参保", adult), status="not_enrolled")
    enrol(person(miaochuan, "职工医保", adult), status="other")
    enrol(person(miaochuan, "去年参保", adult), year=YEAR - 1)
    enrol(person(miaochuan, "养老参保", adult), scheme="pension")
    person(miaochuan, "已迁出", adult, status="moved_out", status_date=date(YEAR, 1, 2))
    person(miaochuan, "已死亡", adult, status="deceased", status_date=date(YEAR, 1, 3))
    person(miaochuan, "婴儿", date(YEAR, 1, 1))
    gap = should_enrol(Resident.objects.filter(community=miaochuan), "medical", YEAR)
    assert names(gap) == {"未登记", "未参保", "去年参保", "养老参保", "婴儿"}


def test_pension_gap_by_age_school_and_rows(miaochuan: Community) -> None:
    person(miaochuan, "十五岁", date(YEAR - 15, 1, 1))
    person(miaochuan, "刚满十六", date(YEAR - 16, 12, 31))
    person(miaochuan, "四十岁", date(YEAR - 40, 6, 1))
    enrol(person(miaochuan, "四十岁已参保", date(YEAR - 40, 6, 1)), scheme="pension")
    enrol(
        person(miaochuan, "四十岁未参保", date(YEAR - 40, 6, 1)),
        scheme="pension",
        status="not_enrolled",
    )
    student = person(miaochuan, "留学生", date(YEAR - 20, 3, 1))
    StudyAbroad.objects.create(
        resident=student, country="埃及", institution="爱资哈尔大学", from_date=date(YEAR - 1, 9, 1)
    )
    back = person(miaochuan, "已回国", date(YEAR - 25, 3, 1))
    StudyAbroad.objects.create(
        resident=back,
        country="埃及",
        institution="开罗大学",
        from_date=date(YEAR - 6, 9, 1),
        to_date=date(YEAR - 2, 7, 1),
    )
    person(miaochuan, "五十九岁", date(YEAR - 59, 1, 1))
    person(miaochuan, "六十岁无记录", date(YEAR - 60, 12, 31))
    enrol(person(miaochuan, "七十岁问过", date(YEAR - 70, 1, 1)), "pension", "not_enrolled")
    enrol(person(miaochuan, "七十岁领取", date(YEAR - 70, 1, 1)), "pension", "other")
    gap = should_enrol(Resident.objects.filter(community=miaochuan), "pension", YEAR)
    assert names(gap) == {
        "刚满十六",
        "四十岁",
        "四十岁未参保",
        "已回国",
        "五十九岁",
        "六十岁无记录",
    }


def test_gap_list_shows_hardship_households_first_within_scope(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    plain = Household.objects.create(community=miaochuan, number="MC-0001", address="庙川路1号")
    poor = Household.objects.create(
        community=miaochuan, number="MC-0009", address="庙川路9号", hardship=True
    )
    adult = date(1980, 5, 1)
    person(miaochuan, "甲", adult, household=plain, relation_to_head="02")
    person(miaochuan, "乙", adult, household=poor, relation_to_head="02")
    person(miaochuan, "丙", adult)  # no household: last
    enrol(person(miaochuan, "丁", adult, household=poor, relation_to_head="10"))
    person(beihuan, "北环路居民", adult)
    response = client_as("staff_mc").get(reverse("casework:insurance_gaps"))
    assert [r.name for r in response.context["object_list"]] == ["乙", "甲", "丙"]
    page = response.content.decode()
    assert "北环路居民" not in page
    assert reverse("casework:insuranceenrolment_add") + "?resident=" in page
    leader = client_as("leader").get(reverse("casework:insurance_gaps"), {"scheme": "pension"})
    # 丁 has medical insurance, not pension; leaders see every community.
    expected = ["丁", "乙", "甲", "丙", "北环路居民"]
    assert [r.name for r in leader.context["object_list"]] == expected
    assert reverse("casework:insuranceenrolment_add") not in leader.content.decode()

    export = client_as("staff_mc").get(reverse("casework:insurance_gaps_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(file_bytes(export).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["乙", "甲", "丙"]
    assert rows[1][rows[0].index("困难户")] == "是"


def test_bad_filter_values_give_an_empty_list_not_an_error(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    person(miaochuan, "甲", date(1980, 5, 1))
    response = client_as("staff_mc").get(
        reverse("casework:insurance_gaps"), {"year": "abc", "scheme": "x"}
    )
    assert response.status_code == 200 and not response.context["object_list"]


def test_gap_list_queries_do_not_grow_with_rows(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    households = [
        Household(community=miaochuan, number=f"MC-{n:04d}", address="庙川路", hardship=n % 3 == 0)
        for n in range(1, 1_001)
    ]
    Household.objects.bulk_create(households)
    made = [0]

    def add_rows(count: int) -> None:
        rows = [
            Resident(
                community=miaochuan,
                household=households[(made[0] + i) % len(households)],
                relation_to_head="02",
                name=f"居民{made[0] + i}",
                gender="2",
                birth_date=date(1970, 1, 1),
                ethnicity="01",
                document_type="other",
            )
            for i in range(count)
        ]
        made[0] += count
        Resident.objects.bulk_create(rows)
        InsuranceEnrolment.objects.bulk_create(
            [InsuranceEnrolment(resident=r, scheme="medical", year=YEAR) for r in rows[::2]]
        )

    assert_fixed_queries(client_as("staff_mc"), reverse("casework:insurance_gaps"), add_rows)


def test_enrolment_list_queries_do_not_grow_with_rows(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    def add_rows(count: int) -> None:
        start = Resident.objects.count()
        rows = Resident.objects.bulk_create(
            [
                Resident(
                    community=miaochuan,
                    name=f"居民{start + i}",
                    gender="1",
                    birth_date=date(1970, 1, 1),
                    ethnicity="03",
                    document_type="other",
                )
                for i in range(count)
            ]
        )
        InsuranceEnrolment.objects.bulk_create(
            [InsuranceEnrolment(resident=r, scheme="medical", year=YEAR) for r in rows]
        )

    url = reverse("casework:insuranceenrolment_list")
    assert_fixed_queries(client_as("staff_mc"), url, add_rows)


def test_one_row_per_resident_scheme_and_year(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    enrol(head)
    with pytest.raises(IntegrityError), transaction.atomic():
        enrol(head, status="not_enrolled")
    enrol(head, year=YEAR - 1)  # another year is another row
    enrol(head, scheme="pension")
    response = client_as("staff_mc").post(
        reverse("casework:insuranceenrolment_add"),
        {"resident": head.pk, "scheme": "medical", "year": YEAR, "status": "enrolled"},
    )
    assert response.status_code == 200
    assert "该居民已有本年度该险种的参保登记" in response.content.decode()
    assert InsuranceEnrolment.objects.filter(resident=head).count() == 3


def test_recording_from_the_gap_list_with_help(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    gaps = reverse("casework:insurance_gaps")
    found = staff.get(
        reverse("casework:insuranceenrolment_add"), {"q": mc_people["head"].id_number[-6:]}
    )
    assert [r.name for r in found.context["matches"]] == ["马建国"]
    response = staff.post(
        reverse("casework:insuranceenrolment_add"),
        {
            "resident": mc_people["head"].pk,
            "scheme": "medical",
            "year": YEAR,
            "status": "enrolled",
            "enrolled_on": f"{YEAR}-01-15",
            "helped_by_community": "on",
            "next": gaps,
        },
    )
    assert response.status_code == 302 and response["Location"] == gaps
    enrolment = InsuranceEnrolment.objects.get()
    assert enrolment.helped_by_community and enrolment.helper == accounts["staff_mc"]
    assert "马建国" not in staff.get(gaps).content.decode()
    # An outside address for "next" is not followed.
    response = staff.post(
        reverse("casework:insuranceenrolment_add"),
        {
            "resident": mc_people["wife"].pk,
            "scheme": "medical",
            "year": YEAR,
            "status": "enrolled",
            "next": "https://example.com/",
        },
    )
    assert response["Location"] == InsuranceEnrolment.objects.latest("pk").get_absolute_url()


def test_pension_for_a_child_is_refused(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    child = person(miaochuan, "小马", date(YEAR - 10, 1, 1))
    response = client_as("staff_mc").post(
        reverse("casework:insuranceenrolment_add"),
        {"resident": child.pk, "scheme": "pension", "year": YEAR, "status": "enrolled"},
    )
    assert response.status_code == 200 and not InsuranceEnrolment.objects.exists()


def test_another_communitys_resident_and_enrolment_are_out_of_reach(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    bh = client_as("staff_bh")
    response = bh.post(
        reverse("casework:insuranceenrolment_add"),
        {"resident": mc_people["head"].pk, "scheme": "medical", "year": YEAR, "status": "enrolled"},
    )
    assert response.status_code == 200 and not InsuranceEnrolment.objects.exists()
    found = bh.get(reverse("casework:insuranceenrolment_add"), {"q": "马建国"})
    assert not found.context["matches"]
    enrolment = enrol(mc_people["head"])
    assert bh.get(enrolment.get_absolute_url()).status_code == 404
    listed = bh.get(reverse("casework:insuranceenrolment_list")).context["object_list"]
    assert not list(listed)


ENROLMENT_HEADERS = ["姓名", "公民身份号码", "险种", "年度", "参保状态", "参保日期", "社区协助"]


def test_importing_enrolments_adds_and_updates_by_id_scheme_and_year(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], beihuan: Community
) -> None:
    head, wife = mc_people["head"], mc_people["wife"]
    enrol(head, status="not_enrolled")
    stranger = person(beihuan, "白文", date(1985, 1, 1))
    Resident.objects.filter(pk=stranger.pk).update(
        document_type="citizen", id_number=citizen_id("19850101", "051")
    )
    mc = client_as("staff_mc")
    rows = [
        ["马建国", head.id_number, "居民医保", f"{YEAR}年", "已参保", f"{YEAR}.2.1", "是"],
        ["杨秀兰", wife.id_number, "城乡居民基本养老保险", YEAR, "职工养老", "", "否"],
    ]
    upload(mc, "casework:insuranceenrolment_import", workbook(rows, headers=ENROLMENT_HEADERS))
    assert batch().status == ImportStatus.READY, batch().errors
    assert batch().counts == {"new": 1, "update": 1, "unchanged": 0, "invalid": 0}
    confirm(mc)
    updated = InsuranceEnrolment.objects.get(resident=head)
    assert (updated.status, updated.enrolled_on) == ("enrolled", date(YEAR, 2, 1))
    assert updated.helped_by_community
    new = InsuranceEnrolment.objects.get(resident=wife)
    assert (new.scheme, new.year, new.status) == ("pension", YEAR, "other")

    bad = [
        ["白文", citizen_id("19850101", "051"), "医保", YEAR, "已参保", "", ""],
        ["马建国", head.id_number, "商业保险", YEAR, "已参保", "", ""],
    ]
    upload(mc, "casework:insuranceenrolment_import", workbook(bad, headers=ENROLMENT_HEADERS))
    errors = {(e["row"], e["column"]) for e in batch().errors}
    assert (4, "公民身份号码") in errors and (5, "险种") in errors
    assert not InsuranceEnrolment.objects.filter(resident=stranger).exists()

    export = mc.get(reverse("casework:insuranceenrolment_export"), {"format": "csv"})
    exported = list(csv.reader(io.StringIO(file_bytes(export).decode("utf-8-sig"))))
    assert exported[0][:4] == ["姓名", "公民身份号码", "民族", "险种"]
    assert {r[0] for r in exported[1:]} == {"马建国", "杨秀兰"}


def test_demo_enrolments_leave_a_gap_and_seed_once(accounts: dict[str, User]) -> None:
    from demo.casework import seed_insurance
    from demo.people import seed_people

    seed_people()
    seed_insurance()
    rows = InsuranceEnrolment.objects.count()
    helped = InsuranceEnrolment.objects.filter(helped_by_community=True)
    assert rows > 0 and helped.exists() and all(e.helper_id for e in helped)
    seed_insurance()
    assert InsuranceEnrolment.objects.count() == rows
    residents = Resident.objects.filter(status="active")
    gap = should_enrol(residents, "medical", YEAR).count()
    assert 0 < gap < residents.count() / 5
