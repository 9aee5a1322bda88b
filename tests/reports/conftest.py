"""The reports' fixtures: `town` (here) for the dashboard, `year_of_work` (year_of_work.py) for
the county workbook and the yearly statistics.

A small town counted by hand: two communities (庙川 MC, 北环路 BH) with people, hazards,
activities, targets, assistance cases, insurance rows, visits and anti-fraud answers placed on
both sides of the year's and the quarters' edges. The counts each test expects are in
tests/reports/test_dashboard.py, next to the rows that make them."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from campaigns.models import Activity, AntiFraudCoverage, Target, Visit
from casework.models import AssistanceCase, CaseObjection, Hazard, InsuranceEnrolment
from ledgers.models import Community, FloatingRecord, Household, Resident
from tests.reports.year_of_work import year_of_work  # noqa: F401 (the yearly fixture)


@dataclass
class Town:
    year: int
    today: date
    mc: Community
    bh: Community
    hazards: dict[str, Hazard]


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, day)


@pytest.fixture
def town(accounts: dict[str, User], miaochuan: Community, beihuan: Community) -> Town:
    today = timezone.localdate()
    y = today.year
    numbers = count(1)

    def household(community: Community, hardship: bool = False) -> Household:
        n = next(numbers)
        return Household.objects.create(
            community=community, number=f"D-{n:03d}", address=f"看板路{n}号", hardship=hardship
        )

    def resident(home: Household | None, ethnicity: str, name: str, **fields: Any) -> Resident:
        community = fields.pop("community", None) or home.community  # type: ignore[union-attr]
        return Resident.objects.create(
            community=community,
            household=home,
            name=name,
            gender="1",
            birth_date=fields.pop("birth_date", date(1980, 1, 1)),
            ethnicity=ethnicity,
            **fields,
        )

    # People. MC: 7 on the register (4 of a minority: 回 回 藏 撒拉; 97 其他 is no group), one
    # moved out; BH: 3 (1 回族).
    h1, h2, h3 = household(miaochuan, True), household(miaochuan), household(miaochuan, True)
    h4, h5 = household(beihuan, True), household(beihuan)
    ma1 = resident(h1, "03", "马一")
    ma2 = resident(h1, "03", "马二")
    ma3 = resident(h1, "01", "马三", birth_date=date(y - 10, 5, 1))  # a child: no pension
    yang = resident(h2, "04", "杨一", residence_type="floating")
    yang2 = resident(h2, "01", "杨二")
    han = resident(h3, "35", "韩一", residence_type="floating")
    resident(None, "97", "其他", community=miaochuan)
    gone = resident(h1, "03", "马迁", status="moved_out", status_date=date(y, 2, 1))
    bai = resident(h4, "03", "白一", residence_type="floating")
    resident(h4, "01", "白二")
    wang = resident(h5, "01", "王一")
    for person, left in [(yang, None), (han, date(y, 3, 1)), (yang2, None), (bai, None)]:
        FloatingRecord.objects.create(
            resident=person,
            origin="青海",
            arrived_on=date(y - 2, 1, 1),
            inflow_reason="01",
            left_on=left,
        )

    # Hazards: deadlines around today, found and closed on the year's edges.
    def hazard(key: str, community: Community, state: str, found: date, **fields: Any) -> Hazard:
        return Hazard.objects.create(
            community=community,
            number=f"YH-{key}",
            location=key,
            description="测试",
            category=fields.pop("category", "fire"),
            state=state,
            found_on=found,
            **fields,
        )

    t = today
    hazards = {
        "over": hazard("over", miaochuan, "in_progress", _day(y, 1, 1), deadline=t - timedelta(1)),
        "due_today": hazard(
            "due_today",
            miaochuan,
            "in_progress",
            _day(y - 1, 12, 31),
            deadline=t,
            category="electric",
            level="major",
        ),
        "review": hazard(
            "review", miaochuan, "under_review", _day(y, 12, 31), deadline=t + timedelta(5)
        ),
        "extension": hazard(
            "extension",
            miaochuan,
            "in_progress",
            _day(y, 6, 15),
            deadline=t - timedelta(3),
            extension_requested_to=t + timedelta(10),
            category="gas",
        ),
        "on_time": hazard(
            "on_time",
            miaochuan,
            "closed",
            _day(y, 2, 1),
            deadline=_day(y, 3, 1),
            closed_on=_day(y, 3, 1),
            level="major",
        ),
        "late": hazard(
            "late",
            miaochuan,
            "closed",
            _day(y, 2, 1),
            deadline=_day(y, 3, 1),
            closed_on=_day(y, 3, 2),
            category="electric",
        ),
        "last_year": hazard(
            "last_year",
            miaochuan,
            "closed",
            _day(y - 1, 11, 1),
            deadline=_day(y - 1, 12, 1),
            closed_on=_day(y - 1, 12, 31),
        ),
        "jan1": hazard(
            "jan1",
            miaochuan,
            "closed",
            _day(y - 1, 12, 1),
            deadline=_day(y, 1, 10),
            closed_on=_day(y, 1, 1),
            category="gas",
        ),
        "no_deadline": hazard(
            "no_deadline", miaochuan, "registered", _day(y, 3, 3), category="other"
        ),
        "bh_over": hazard(
            "bh_over",
            beihuan,
            "in_progress",
            _day(y, 4, 4),
            deadline=t - timedelta(10),
            level="major",
        ),
        "bh_closed": hazard(
            "bh_closed",
            beihuan,
            "closed",
            _day(y, 5, 5),
            deadline=_day(y, 5, 20),
            closed_on=_day(y, 5, 10),
        ),
    }

    # Activities: four in the year (one office-wide), two just outside it.
    def activity(
        community: Community | None, kind: str, day: date, people: int, minority: int
    ) -> None:
        Activity.objects.create(
            community=community,
            kind=kind,
            title=kind,
            held_on=day,
            place_text="会议室",
            participants=people,
            minority_participants=minority,
        )

    activity(miaochuan, "policy_lecture", _day(y, 1, 1), 30, 10)
    activity(miaochuan, "service", _day(y, 3, 31), 20, 5)
    activity(miaochuan, "service", _day(y, 4, 1), 10, 2)
    activity(beihuan, "study", _day(y, 12, 31), 15, 3)
    activity(None, "forum", _day(y, 6, 1), 50, 20)
    activity(miaochuan, "policy_lecture", _day(y - 1, 12, 31), 99, 9)
    activity(miaochuan, "festival", _day(y + 1, 1, 1), 99, 9)
    for community, indicator, kind, threshold in [
        (miaochuan, "activities", "policy_lecture", "2"),  # 1 of 2: not met
        (miaochuan, "activities", "service", "2"),  # 2 of 2: met
        (None, "meetings", "", "2"),  # study + forum: met for a leader
    ]:
        Target.objects.create(
            community=community,
            year=y,
            indicator=indicator,
            activity_kind=kind,
            threshold=Decimal(threshold),
        )

    # Assistance: applications by the date applied for; a draft is no application.
    def case(
        home: Household, applicant: Resident, kind: str, state: str, day: date
    ) -> AssistanceCase:
        return AssistanceCase.objects.create(
            community=home.community,
            household=home,
            applicant=applicant,
            kind=kind,
            state=state,
            applied_on=day,
            reason="困难",
            reason_category="illness",
        )

    case(h1, ma1, "dibao", "approved", _day(y, 1, 1))
    case(h1, ma1, "temporary", "draft", _day(y, 2, 2))
    in_notice = case(h2, yang, "temporary", "publicity", _day(y, 3, 3))
    case(h2, yang, "dibao", "paying", _day(y - 1, 12, 31))
    refused = case(h4, bai, "medical", "refused", _day(y, 12, 31))
    case(h4, bai, "dibao", "stopped", _day(y, 6, 6))
    CaseObjection.objects.create(case=in_notice, received_on=_day(y, 3, 5), content="收入不实")
    CaseObjection.objects.create(
        case=in_notice,
        received_on=_day(y, 3, 4),
        content="已核实",
        resolution="无误",
        resolved_on=_day(y, 3, 6),
    )
    CaseObjection.objects.create(case=refused, received_on=_day(y, 12, 31), content="异议")

    # Insurance: medical covers 马一 马二 杨一 (MC) and 白一 (BH); pension only 马一.
    for person, scheme, status, year in [
        (ma1, "medical", "enrolled", y),
        (ma2, "medical", "other", y),
        (ma3, "medical", "not_enrolled", y),
        (yang, "medical", "enrolled", y),
        (gone, "medical", "enrolled", y),
        (bai, "medical", "enrolled", y),
        (wang, "medical", "enrolled", y - 1),
        (ma1, "pension", "enrolled", y),
    ]:
        InsuranceEnrolment.objects.create(resident=person, scheme=scheme, status=status, year=year)

    # Visits to minority households (h1 h2 h3 | h4) and the anti-fraud app.
    for home, day in [
        (h1, _day(y, 1, 1)),
        (h2, _day(y - 1, 12, 31)),
        (h4, _day(y, 12, 31)),
        (h5, _day(y, 6, 1)),
    ]:
        Visit.objects.create(household=home, visited_on=day, purpose="policy")
    staff = accounts["staff_mc"]
    for home, status in [(h1, "installed"), (h2, "refused"), (h4, "installed"), (h5, "installed")]:
        AntiFraudCoverage.objects.create(
            household=home,
            status=status,
            recorded_by=staff,
            refused_reason="不需要" if status == "refused" else "",
        )
    return Town(y, today, miaochuan, beihuan, hazards)
