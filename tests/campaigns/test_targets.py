"""Yearly targets: their rules, and progress computed from the records at the period's edges."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from campaigns.models import (
    Activity,
    ActivityKind,
    AntiFraudCoverage,
    Indicator,
    Publicity,
    Target,
    Visit,
)
from campaigns.targets.progress import TargetProgress, progress
from casework.assistance import workflow as assistance_workflow
from casework.models import AssistanceCase
from ledgers.models import Community
from tests.campaigns.conftest import HAN, HUI, MakeHousehold, bulk_households

LECTURE = ActivityKind.POLICY_LECTURE


def target(community: Community | None, indicator: str, threshold: str, **fields: Any) -> Target:
    return Target.objects.create(
        community=community,
        year=fields.pop("year", 2026),
        indicator=indicator,
        threshold=Decimal(threshold),
        **fields,
    )


def lecture(community: Community | None, day: date, kind: str = LECTURE) -> Activity:
    return Activity.objects.create(
        community=community, kind=kind, title="政策宣讲", held_on=day, place_text="会议室"
    )


def one(row: Target, user: User) -> TargetProgress:
    [result] = progress([row], user)
    return result


def test_the_year_runs_from_1_january_to_31_december(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    for day in [
        date(2025, 12, 31),  # last year
        date(2026, 1, 1),
        date(2026, 7, 1),
        date(2026, 12, 31),
        date(2027, 1, 1),  # next year
    ]:
        lecture(miaochuan, day)
    lecture(miaochuan, date(2026, 6, 1), kind=ActivityKind.SERVICE)  # another kind
    goal = target(miaochuan, Indicator.ACTIVITIES, "10", activity_kind=LECTURE)

    result = one(goal, accounts["staff_mc"])

    assert (result.actual, result.count, result.of) == (Decimal(3), 3, None)
    assert (result.percent, result.met) == (30, False)


def test_a_target_is_met_at_its_threshold(accounts: dict[str, User], miaochuan: Community) -> None:
    for month in (3, 4, 5):
        lecture(miaochuan, date(2026, month, 1))
    goal = target(miaochuan, Indicator.ACTIVITIES, "3", activity_kind=LECTURE)
    result = one(goal, accounts["leader"])
    assert (result.met, result.percent) == (True, 100)
    lecture(miaochuan, date(2026, 6, 1))
    assert one(goal, accounts["leader"]).percent == 100  # capped for the bar


def test_a_community_counts_its_own_records_the_office_counts_all(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    lecture(miaochuan, date(2026, 3, 1))
    lecture(miaochuan, date(2026, 4, 1))
    lecture(beihuan, date(2026, 3, 1))
    lecture(None, date(2026, 5, 1))  # the office's own
    goals = [
        target(miaochuan, Indicator.ACTIVITIES, "10", activity_kind=LECTURE),
        target(beihuan, Indicator.ACTIVITIES, "10", activity_kind=LECTURE),
        target(None, Indicator.ACTIVITIES, "10", activity_kind=LECTURE),
    ]
    assert [p.count for p in progress(goals, accounts["leader"])] == [2, 1, 4]
    # A staff member counts within their scope: 北环路 and the office's own.
    assert [p.count for p in progress(goals[1:], accounts["staff_bh"])] == [1, 2]


def test_publicity_counts_by_date_published(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1)):
        Publicity.objects.create(community=miaochuan, title="报道", kind="news", published_on=day)
    Publicity.objects.create(
        community=None, title="党工委报道", kind="news", published_on=date(2026, 5, 1)
    )
    mine = target(miaochuan, Indicator.PUBLICITY, "20")
    office = target(None, Indicator.PUBLICITY, "30")
    assert [p.count for p in progress([mine, office], accounts["leader"])] == [2, 3]


def test_assistance_counts_applications_not_drafts(
    accounts: dict[str, User], miaochuan: Community, make_household: MakeHousehold
) -> None:
    staff = accounts["staff_mc"]

    def case(day: date) -> AssistanceCase:
        household = make_household(miaochuan, (HUI,))
        row = AssistanceCase(
            household=household,
            applicant=household.members.get(),
            kind="temporary",
            applied_on=day,
            reason="生病",
            reason_category="illness",
        )
        assistance_workflow.create(row, staff)
        return row

    for day in (date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1)):
        assistance_workflow.accept(case(day), staff)
    case(date(2026, 6, 1))  # still a draft: not an application yet
    goal = target(miaochuan, Indicator.ASSISTANCE_APPLICATIONS, "100")
    assert one(goal, staff).count == 2


def test_visit_coverage_of_minority_households(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    make_household: MakeHousehold,
) -> None:
    minority = [make_household(miaochuan, (HUI,)) for _ in range(4)]
    make_household(miaochuan, (HAN,))  # not counted
    bh = make_household(beihuan, (HUI,))
    for household, day in [
        (minority[0], date(2026, 1, 1)),
        (minority[1], date(2026, 12, 31)),
        (minority[1], date(2026, 2, 1)),
        (minority[2], date(2027, 1, 1)),
        (bh, date(2026, 3, 3)),
    ]:
        Visit.objects.create(household=household, visited_on=day, purpose="festival")
    mine = target(miaochuan, Indicator.VISIT_COVERAGE, "90")
    office = target(None, Indicator.VISIT_COVERAGE, "90")
    next_year = target(miaochuan, Indicator.VISIT_COVERAGE, "90", year=2027)

    results = progress([mine, office, next_year], accounts["leader"])

    assert [(p.actual, p.count, p.of) for p in results] == [
        (Decimal("50.0"), 2, 4),
        (Decimal("60.0"), 3, 5),
        (Decimal("25.0"), 1, 4),
    ]
    assert (results[0].met, results[0].percent) == (False, 55)


def test_anti_fraud_coverage_counts_installations_by_the_year_s_end(
    accounts: dict[str, User], miaochuan: Community, make_household: MakeHousehold
) -> None:
    staff = accounts["staff_mc"]
    households = [make_household(miaochuan) for _ in range(5)]
    for household, status, day in [
        (households[0], "installed", date(2026, 12, 31)),
        (households[1], "installed", date(2025, 5, 1)),
        (households[2], "installed", date(2027, 1, 1)),
        (households[3], "refused", date(2026, 3, 1)),
    ]:
        AntiFraudCoverage.objects.create(
            household=household,
            status=status,
            recorded_on=day,
            recorded_by=staff,
            refused_reason="不愿意" if status == "refused" else "",
        )
    this_year = target(miaochuan, Indicator.ANTI_FRAUD_COVERAGE, "80")
    last_year = target(miaochuan, Indicator.ANTI_FRAUD_COVERAGE, "80", year=2025)

    results = progress([this_year, last_year], staff)

    assert [(p.actual, p.count, p.of) for p in results] == [
        (Decimal("40.0"), 2, 5),
        (Decimal("20.0"), 1, 5),
    ]


def test_an_empty_community_has_made_no_progress(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    goal = target(miaochuan, Indicator.VISIT_COVERAGE, "90")
    result = one(goal, accounts["leader"])
    assert (result.actual, result.count, result.of, result.met) == (Decimal(0), 0, 0, False)
    assert progress([], accounts["leader"]) == []


def test_progress_takes_a_fixed_number_of_queries_for_any_number_of_targets(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    bulk_households(miaochuan, 20, "Q")
    kinds = list(ActivityKind.values)

    def count_for(targets: list[Target]) -> int:
        with CaptureQueriesContext(connection) as captured:
            progress(targets, accounts["leader"])
        return len(captured)

    few = [
        target(miaochuan, Indicator.ACTIVITIES, "1", activity_kind=LECTURE),
        target(miaochuan, Indicator.PUBLICITY, "1"),
        target(miaochuan, Indicator.ASSISTANCE_APPLICATIONS, "1"),
        target(miaochuan, Indicator.VISIT_COVERAGE, "1"),
        target(miaochuan, Indicator.ANTI_FRAUD_COVERAGE, "1"),
    ]
    many = list(few)
    for year in (2024, 2025, 2026):
        for community in (miaochuan, beihuan, None):
            for kind in kinds:
                if (community, year, kind) != (miaochuan, 2026, LECTURE):
                    many.append(
                        target(community, Indicator.ACTIVITIES, "5", activity_kind=kind, year=year)
                    )
            for indicator in (Indicator.VISIT_COVERAGE, Indicator.ANTI_FRAUD_COVERAGE):
                if (community, year) != (miaochuan, 2026):
                    many.append(target(community, indicator, "50", year=year))
    assert len(many) > 100
    progress(few, accounts["leader"])  # the user's permissions are read once, then cached
    assert count_for(few) == count_for(many) == 6


def test_an_activity_target_needs_its_kind_and_only_it_has_one(miaochuan: Community) -> None:
    row = Target(community=miaochuan, year=2026, indicator=Indicator.ACTIVITIES, threshold=10)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "activity_kind" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row = Target(
        community=miaochuan,
        year=2026,
        indicator=Indicator.PUBLICITY,
        activity_kind=LECTURE,
        threshold=10,
    )
    with pytest.raises(ValidationError):
        row.full_clean()


def test_a_percentage_is_at_most_100(miaochuan: Community) -> None:
    row = Target(community=miaochuan, year=2026, indicator=Indicator.VISIT_COVERAGE, threshold=101)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "threshold" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    Target(
        community=miaochuan, year=2026, indicator=Indicator.PUBLICITY, threshold=101
    ).full_clean()


@pytest.mark.parametrize("office_wide", [False, True])
def test_a_target_is_set_once_a_year(miaochuan: Community, office_wide: bool) -> None:
    community = None if office_wide else miaochuan
    target(community, Indicator.PUBLICITY, "20")
    target(community, Indicator.PUBLICITY, "20", year=2027)  # another year
    duplicate = Target(community=community, year=2026, indicator="publicity", threshold=25)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_staff_see_their_community_s_and_the_office_s_targets(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    mc = target(miaochuan, Indicator.PUBLICITY, "20")
    bh = target(beihuan, Indicator.PUBLICITY, "20")
    office = target(None, Indicator.PUBLICITY, "60")
    assert set(Target.objects.for_user(accounts["staff_mc"])) == {mc, office}
    assert set(Target.objects.for_user(accounts["leader"])) == {mc, bh, office}


def test_meetings_count_study_sessions_mobilisation_meetings_and_forums_together(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    for kind in (ActivityKind.STUDY, ActivityKind.MOBILISATION, ActivityKind.FORUM, LECTURE):
        lecture(miaochuan, date(2026, 3, 1), kind=kind)
    lecture(miaochuan, date(2027, 1, 1), kind=ActivityKind.STUDY)
    lecture(None, date(2026, 3, 1), kind=ActivityKind.STUDY)
    mine = target(miaochuan, Indicator.MEETINGS, "20")
    office = target(None, Indicator.MEETINGS, "60")
    study = target(miaochuan, Indicator.ACTIVITIES, "8", activity_kind=ActivityKind.STUDY)
    assert [p.count for p in progress([mine, office, study], accounts["leader"])] == [3, 4, 1]
