"""Hazard numbers name their community (YH-MC-2026-0001), never collide, even when two people
register at the same moment, and the numbers given before stay searchable."""

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from casework.hazards import workflow
from casework.models import Hazard
from ledgers.models import Community, NumberSequence, next_in_sequence
from tests.casework.test_hazard_spreadsheets import HEADERS, hazard_in, row
from tests.casework.test_workflow import new_hazard
from tests.ledgers.test_imports import batch, confirm, upload, workbook


def test_registrations_in_one_community_get_consecutive_numbers_naming_it(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    numbers = [new_hazard(miaochuan, accounts["staff_mc"]).number for _ in range(3)]
    assert numbers == ["YH-MC-2026-0001", "YH-MC-2026-0002", "YH-MC-2026-0003"]
    assert new_hazard(beihuan, accounts["staff_bh"]).number == "YH-BH-2026-0001"
    later = Hazard(
        community=miaochuan,
        location="厨房",
        description="燃气软管老化",
        category="gas",
        found_on=date(2027, 1, 4),
    )
    workflow.register(later, accounts["staff_mc"])
    assert later.number == "YH-MC-2027-0001"  # each year counts from one


def test_no_two_hazards_share_a_number_office_wide(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    first = new_hazard(miaochuan, accounts["staff_mc"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Hazard.objects.create(
            community=beihuan, number=first.number, location="-", description="-", category="fire"
        )


def test_a_number_already_given_is_passed_over(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    # 北环路 had the letters MC once, and numbered a hazard with them.
    Hazard.objects.create(
        community=beihuan, number="YH-MC-2026-0001", location="-", description="-", category="fire"
    )
    assert new_hazard(miaochuan, accounts["staff_mc"]).number == "YH-MC-2026-0002"


def test_a_community_added_without_a_short_code_gets_one(accounts: dict[str, User]) -> None:
    first = Community.objects.create(name="新华社区", code="620202002001")
    second = Community.objects.create(name="东风社区", code="620202003001")
    assert (first.short_code, second.short_code) == ("C001", "C0012")
    assert {
        c.short_code for c in Community.objects.filter(name__in=["庙川社区", "北环路社区"])
    } == {
        "MC",
        "BH",
    }


def test_the_counter_gives_each_number_once(miaochuan: Community) -> None:
    taken = [next_in_sequence(miaochuan.pk, "YH", 2026) for _ in range(3)]
    assert taken == [1, 2, 3]
    assert NumberSequence.objects.get(community=miaochuan, kind="YH", year=2026).last == 3


def test_an_import_row_with_the_former_number_finds_the_hazard(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    hazard = hazard_in(mc_people["place"].community, accounts["staff_mc"])
    Hazard.objects.filter(pk=hazard.pk).update(former_number="YH-2026-0007")
    staff = client_as("staff_mc")
    rows = [row("YH-2026-0007", 整改措施="更换软管并加装报警器")]
    upload(staff, "casework:hazard_import", workbook(rows, headers=HEADERS))
    assert batch().counts == {"new": 0, "update": 1, "unchanged": 0, "invalid": 0}, batch().errors
    confirm(staff)
    hazard.refresh_from_db()
    assert hazard.measures == "更换软管并加装报警器" and Hazard.objects.count() == 1


OLD = [
    ("ledgers", "0011_rules_as_constraints"),
    ("casework", "0012_assistance_rules_as_constraints"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migration_renumbers_and_keeps_the_former_numbers_searchable() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(OLD)
    try:
        old = executor.loader.project_state(OLD).apps
        community, grid, hazard = (
            old.get_model("ledgers", m) if m != "Hazard" else old.get_model("casework", m)
            for m in ("Community", "Grid", "Hazard")
        )
        mc = community.objects.create(name="庙川社区", code="620202001001")
        bh = community.objects.create(name="北环路社区", code="620202001002")
        grid.objects.create(community=mc, name="第1网格", code="MC-01")
        grid.objects.create(community=mc, name="第2网格", code="MC-02")

        def old_hazard(where: Any, number: str, found_on: date) -> None:
            hazard.objects.create(
                community=where,
                number=number,
                found_on=found_on,
                location="大殿",
                description="电线老化",
                category="electric",
            )

        old_hazard(mc, "YH-2026-0001", date(2026, 3, 2))
        old_hazard(mc, "YH-2026-0003", date(2026, 4, 2))
        old_hazard(bh, "YH-2026-0001", date(2026, 3, 9))
        old_hazard(bh, "2025年第5号", date(2025, 12, 1))  # typed by hand once
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Community.objects.values_list("name", "short_code")) == {
        "庙川社区": "MC",  # the letters its grids already use
        "北环路社区": "C002",  # no grids: C and its 居委会 number
    }
    assert dict(
        Hazard.objects.values_list("former_number", "number").filter(community__name="庙川社区")
    ) == {
        "YH-2026-0001": "YH-MC-2026-0001",
        "YH-2026-0003": "YH-MC-2026-0003",  # the count people know is kept
    }
    assert sorted(
        Hazard.objects.filter(community__name="北环路社区").values_list("number", flat=True)
    ) == [
        "YH-C002-2025-0001",
        "YH-C002-2026-0001",
    ]
    # The next registration continues after the highest count.
    leader = User.objects.create_superuser("chief", password="-")
    new = Hazard(
        community=Community.objects.get(name="庙川社区"),
        location="厨房",
        description="燃气软管老化",
        category="gas",
        found_on=date(2026, 5, 6),
    )
    workflow.register(new, leader)
    assert new.number == "YH-MC-2026-0004"
    # The register finds a hazard by the number it had.
    client = Client()
    client.force_login(leader)
    found = client.get(reverse("casework:hazard_list"), {"q": "YH-2026-0003"}).context[
        "object_list"
    ]
    assert [h.number for h in found] == ["YH-MC-2026-0003"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_of_the_year", [True, False])
def test_two_registrations_at_the_same_moment_both_succeed_with_two_numbers(
    first_of_the_year: bool, accounts: dict[str, User], miaochuan: Community
) -> None:
    staff = accounts["staff_mc"]
    if not first_of_the_year:
        new_hazard(miaochuan, staff)
    numbers: list[Any] = []

    def register_another() -> None:
        try:
            numbers.append(new_hazard(miaochuan, staff).number)
        except Exception as error:  # whatever went wrong, the assertion shows it
            numbers.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        mine = new_hazard(miaochuan, staff).number
        other = threading.Thread(target=register_another)
        other.start()
        time.sleep(0.5)  # the other registration now waits on this one's counter
    other.join()
    taken = 1 if first_of_the_year else 2
    assert [mine, *numbers] == [f"YH-MC-2026-{taken:04d}", f"YH-MC-2026-{taken + 1:04d}"]
