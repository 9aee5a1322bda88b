"""What the reminder run costs (manage.py send_reminders): every rule over a tenth of the size
and over 100,000 hazards and 20,000 assistance cases, once writing the notices and once again
writing nothing new. Its queries must be the same at both sizes (no query per record) and the
full run within 10 s on SQLite.

    .venv/bin/python benchmarks/reminders.py [HAZARDS]
"""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone
from harness import analyze, shared_database
from spreadsheets import grow

from casework.models import AssistanceCase, CaseObjection, Hazard
from core.models import Notice
from core.notices import runner
from demo import accounts as demo
from ledgers.models import Community, Household, Resident

HAZARDS = 100_000
GOAL_SECONDS = 10.0
TODAY = timezone.localdate()


def add_hazards(communities: list[Community], first: int, stop: int) -> None:
    """Hazards in rectification, their deadlines spread from 60 days past to 60 days ahead;
    every other one counted in working days."""
    for start in range(first, stop, 5_000):
        Hazard.objects.bulk_create(
            Hazard(
                community=communities[n % len(communities)],
                number=f"YH-B-{n:07d}",
                location="大殿",
                description="电线老化",
                category="electric",
                state="in_progress",
                assigned_on=TODAY - timedelta(days=90),
                deadline=TODAY + timedelta(days=n % 121 - 60),
                deadline_working_days=30 if n % 2 else None,
            )
            for n in range(start, min(start + 5_000, stop))
        )


def add_cases(first: int, stop: int) -> None:
    """Cases of the benchmark's households: public notices ending, 低保 re-checks due, and an
    objection on every tenth."""
    households = list(Household.objects.order_by("pk").values_list("pk", "community_id"))
    heads = dict(Resident.objects.order_by("household_id", "pk").values_list("household_id", "pk"))
    cases = []
    for n in range(first, stop):
        household, community = households[n % len(households)]
        publicity = n % 2 == 0
        cases.append(
            AssistanceCase(
                household_id=household,
                applicant_id=heads[household],
                community_id=community,
                kind="temporary" if publicity else "dibao",
                applied_on=date(2020, 1, 1) + timedelta(days=n // len(households)),
                reason="基准",
                reason_category="illness",
                state="publicity" if publicity else "paying",
                publicity_start=TODAY - timedelta(days=5) if publicity else None,
                publicity_end=TODAY + timedelta(days=n % 5 - 2) if publicity else None,
                recheck_due=None if publicity else TODAY + timedelta(days=n % 60 - 20),
            )
        )
    made = AssistanceCase.objects.bulk_create(cases, batch_size=2_000)
    CaseObjection.objects.bulk_create(
        CaseObjection(case=case, content="基准异议") for case in made[::10]
    )


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self) -> int:
        return self.count


@contextmanager
def counted() -> Iterator[Counter]:
    """The queries of the block, counted (not kept: a run that writes makes thousands)."""
    counter = Counter()
    with connection.execute_wrapper(counter):
        yield counter


def by_rule() -> dict[str, int]:
    """Each rule's queries in a run that writes nothing new."""
    found = {}
    for rule in runner.rules():
        with counted() as counter:
            runner.run(only=[rule.key])
        found[rule.key] = len(counter)
    return found


def measure() -> tuple[float, int, int, float, int]:
    """The first run (writes), then the second (nothing new): seconds and queries of each,
    and the notices written."""
    Notice.objects.all().delete()
    analyze()
    with counted() as first:
        started = time.perf_counter()
        runner.run()
        first_time = time.perf_counter() - started
    with counted() as second:
        started = time.perf_counter()
        outcomes = runner.run()
        second_time = time.perf_counter() - started
    assert all(outcome.created == 0 for outcome in outcomes), "a second run wrote notices"
    return first_time, len(first), len(second), second_time, Notice.objects.count()


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else HAZARDS
    with shared_database():
        demo.seed(people=False)
        communities = list(Community.objects.order_by("code"))
        miaochuan = communities[0]
        grow(miaochuan, 0, 30_000)  # 10,000 households for the cases
        small = size // 10
        add_hazards(communities, 0, small)
        add_cases(0, small // 5)
        figures = {small: measure()}
        rules = {small: by_rule()}
        add_hazards(communities, small, size)
        add_cases(small // 5, size // 5)
        figures[size] = measure()
        rules[size] = by_rule()
    print(f"send_reminders: every rule over hazards and a fifth as many assistance cases ({TODAY})")
    print(
        f"{'hazards':>9} {'cases':>7} {'notices':>8} {'1st run s':>10} {'queries':>8} "
        f"{'2nd run s':>10} {'queries':>8}"
    )
    for rows, (first_time, first_queries, second_queries, second_time, notices) in figures.items():
        print(
            f"{rows:>9,} {rows // 5:>7,} {notices:>8,} {first_time:>10.2f} {first_queries:>8} "
            f"{second_time:>10.2f} {second_queries:>8}"
        )
    print("queries of each rule, running alone, at both sizes:")
    for key in rules[small]:
        print(f"  {key:<28} {rules[small][key]:>4} {rules[size][key]:>4}")
    small_second, large_second = figures[small][2], figures[size][2]
    same = "MET" if small_second == large_second else "MISSED"
    fast = "MET" if max(figures[size][0], figures[size][3]) <= GOAL_SECONDS else "MISSED"
    print(f"queries of a run that writes nothing new: {small_second} and {large_second}: {same}")
    print(f"the full run within {GOAL_SECONDS:.0f} s at {size:,} hazards: {fast}")
    print("(the writing run's queries grow only with the notices written, 1,000 to a batch)")


if __name__ == "__main__":
    main()
