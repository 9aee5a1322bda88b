"""The county workbook's and yearly statistics' fixture: a year of work in 庙川社区 (and a
little in 北环路社区) whose figures the tests know.

YEAR is last year, so that every date is in the past. Records on 1 January and 31 December
of YEAR count; those of 1 January of the next year, and of the year before, do not.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from campaigns.models import Activity, Publicity, Visit
from casework.models import AssistanceCase, Hazard, InsuranceEnrolment
from ledgers.models import Community, Household, Place, Resident
from tests.conftest import citizen_id

YEAR = timezone.localdate().year - 1
JAN1, DEC31, NEXT_JAN1 = date(YEAR, 1, 1), date(YEAR, 12, 31), date(YEAR + 1, 1, 1)


def resident(
    community: Community, name: str, born: date, ethnicity: str, **fields: Any
) -> Resident:
    return Resident.objects.create(
        community=community,
        name=name,
        id_number=citizen_id(f"{born:%Y%m%d}", fields.pop("sequence", "051")),
        gender="1",
        birth_date=born,
        ethnicity=ethnicity,
        **fields,
    )


def activity(community: Community | None, kind: str, held_on: date, **fields: Any) -> Activity:
    return Activity.objects.create(
        community=community, kind=kind, title=f"{kind} {held_on}", held_on=held_on,
        place_text="社区活动室", **fields,
    )  # fmt: skip


def case(household: Household, applicant: Resident, kind: str, applied_on: date, state: str) -> Any:
    return AssistanceCase.objects.create(
        community=household.community, household=household, applicant=applicant, kind=kind,
        applied_on=applied_on, state=state, reason="家庭困难", reason_category="low_income",
        monthly_income=Decimal("800.00"), amount_approved=Decimal("500.00"),
    )  # fmt: skip


def hazard(community: Community, number: str, found_on: date, **fields: Any) -> Hazard:
    return Hazard.objects.create(
        community=community, number=number, found_on=found_on, location="大殿",
        description="电线老化", category="electric", **fields,
    )  # fmt: skip


@pytest.fixture
def year_of_work(
    mc_people: dict[str, Any], beihuan: Community, accounts: dict[str, User]
) -> dict[str, Any]:
    mc = mc_people["household"].community
    head, wife, floating = mc_people["head"], mc_people["wife"], mc_people["floating"]
    old_hui = resident(mc, "马老汉", date(1950, 6, 1), "03", sequence="071")
    han_60 = resident(mc, "王大爷", date(YEAR - 60, 12, 31), "01", sequence="073")  # 60 on DEC31
    han_59 = resident(mc, "李大叔", date(YEAR - 59, 1, 1), "01", sequence="075")  # 59 on DEC31
    bh_household = Household.objects.create(
        community=beihuan, number="BH-0001", address="北环路1号"
    )
    bh_head = resident(
        beihuan, "马北环", date(1980, 2, 2), "03", household=bh_household, relation_to_head="02"
    )

    activity(mc, "study", JAN1, participants=30, minority_participants=10)
    activity(mc, "forum", DEC31, participants=20, minority_participants=5)
    activity(mc, "mobilisation", NEXT_JAN1, participants=99)
    activity(mc, "policy_lecture", date(YEAR, 6, 1), participants=50, minority_participants=20)
    activity(None, "performance", date(YEAR, 5, 1), participants=100, minority_participants=30)
    activity(beihuan, "service", date(YEAR, 3, 1), participants=8, minority_participants=8)

    for community, day in [(mc, date(YEAR, 2, 2)), (None, date(YEAR, 4, 4)), (beihuan, DEC31)]:
        Publicity.objects.create(community=community, title="报道", kind="news", published_on=day)
    Publicity.objects.create(community=mc, title="明年", kind="news", published_on=NEXT_JAN1)

    household = mc_people["household"]
    for day in (JAN1, DEC31, NEXT_JAN1):
        Visit.objects.create(household=household, visited_on=day, purpose="policy")
    Visit.objects.create(household=bh_household, visited_on=date(YEAR, 7, 7), purpose="hardship")

    case(household, head, "temporary", date(YEAR, 3, 1), "approved")
    case(household, head, "dibao", date(YEAR, 4, 1), "accepted")
    case(household, head, "housing", date(YEAR, 5, 1), "draft")  # a draft is no application
    case(household, head, "medical", date(YEAR, 5, 2), "accepted")  # not a counted kind
    case(household, head, "temporary", NEXT_JAN1, "accepted")
    case(bh_household, bh_head, "housing", date(YEAR, 5, 1), "refused")

    def enrol(person: Resident, scheme: str, status: str = "enrolled", year: int = YEAR) -> None:
        InsuranceEnrolment.objects.create(resident=person, scheme=scheme, year=year, status=status)

    enrol(head, "medical")
    enrol(wife, "medical", "other")  # insured through another scheme: covered
    enrol(floating, "medical", "not_enrolled")
    enrol(head, "medical", year=YEAR + 1)
    enrol(old_hui, "pension")
    enrol(han_60, "pension")
    enrol(han_59, "pension")

    hazard(mc, "YH-1", JAN1, state="closed", closed_on=date(YEAR, 2, 1), funding=Decimal("3000"))
    hazard(mc, "YH-2", DEC31, state="in_progress", funding=Decimal("1500.50"))
    hazard(mc, "YH-3", NEXT_JAN1)
    hazard(mc, "YH-0", date(YEAR - 1, 12, 1), state="in_progress")  # open when YEAR began
    hazard(mc, "YH-9", date(YEAR - 1, 11, 1), state="closed", closed_on=date(YEAR - 1, 12, 15))
    hazard(beihuan, "YH-B", date(YEAR, 6, 1))
    return {**mc_people, "old_hui": old_hui, "bh_household": bh_household, "bh_head": bh_head}


def more_of_everything(
    community: Community, n: int, day: date, born: date, kind: str, participants: int = 0
) -> None:
    """n more households, each with a resident and a visit on `day`, n activities of `kind`
    held that day and n cultural places: what a query-count test adds between two looks."""
    households = Household.objects.bulk_create(
        Household(community=community, number=f"N-{Household.objects.count()}-{i}", address="路")
        for i in range(n)
    )
    Resident.objects.bulk_create(
        Resident(community=community, household=h, name="批量", gender="2", ethnicity="03",
                 birth_date=born)
        for h in households
    )  # fmt: skip
    Visit.objects.bulk_create(
        Visit(community=community, household=h, visited_on=day, purpose="policy")
        for h in households
    )
    Activity.objects.bulk_create(
        Activity(community=community, kind=kind, title="活动", held_on=day, place_text="x",
                 participants=participants)
        for _ in range(n)
    )  # fmt: skip
    Place.objects.bulk_create(
        Place(community=community, name=f"室{Place.objects.count()}-{i}", kind="cultural",
              address="路")
        for i in range(n)
    )  # fmt: skip
