"""The dashboard's kept counts (reports/dashboard/tally.py) equal a direct count after every kind
of write, because the database notes every changed community itself."""

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import AntiFraudCoverage, Visit
from casework.models import InsuranceEnrolment
from ledgers.models import FloatingRecord, Household, Resident, StudyAbroad
from reports.dashboard import tally
from reports.models import CommunityTally, TallyChange
from tests.conftest import citizen_id
from tests.ledgers.test_imports import batch, confirm, upload, workbook
from tests.reports.conftest import Town


def communities(town: Town) -> list[int]:
    return [town.mc.pk, town.bh.pk]


def test_the_triggers_watch_every_table_the_counts_read(town: Town) -> None:
    with CaptureQueriesContext(connection) as captured:
        tally.count(communities(town), town.year)
    read = {
        table
        for query in captured.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    assert read == {model._meta.db_table for model in tally.COUNTED}


def test_kept_counts_are_read_without_counting_until_a_write(town: Town) -> None:
    ids = communities(town)
    first = tally.tallies(ids, town.year)
    assert first == tally.count(ids, town.year)
    assert first[town.mc.pk]["ethnicity"] == {"03": 2, "04": 1, "35": 1, "01": 2, "97": 1}
    with CaptureQueriesContext(connection) as captured:
        assert tally.tallies(ids, town.year) == first
    assert len(captured) == 1
    assert not TallyChange.objects.exists()


def person(town: Town, ethnicity: str = "03", **fields: Any) -> Resident:
    return Resident.objects.create(
        community=fields.pop("community", town.mc),
        name="新来",
        id_number=citizen_id("19800101", "077"),
        gender="1",
        birth_date=date(1980, 1, 1),
        ethnicity=ethnicity,
        **fields,
    )


def household_of(town: Town) -> Household:
    return Household.objects.filter(community=town.mc).order_by("pk").first()  # type: ignore[return-value]


def a_minority_resident(town: Town) -> Resident:
    return Resident.objects.filter(community=town.mc, ethnicity="03", status="active").order_by(
        "pk"
    )[0]


# Each kind of write, made as the application makes it.
WRITES: dict[str, Callable[[Town], object]] = {
    "a resident saved by a form": lambda town: person(town),
    "a resident's ethnicity changed": lambda town: Resident.objects.filter(
        pk=a_minority_resident(town).pk
    ).update(ethnicity="01"),
    "residents moved out by a bulk update": lambda town: Resident.objects.filter(
        community=town.mc, ethnicity="03"
    ).update(status="moved_out", status_date=date(town.year, 6, 1)),
    "residents added in bulk": lambda town: Resident.objects.bulk_create(
        Resident(
            community=town.bh,
            name=f"批{i}",
            gender="2",
            birth_date=date(1990, 1, 1),
            ethnicity="04",
        )
        for i in range(3)
    ),
    "a resident removed": lambda town: Resident.objects.filter(ethnicity="97").delete(),
    "a resident moved to another community": lambda town: Resident.objects.filter(
        pk=a_minority_resident(town).pk
    ).update(community=town.bh, household=None),
    "a household added": lambda town: Household.objects.create(
        community=town.bh, number="N-1", address="新路1号", hardship=True
    ),
    "a household's hardship changed": lambda town: Household.objects.filter(
        community=town.mc
    ).update(hardship=False),
    "a stay ended": lambda town: FloatingRecord.objects.filter(
        resident__community=town.mc, left_on__isnull=True, resident__ethnicity="04"
    ).update(left_on=date(town.year, 5, 1)),
    "a stay begun": lambda town: FloatingRecord.objects.create(
        resident=a_minority_resident(town),
        origin="甘肃",
        arrived_on=date(town.year, 1, 1),
        inflow_reason="01",
    ),
    "a study abroad entered": lambda town: StudyAbroad.objects.create(
        resident=Resident.objects.get(name="杨二"),
        country="马来西亚",
        institution="大学",
        from_date=date(town.year - 1, 9, 1),
    ),
    "an enrolment recorded": lambda town: InsuranceEnrolment.objects.create(
        resident=Resident.objects.get(name="杨二"),
        scheme="pension",
        year=town.year,
        status="enrolled",
    ),
    "enrolments withdrawn": lambda town: InsuranceEnrolment.objects.filter(year=town.year).delete(),
    "a visit recorded": lambda town: Visit.objects.create(
        community=town.mc,
        household=Household.objects.get(members__name="杨一"),
        visited_on=date(town.year, 4, 1),
        purpose="policy",
    ),
    "a visit moved to another year": lambda town: Visit.objects.update(
        visited_on=date(town.year - 3, 1, 1)
    ),
    "an app refused after all": lambda town: AntiFraudCoverage.objects.update(
        status="refused", refused_reason="不需要"
    ),
    "a raw statement": lambda town: connection.cursor().execute(
        "UPDATE ledgers_resident SET ethnicity = '04' WHERE ethnicity = '01'"
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_after_each_kind_of_write_the_kept_counts_equal_a_direct_count(
    town: Town, write: str
) -> None:
    ids = communities(town)
    before = tally.tallies(ids, town.year)
    WRITES[write](town)
    after = tally.tallies(ids, town.year)
    assert after == tally.count(ids, town.year)
    assert after != before, "the write changed no figure: it tests nothing"


def test_an_import_and_its_undo_are_counted(town: Town, client_as: Callable[[str], Client]) -> None:
    mc, ids = client_as("staff_mc"), communities(town)
    before = tally.tallies(ids, town.year)
    upload(
        mc,
        "ledgers:resident_import",
        workbook(
            [
                ["新人一", citizen_id("19900101", "015"), "回族"],
                ["新人二", citizen_id("19920202", "026"), "藏族"],
            ]
        ),
    )
    confirm(mc)
    imported = tally.tallies(ids, town.year)
    assert imported == tally.count(ids, town.year)
    assert sum(imported[town.mc.pk]["ethnicity"].values()) == (
        sum(before[town.mc.pk]["ethnicity"].values()) + 2
    )
    mc.post(reverse("sheets:import_undo", args=[batch().pk]))
    assert tally.tallies(ids, town.year) == before


def test_a_change_drops_the_other_years_of_its_community_alone(town: Town) -> None:
    ids = communities(town)
    tally.tallies(ids, town.year)
    tally.tallies(ids, town.year - 1)
    Household.objects.filter(community=town.mc).update(version=F("version") + 1)
    tally.tallies(ids, town.year)
    kept = set(CommunityTally.objects.values_list("community_id", "year"))
    assert kept == {
        (town.mc.pk, town.year),
        (town.bh.pk, town.year),
        (town.bh.pk, town.year - 1),
    }
    assert tally.tallies(ids, town.year - 1) == tally.count(ids, town.year - 1)


def test_another_communitys_write_leaves_a_staff_members_counts_alone(town: Town) -> None:
    tally.tallies([town.mc.pk], town.year)
    Household.objects.create(community=town.bh, number="N-2", address="新路2号")
    with CaptureQueriesContext(connection) as captured:
        tally.tallies([town.mc.pk], town.year)
    assert len(captured) == 1


def test_the_dashboard_shows_a_write_at_once(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    leader = client_as("leader")
    url = reverse("reports:dashboard") + f"?community={town.mc.pk}"
    before = leader.get(url).context["figures"]["residents"].value
    person(town)
    assert leader.get(url).context["figures"]["residents"].value == before + 1
