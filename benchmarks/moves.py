"""What people's moves cost the resident import: a 50,000-row import (check and apply) as it
was before the pinyin keys and residence periods, with the keys alone, and with both.

The three versions take turns (ROUNDS times over), each import in a fresh "spawn" child on the
same throw-away database (cleared between them), so that whatever else the machine is doing
weighs on each alike; the medians are compared. "Before" is today's code with the two additions
switched off in the child: Resident.fill_name_keys writes nothing, and ResidentResource's
write_related (the periods) does nothing.
"""

import statistics
import sys
import time
from typing import Any

from harness import Figures, analyze, in_child, shared_database
from spreadsheets import FILE_ROWS, clear_residents, create_households, person, tongxin_import, xlsx

from demo import accounts as demo
from ledgers.models import Community, ResidencePeriod, Resident
from ledgers.people.resources import ResidentResource

ROUNDS = 3
GOAL = 1.10  # the pinyin keys add at most 10 % to the import
VERSIONS = {"before": ("keys", "periods"), "keys": ("periods",), "keys + periods": ()}


def import_without(data: bytes, rows: int, left_out: tuple[str, ...]) -> Figures:
    if "keys" in left_out:
        Resident.fill_name_keys = lambda self: set()  # type: ignore[method-assign]
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
