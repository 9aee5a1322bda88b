"""What people's moves cost: the 50,000-row resident import (check and apply) as it was before
the pinyin keys and residence periods, with the keys alone, and with both; and the queries of a
household of six, with its records, moving to another community.

The three versions take turns (ROUNDS times over), each import in a fresh "spawn" child on the
same throw-away database (cleared between them), so that whatever else the machine is doing
weighs on each alike; the medians are compared. "Before" is today's code with the two additions
switched off in the child: Resident.fill_name_keys writes nothing, and ResidentResource's
write_related (the periods) does nothing.
"""

import statistics
import sys
import time
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from harness import Figures, analyze, in_child, shared_database
from spreadsheets import FILE_ROWS, clear_residents, create_households, person, tongxin_import, xlsx

from campaigns.models import Visit
from casework.models import InsuranceEnrolment
from demo import accounts as demo
from ledgers.models import Community, Grid, Household, ResidencePeriod, Resident
from ledgers.moves import transfers
from ledgers.people.resources import ResidentResource
from tests import permission_rows as rows

ROUNDS = 3
GOAL = 1.10  # the pinyin keys add at most 10 % to the import
MOVE_GOAL = 20  # queries to accept the move of a household of six with its records
VERSIONS = {"before": ("keys", "periods"), "keys": ("periods",), "keys + periods": ()}


def import_without(data: bytes, rows: int, left_out: tuple[str, ...]) -> Figures:
    if "keys" in left_out:
        Resident.fill_name_keys = lambda self, known=None: set()  # type: ignore[method-assign]
    if "periods" in left_out:
        ResidentResource.write_related = lambda self, rows, batch: None  # type: ignore[method-assign]
    figures = tongxin_import(data, rows, "new")
    figures["keys written"] = Resident.objects.exclude(name_sort="").count()
    figures["periods"] = ResidencePeriod.objects.count()
    return figures


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else FILE_ROWS
    with shared_database():
        run(rows)


def run(rows: int) -> None:
    demo.seed(people=False)
    miaochuan = Community.objects.get(name="庙川社区")
    create_households(miaochuan, 0, (rows + 2) // 3)
    analyze()
    data = xlsx([person(i) for i in range(rows)])
    print(f"{rows:,}-row resident import, {ROUNDS} rounds of each version in turn")
    times: dict[str, list[float]] = {name: [] for name in VERSIONS}
    for _round in range(ROUNDS):
        for name, left_out in VERSIONS.items():
            clear_residents()
            started = time.perf_counter()
            figures: dict[str, Any] = in_child(import_without, data, rows, left_out)
            times[name].append(figures.get("time", time.perf_counter() - started))
    report(times, rows)
    household_move()


def household_move() -> None:
    """A household of six in 庙川 with an open and a closed assistance case, visits and an
    insurance enrolment each, moved to 北环路: the queries of accepting it."""
    users = get_user_model().objects
    miaochuan, beihuan = (Community.objects.get(name=n) for n in ("庙川社区", "北环路社区"))
    household = Household.objects.create(community=miaochuan, number="MOVE-6", address="庙川路9号")
    people = []
    for n, sample in enumerate(person(900_000 + i) for i in range(6)):
        name, number, ethnicity, gender, born, _household, _relation, phone, where = sample
        people.append(
            Resident.objects.create(
                community=miaochuan,
                household=household,
                relation_to_head="02" if n == 0 else "20",
                name=name,
                id_number=number,
                ethnicity=ethnicity,
                gender=gender,
                birth_date=born,
                phone=phone,
                current_address=where,
            )
        )
    for resident in people:
        InsuranceEnrolment.objects.create(
            resident=resident, year=date.today().year, scheme="pension"
        )
    records = {"household": household, "head": people[0]}
    rows.case_in("investigating")(records)
    rows.case_in("refused")(records)
    for _visit in range(3):
        Visit.objects.create(household=household, purpose="policy", findings="好")
    transfer = transfers.propose(
        household, beihuan, date.today(), "购房迁居", users.get(username="staff_mc")
    )
    staff_bh = users.get(username="staff_bh")
    staff_bh.has_perm("ledgers.answer_transfer")  # a request reads its permissions once
    grid = Grid.objects.filter(community=beihuan).order_by("code").first()
    with CaptureQueriesContext(connection) as captured:
        transfers.accept(transfer, staff_bh, grid=grid)
    moved = Resident.objects.filter(household=household, community=beihuan).count()
    queries = len(captured)
    verdict = "MET" if queries <= MOVE_GOAL and moved == 6 else "MISSED"
    print(f"household of {moved} moved with its records: {queries} queries", end=" ")
    print(f"(goal ≤ {MOVE_GOAL}): {verdict}")


def report(times: dict[str, list[float]], rows: int) -> None:
    before = statistics.median(times["before"])
    print(f"\n{'version':<18}{'median s':>10}{'rows/s':>10}{'× before':>10}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<18}{median:>10.2f}{rows / median:>10,.0f}{median / before:>10.3f}")
    keys = statistics.median(times["keys"]) / before
    verdict = "MET" if keys <= GOAL else "MISSED"
    print(f"\npinyin keys: × {keys:.3f} of the import before them (goal ≤ {GOAL:.2f}): {verdict}")


if __name__ == "__main__":
    main()
