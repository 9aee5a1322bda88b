"""The dashboard's numbers against the town of tests/reports/conftest.py, counted by hand: by
period (the year's and the quarters' first and last days count), by community, by scope."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Activity, AntiFraudCoverage, Target, Visit
from casework.models import AssistanceCase, CaseObjection, Hazard, InsuranceEnrolment
from ledgers.models import FloatingRecord, Household, Resident
from reports.dashboard import figures
from tests.helpers import count_queries
from tests.reports.conftest import Town

URL = "/reports/dashboard/"

# 10 residents on the register (5 of a minority, 4 groups), 2 minority floating residents still
# here (韩一 left, 杨二 is Han), 5 households of which 3 in hardship.
PEOPLE = {
    "residents": 10,
    "households": 5,
    "minority": 5,
    "groups": 4,
    "minority_floating": 2,
    "hardship": 3,
}
# Found this year: over (1 Jan), review (31 Dec), extension, on_time, late, no_deadline, bh_over,
# bh_closed. Open now: over, due_today, review, extension, no_deadline, bh_over; overdue: over
# (yesterday), extension, bh_over (due_today is not); major open: due_today, bh_over. Closed this
# year: on_time (on its deadline), late (a day after), jan1 (1 January), bh_closed.
HAZARDS = {
    "hazards_found": 8,
    "hazards_open": 6,
    "hazards_overdue": 3,
    "hazards_major": 2,
    "hazards_closed": 4,
    "hazards_on_time": 3,
}
# Activities of the year: 1 Jan, 31 Mar, 1 Apr (MC), 31 Dec (BH), office-wide; targets: MC 2
# lectures (1 held), MC 2 services (2 held), office 2 meetings (study + forum: 2).
ACTIVITIES = {"activities": 5, "targets_met": "2 / 3"}
# Applied this year: dibao approved (1 Jan), temporary in 公示, medical refused (31 Dec), dibao
# stopped; the draft and last year's case are not counted.
ASSISTANCE = {
    "assistance_applied": 4,
    "assistance_approved": 2,
    "assistance_dibao": 2,
    "assistance_temporary": 1,
    "assistance_medical": 1,
}
# Medical: 4 covered of 10 (马一, 马二 elsewhere, 杨一, 白一); pension: 马一 of 9 adults.
# Visits: h1 (1 Jan) and h4 (31 Dec) of 4 minority households; the app in 3 of 5 households.
COVERAGE = {
    "medical_rate": "40.0%",
    "medical_gap": 6,
    "pension_rate": "11.1%",
    "pension_gap": 8,
    "visit_coverage": "50.0%",
    "anti_fraud_coverage": "60.0%",
}
# No transfer in this town (tests/ledgers/test_transfers.py counts them).
TRANSFERS = {"transfers_waiting": 0, "transfers_overdue": 0}
# No inspection plan either (tests/casework/test_inspection_plans.py counts them).
PLANS = {"plans_inspected": "—", "plans_missed": 0}
LEADER = {**PEOPLE, **HAZARDS, **ACTIVITIES, **ASSISTANCE, **COVERAGE, **TRANSFERS, **PLANS}
MIAOCHUAN = {
    **TRANSFERS,
    **PLANS,
    "residents": 7,
    "households": 3,
    "minority": 4,
    "groups": 4,
    "minority_floating": 1,
    "hardship": 2,
    "hazards_found": 6,
    "hazards_open": 5,
    "hazards_overdue": 2,
    "hazards_major": 1,
    "hazards_closed": 3,
    "hazards_on_time": 2,
    "assistance_applied": 2,
    "assistance_approved": 1,
    "assistance_dibao": 1,
    "assistance_temporary": 1,
    "medical_rate": "42.9%",
    "medical_gap": 4,
    "pension_rate": "16.7%",
    "pension_gap": 5,
    "visit_coverage": "33.3%",
    "anti_fraud_coverage": "33.3%",
}
# staff_mc sees the office-wide activity and target too; one community chosen shows its own.
STAFF_MC = {**MIAOCHUAN, "activities": 4, "targets_met": "1 / 3"}
LEADER_MC = {**MIAOCHUAN, "activities": 3, "targets_met": "1 / 2"}
STAFF_BH = {
    **TRANSFERS,
    **PLANS,
    "residents": 3,
    "households": 2,
    "minority": 1,
    "groups": 2,
    "minority_floating": 1,
    "hardship": 1,
    "hazards_found": 2,
    "hazards_open": 1,
    "hazards_overdue": 1,
    "hazards_major": 1,
    "hazards_closed": 1,
    "hazards_on_time": 1,
    "activities": 2,
    "targets_met": "1 / 1",
    "assistance_applied": 2,
    "assistance_approved": 1,
    "assistance_dibao": 1,
    "assistance_medical": 1,
    "medical_rate": "33.3%",
    "medical_gap": 2,
    "pension_rate": "0.0%",
    "pension_gap": 3,
    "visit_coverage": "100.0%",
    "anti_fraud_coverage": "100.0%",
}


def shown(client: Client, **params: Any) -> dict[str, Any]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return {key: figure.value for key, figure in response.context["figures"].items()}


def test_every_number_of_the_year_for_a_leader(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    assert shown(client_as("leader")) == LEADER
    assert shown(client_as("county")) == LEADER


def test_one_community_chosen(town: Town, client_as: Callable[[str], Client]) -> None:
    assert shown(client_as("leader"), community=town.mc.pk) == LEADER_MC


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("staff_mc", STAFF_MC), ("grid_mc1", STAFF_MC), ("staff_bh", STAFF_BH)],
)
def test_staff_count_only_their_communities(
    persona: str, expected: dict[str, Any], town: Town, client_as: Callable[[str], Client]
) -> None:
    assert shown(client_as(persona)) == expected


def test_another_community_in_the_query_string_changes_nothing(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    client = client_as("staff_bh")
    assert shown(client, community=town.mc.pk) == STAFF_BH
    page = client.get(URL, {"community": town.mc.pk}).content.decode()
    assert "庙川社区" not in page


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        # found: over (1 Jan), on_time, late, no_deadline; closed: jan1 (1 Jan), on_time
        # (1 Mar, on its deadline), late; activities 1 Jan and 31 Mar; dibao and the 公示 case.
        (
            1,
            {
                "hazards_found": 4,
                "hazards_closed": 3,
                "hazards_on_time": 2,
                "activities": 2,
                "assistance_applied": 2,
                "assistance_approved": 1,
            },
        ),
        (
            2,
            {
                "hazards_found": 3,
                "hazards_closed": 1,
                "hazards_on_time": 1,
                "activities": 2,
                "assistance_applied": 1,
                "assistance_approved": 1,
            },
        ),
        # review found on 31 Dec; the BH study on 31 Dec; the case refused, applied 31 Dec.
        (
            4,
            {
                "hazards_found": 1,
                "hazards_closed": 0,
                "hazards_on_time": 0,
                "activities": 1,
                "assistance_applied": 1,
                "assistance_approved": 0,
            },
        ),
    ],
)
def test_a_quarter_counts_its_first_and_last_day(
    quarter: int, expected: dict[str, int], town: Town, client_as: Callable[[str], Client]
) -> None:
    got = shown(client_as("leader"), year=town.year, quarter=quarter)
    assert {key: got[key] for key in expected} == expected
    # What is "now" does not depend on the period.
    assert got["hazards_open"] == 6
    assert got["hazards_overdue"] == 3


def test_last_year(town: Town, client_as: Callable[[str], Client]) -> None:
    got = shown(client_as("leader"), year=town.year - 1)
    # found: due_today (31 Dec), last_year, jan1; closed: last_year, a month late; one activity
    # on 31 Dec; the dibao case being paid, applied on 31 Dec.
    assert got["hazards_found"] == 3
    assert got["hazards_closed"] == 1
    assert got["hazards_on_time"] == 0
    assert got["activities"] == 1
    assert got["assistance_applied"] == 1
    assert got["assistance_approved"] == 1
    assert got["targets_met"] == "—"


def test_the_year_select_offers_the_years_with_data(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    form = client_as("leader").get(URL).context["form"]
    years = [value for value, _label in form.fields["year"].choices]
    assert years == [str(town.year + 1), str(town.year), str(town.year - 1)]
    assert figures.years_with_data(client_as("leader").get(URL).wsgi_request.user)[1] == town.year


def test_a_bad_filter_falls_back_to_this_year(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    assert shown(client, year="1999", quarter="9", community="x") == LEADER
    assert shown(client, year="abc") == LEADER


def test_hints_give_shares_and_what_is_covered(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    got = client_as("leader").get(URL).context["figures"]
    assert "50.0%" in got["minority"].hint
    assert "75.0%" in got["hazards_on_time"].hint  # 3 of 4 closed
    assert "125" in got["activities"].hint and "40" in got["activities"].hint
    assert got["medical_rate"].rows == 4
    assert got["pension_rate"].rows == 1
    assert "2" in got["visit_coverage"].hint and "4" in got["visit_coverage"].hint


def test_what_needs_a_leader_now(town: Town, client_as: Callable[[str], Client]) -> None:
    needs = client_as("leader").get(URL).context["needs"]
    h = town.hazards
    assert needs.reviews == [h["review"]]
    assert needs.extensions == [h["extension"]]
    assert needs.overdue == [h["bh_over"], h["extension"], h["over"]]  # longest first
    assert [o.content for o in needs.objections] == ["收入不实", "异议"]

    mine = client_as("staff_mc").get(URL).context["needs"]
    assert mine.overdue == [h["extension"], h["over"]]
    assert [o.content for o in mine.objections] == ["收入不实"]


def test_the_needs_list_shows_the_first_ten_longest_overdue(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    older = [
        Hazard.objects.create(
            community=town.mc,
            number=f"YH-OLD{n}",
            location="旧",
            description="旧",
            category="fire",
            state="in_progress",
            deadline=town.today - timedelta(days=100 + n),
        )
        for n in range(12)
    ]
    needs = client_as("leader").get(URL).context["needs"]
    assert needs.overdue == older[::-1][:10]  # the earliest deadlines first


def test_charts_carry_the_counts_by_group(town: Town, client_as: Callable[[str], Client]) -> None:
    charts = client_as("leader").get(URL).context["charts"]
    ethnicity = charts["chart-ethnicity"]
    assert ethnicity["categories"] == ["回族", "藏族", "撒拉族"]
    assert [p["value"] for p in ethnicity["series"][0]["data"]] == [3, 1, 1]
    compared = charts["chart-communities"]
    assert compared["categories"][-1] in ("Whole office", "全办")
    values = {s["name"]: [p["value"] for p in s["data"]] for s in compared["series"]}
    minority, hazards, activities = values.values()
    # 庙川, 北环路, 站院巷, then the office-wide activity
    assert minority == [4, 1, 0, None]
    assert hazards == [5, 1, 0, None]
    assert activities == [3, 1, 0, 1]
    months = charts["chart-activities"]
    assert len(months["categories"]) == 12
    targets = charts["chart-targets"]
    reached = dict(zip(targets["categories"], targets["series"][0]["data"], strict=True))
    lectures = next(
        point for label, point in reached.items() if "庙川" in label and "宣讲" in label
    )
    assert (lectures["value"], lectures["label"]) == (50, "1 / 2")
    assert sorted(p["value"] for p in reached.values()) == [50, 100, 100]


def test_the_page_draws_with_local_echarts_and_no_inline_script(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    page = client_as("leader").get(URL).content.decode()
    assert "/static/vendor/echarts-6.1.0/echarts.common.min.js" in page
    assert "/static/js/dashboard.js" in page
    assert 'id="dashboard-charts" type="application/json"' in page
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page


@pytest.mark.parametrize("persona", ["leader", "staff_mc"])
def test_queries_do_not_grow_with_the_rows(
    persona: str, town: Town, accounts: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    serial = iter(range(100_000))
    y = town.year

    def grow(n: int) -> None:
        """n more of every kind of row, in both communities."""
        for community in (town.mc, town.bh):
            numbers = [next(serial) for _ in range(n)]
            homes = Household.objects.bulk_create(
                Household(
                    community=community, number=f"G-{i}", address="增长路", hardship=i % 2 == 0
                )
                for i in numbers
            )
            people = Resident.objects.bulk_create(
                Resident(
                    community=community,
                    household=home,
                    name=f"增{i}",
                    gender="2",
                    birth_date=date(1990, 1, 1),
                    ethnicity="03" if i % 3 else "01",
                )
                for i, home in zip(numbers, homes, strict=True)
            )
            FloatingRecord.objects.bulk_create(
                FloatingRecord(
                    resident=p, origin="甘肃", arrived_on=date(y, 1, 1), inflow_reason="01"
                )
                for p in people
            )
            InsuranceEnrolment.objects.bulk_create(
                InsuranceEnrolment(resident=p, scheme="medical", year=y) for p in people
            )
            Hazard.objects.bulk_create(
                Hazard(
                    community=community,
                    number=f"G-{i}",
                    location="增",
                    description="增",
                    category="fire",
                    state=["in_progress", "under_review", "closed"][i % 3],
                    found_on=date(y, 1 + i % 12, 1),
                    deadline=town.today - timedelta(days=i % 5),
                    closed_on=date(y, 1 + i % 12, 2),
                    extension_requested_to=town.today if i % 4 == 0 else None,
                )
                for i in numbers
            )
            Activity.objects.bulk_create(
                Activity(
                    community=community,
                    kind="service",
                    title="增",
                    held_on=date(y, 1 + i % 12, 1),
                    place_text="室",
                )
                for i in numbers
            )
            cases = AssistanceCase.objects.bulk_create(
                AssistanceCase(
                    community=community,
                    household=home,
                    applicant=p,
                    kind="temporary",
                    state="publicity",
                    applied_on=date(y, 1 + i % 12, 1),
                    reason="增",
                    reason_category="illness",
                )
                for i, home, p in zip(numbers, homes, people, strict=True)
            )
            CaseObjection.objects.bulk_create(CaseObjection(case=c, content="增") for c in cases)
            Visit.objects.bulk_create(
                Visit(
                    community=community, household=home, visited_on=date(y, 5, 1), purpose="policy"
                )
                for home in homes
            )
            AntiFraudCoverage.objects.bulk_create(
                AntiFraudCoverage(
                    household=home, status="installed", recorded_by=accounts["staff_mc"]
                )
                for home in homes
            )

    client, url = client_as(persona), reverse("reports:dashboard")

    def both() -> tuple[int, int]:
        """The queries of a view that counts the changed communities again, then of one that
        reads their kept counts (reports/dashboard/tally.py)."""
        return count_queries(client, url), count_queries(client, url)

    grow(10)
    client.get(url)  # warm caches (content types, permissions) that are not per-row
    grow(1)
    small = both()
    grow(990)
    large = both()
    assert small == large, f"{small} queries at 10 rows, {large} at 1,000"
    counted, kept = large
    # The navbar bell's count of unread notices is one of them; the inspection plans' card
    # another (no plan here; at most four with plans); the demonstration titles' tile one.
    # Counting the changed communities again takes at most twelve more, in one transaction.
    assert kept <= 23
    assert counted - kept <= 12


def test_insurance_rates_of_one_community(town: Town, client_as: Callable[[str], Client]) -> None:
    leader = client_as("leader").get(URL).wsgi_request.user
    rates = figures.insurance(figures.Scope(leader, town.mc.pk), town.year)
    assert [(r.scheme, r.covered, r.gap) for r in rates] == [("medical", 3, 4), ("pension", 1, 5)]


@pytest.mark.parametrize(
    ("persona", "community"), [("leader", None), ("leader", "mc"), ("staff_mc", None)]
)
def test_targets_from_the_cards_counts_match_the_targets_own_counting(
    town: Town,
    accounts: dict[str, Any],
    client_as: Callable[[str], Client],
    persona: str,
    community: str | None,
) -> None:
    """The dashboard hands its household and activity counts to the targets rather than have
    them counted again: every target's figures must be what campaigns.targets.progress counts
    itself, an installation recorded after the year's end included (it covers now, not in the
    year)."""
    late = Household.objects.create(community=town.mc, number="D-LATE", address="看板路99号")
    AntiFraudCoverage.objects.create(
        household=late,
        status="installed",
        recorded_by=accounts["staff_mc"],
        recorded_on=date(town.year + 1, 1, 2),
    )
    for where in (None, town.mc, town.bh):
        for indicator, kind, threshold in [
            ("visit_coverage", "", "50"),
            ("anti_fraud", "", "90"),
            ("activities", "study", "1"),
            ("publicity", "", "1"),
        ]:
            Target.objects.get_or_create(
                community=where,
                year=town.year,
                indicator=indicator,
                activity_kind=kind,
                defaults={"threshold": Decimal(threshold)},
            )
    user = client_as(persona).get(URL).wsgi_request.user
    scope = figures.Scope(user, getattr(town, community).pk if community else None)
    period = figures.Period(town.year)
    shared = figures.targets(
        scope,
        town.year,
        figures.households(scope, town.year),
        figures.activities(scope, period),
    )
    own = figures.targets(scope, town.year)

    def seen(rows: list[Any]) -> list[tuple[Any, ...]]:
        return [(p.target.pk, p.actual, p.count, p.of) for p in rows]

    assert seen(shared) == seen(own)
    assert len(own) >= 4
    by_indicator = {(p.target.community_id, p.target.indicator): p for p in own}
    if community is None and persona == "leader":
        # 6 households, 4 with the app now, 3 of them recorded within the year
        anti_fraud = by_indicator[(None, "anti_fraud")]
        assert (anti_fraud.count, anti_fraud.of) == (3, 6)
        assert figures.households(scope, town.year).anti_fraud.covered == 4
