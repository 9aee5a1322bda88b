"""Filters the dashboard's numbers drill down to: hazards found or closed in a date range,
closed on time, not closed, with an extension requested, overdue (the model's one rule);
assistance applied for in a date range, applications and approvals; covered enrolments."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from casework.assistance.filters import AssistanceFilter
from casework.hazards.filters import HazardFilter
from casework.insurance.filters import EnrolmentFilter
from casework.models import AssistanceCase, Hazard, InsuranceEnrolment
from ledgers.models import Community, Household, Resident


def hazard(community: Community, key: str, **fields: Any) -> Hazard:
    return Hazard.objects.create(
        community=community, number=key, location=key, description="-", category="fire", **fields
    )


def keys(data: dict[str, str], filterset: Any = HazardFilter, model: Any = Hazard) -> set[str]:
    rows = filterset(data, queryset=model.objects.all()).qs
    return {str(row) for row in rows}


@pytest.fixture
def hazards(miaochuan: Community) -> None:
    hazard(miaochuan, "A", found_on=date(2026, 1, 1), state="in_progress")
    hazard(miaochuan, "B", found_on=date(2025, 12, 31), state="registered")
    hazard(
        miaochuan,
        "C",
        found_on=date(2026, 2, 1),
        state="closed",
        deadline=date(2026, 3, 1),
        closed_on=date(2026, 3, 1),
    )
    hazard(
        miaochuan,
        "D",
        found_on=date(2026, 2, 1),
        state="closed",
        deadline=date(2026, 3, 1),
        closed_on=date(2026, 3, 2),
    )
    hazard(
        miaochuan,
        "E",
        found_on=date(2026, 3, 31),
        state="in_progress",
        deadline=date(2026, 4, 1),
        extension_requested_to=date(2026, 5, 1),
    )


def test_hazards_found_in_a_range_count_both_ends(hazards: None) -> None:
    found = keys({"found_on_after": "2026-01-01", "found_on_before": "2026-03-31"})
    assert found == {"A A", "C C", "D D", "E E"}  # not B, found on 31 December


def test_hazards_closed_in_a_range_and_on_time(hazards: None) -> None:
    march = {"closed_on_after": "2026-03-01", "closed_on_before": "2026-03-01"}
    assert keys(march) == {"C C"}
    quarter = {"closed_on_after": "2026-01-01", "closed_on_before": "2026-03-31"}
    assert keys(quarter) == {"C C", "D D"}
    assert keys({**quarter, "on_time": "yes"}) == {"C C"}  # on its deadline counts


def test_open_hazards_and_extension_requests(hazards: None) -> None:
    assert keys({"open": "yes"}) == {"A A", "B B", "E E"}
    assert keys({"extension": "yes"}) == {"E E"}
    assert keys({"open": "maybe"}) == {"A A", "B B", "C C", "D D", "E E"}  # ignored, no 500


def test_overdue_is_counted_in_working_days_where_the_deadline_was(
    miaochuan: Community,
) -> None:
    # Monday 30 September 2024, then the National Day holiday (1–7 October).
    in_working_days = hazard(
        miaochuan, "W", state="in_progress", deadline=date(2024, 9, 30), deadline_working_days=3
    )
    in_days = hazard(miaochuan, "K", state="in_progress", deadline=date(2024, 9, 30))
    hazard(miaochuan, "X", state="closed", deadline=date(2024, 9, 1))
    for today, expected in [
        (date(2024, 9, 30), set()),
        (date(2024, 10, 5), {in_days}),  # a holiday: no working day has passed yet
        (date(2024, 10, 8), {in_days, in_working_days}),
    ]:
        assert set(Hazard.objects.overdue(today)) == expected
        assert {h for h in Hazard.objects.all() if h.days_overdue(today) > 0} == expected


def test_the_overdue_filter_uses_the_same_rule(miaochuan: Community) -> None:
    hazard(miaochuan, "L", state="in_progress", deadline=date(2020, 1, 1))
    hazard(miaochuan, "F", state="in_progress", deadline=date(2099, 1, 1))
    assert keys({"overdue": "yes"}) == {"L L"}
    assert keys({"overdue": "no"}) == {"F F"}


@pytest.fixture
def cases(accounts: dict[str, User], miaochuan: Community) -> None:
    home = Household.objects.create(community=miaochuan, number="F-1", address="路")
    person = Resident.objects.create(
        community=miaochuan,
        household=home,
        name="马",
        gender="1",
        birth_date=date(1980, 1, 1),
        ethnicity="03",
    )
    for state, day in [
        ("draft", date(2026, 1, 1)),
        ("accepted", date(2026, 1, 1)),
        ("approved", date(2026, 3, 31)),
        ("paying", date(2026, 4, 1)),
        ("refused", date(2025, 12, 31)),
    ]:
        AssistanceCase.objects.create(
            community=miaochuan,
            household=home,
            applicant=person,
            kind="dibao",
            state=state,
            applied_on=day,
            reason="-",
            reason_category="illness",
        )


def states(data: dict[str, str]) -> list[str]:
    rows = AssistanceFilter(data, queryset=AssistanceCase.objects.all()).qs
    return sorted(rows.values_list("state", flat=True))


def test_assistance_applied_in_a_range_applications_and_approvals(cases: None) -> None:
    q1 = {"applied_on_after": "2026-01-01", "applied_on_before": "2026-03-31"}
    assert states(q1) == ["accepted", "approved", "draft"]
    assert states({**q1, "applied": "yes"}) == ["accepted", "approved"]  # a draft is none
    assert states({**q1, "approved": "yes"}) == ["approved"]
    assert states({"approved": "yes"}) == ["approved", "paying"]


def test_covered_enrolments_are_insured_residents_on_the_register(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    def person(name: str, status: str = "active") -> Resident:
        return Resident.objects.create(
            community=miaochuan,
            name=name,
            gender="1",
            birth_date=date(1980, 1, 1),
            ethnicity="01",
            status=status,
            status_date=date(2026, 1, 1),
        )

    for name, status, enrolment in [
        ("甲", "active", "enrolled"),
        ("乙", "active", "other"),
        ("丙", "active", "not_enrolled"),
        ("丁", "moved_out", "enrolled"),
    ]:
        InsuranceEnrolment.objects.create(
            resident=person(name, status), scheme="medical", year=2026, status=enrolment
        )
    enrolments = InsuranceEnrolment.objects.all()
    rows = EnrolmentFilter({"covered": "yes"}, queryset=enrolments).qs
    assert sorted(rows.values_list("resident__name", flat=True)) == ["丁", "乙", "甲"]
    rows = EnrolmentFilter({"covered": "yes", "on_register": "yes"}, queryset=enrolments).qs
    assert sorted(rows.values_list("resident__name", flat=True)) == ["乙", "甲"]
