"""The leaders' dashboard at a tenth of the size and at full size (100,000 residents, 10,000
hazards, 20,000 activities, 5,000 assistance cases): queries, median time and their ratio, for
all communities (leader) and for one (staff_mc)."""

import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from harness import (
    Result,
    analyze,
    measure_alternately,
    shared_database,
    signed_in,
    snapshot,
)

from ledgers.identifiers import id_check_char

# residents, hazards, activities, assistance cases
LARGE = (100_000, 10_000, 20_000, 5_000)
SMALL = (LARGE[0] // 10, LARGE[1] // 10, LARGE[2] // 10, LARGE[3] // 10)
BATCH = 5_000
GOAL_QUERIES = 35  # counting a changed community again; 23 reading the kept counts
GOAL_RATIO = 3.0
MINORITIES = ["03", "03", "03", "03", "04", "26", "05", "35"]


def citizen_id(index: int, born: date) -> str:
    body = f"620202{born:%Y%m%d}{index // 20_000 % 1000:03d}"
    return body + id_check_char(body)


def main() -> None:
    with shared_database():
        from django.utils import timezone

        from campaigns.models import Activity, ActivityKind, AntiFraudCoverage, Target, Visit
        from casework.models import (
            AssistanceCase,
            AssistanceKind,
            CaseState,
            Hazard,
            HazardState,
            InsuranceEnrolment,
        )
        from demo import accounts as demo
        from ledgers.codes import HazardCategory
        from ledgers.models import Community, FloatingRecord, Household, Resident

        accounts = demo.seed(people=False)
        communities = list(Community.objects.order_by("code"))
        today = timezone.localdate()
        year = today.year
        first_day = date(year - 1, 1, 1)
        clients = {persona: signed_in(accounts[persona]) for persona in ("leader", "staff_mc")}
        for community in [None, *communities]:  # the demo's kinds of targets, at both sizes
            for kind, threshold in [("policy_lecture", 10), ("service", 100)]:
                Target.objects.create(
                    community=community,
                    year=year,
                    indicator="activities",
                    activity_kind=kind,
                    threshold=Decimal(threshold),
                )
            for indicator in ["meetings", "publicity", "visit_coverage", "anti_fraud"]:
                Target.objects.create(
                    community=community, year=year, indicator=indicator, threshold=Decimal(50)
                )

        def day(index: int, span: int = 700) -> date:
            return first_day + timedelta(days=(index * 37) % span)

        def grow_people(have: int, total: int) -> None:
            for start in range(have, total, BATCH):
                stop = min(start + BATCH, total)
                households = Household.objects.bulk_create(
                    Household(
                        community=communities[n % len(communities)],
                        number=f"B-{n:06d}",
                        address=f"基准路{n}号",
                        hardship=n % 25 == 0,
                    )
                    for n in range(start // 3, (stop + 2) // 3)
                    if n * 3 >= start
                )
                by_number = {h.number: h for h in households}
                people = []
                for index in range(start, stop):
                    home = by_number.get(f"B-{index // 3:06d}")
                    if home is None:
                        home = Household.objects.get(number=f"B-{index // 3:06d}")
                        by_number[home.number] = home
                    born = date(1940, 1, 1) + timedelta(days=(index * 7) % 25_000)
                    people.append(
                        Resident(
                            community_id=home.community_id,
                            household=home,
                            name=f"居民{index}",
                            id_number=citizen_id(index, born),
                            gender="1" if index % 2 else "2",
                            birth_date=born,
                            ethnicity=MINORITIES[index % 8] if index % 5 == 0 else "01",
                        )
                    )
                people = Resident.objects.bulk_create(people)
                FloatingRecord.objects.bulk_create(
                    FloatingRecord(resident=p, origin="青海", arrived_on=day(i), inflow_reason="01")
                    for i, p in enumerate(people)
                    if i % 20 == 0
                )
                InsuranceEnrolment.objects.bulk_create(
                    InsuranceEnrolment(resident=p, scheme="medical", year=year)
                    for i, p in enumerate(people)
                    if i % 10
                )
                Visit.objects.bulk_create(
                    Visit(
                        community_id=h.community_id,
                        household=h,
                        visited_on=day(i, 365),
                        purpose="policy",
                    )
                    for i, h in enumerate(households)
                    if i % 3 == 0
                )
                AntiFraudCoverage.objects.bulk_create(
                    AntiFraudCoverage(
                        household=h, status="installed", recorded_by=accounts["staff_mc"]
                    )
                    for i, h in enumerate(households)
                    if i % 2 == 0
                )

        def grow_cases(sizes: tuple[int, int, int, int], have: tuple[int, int, int, int]) -> None:
            _residents, hazards, activities, cases = sizes
            states = list(HazardState)
            categories = list(HazardCategory)
            Hazard.objects.bulk_create(
                (
                    Hazard(
                        community=communities[i % len(communities)],
                        number=f"YH-{i:06d}",
                        location="大殿",
                        description="基准",
                        category=categories[i % len(categories)],
                        level="major" if i % 13 == 0 else "ordinary",
                        state=states[i % len(states)],
                        found_on=day(i),
                        deadline=day(i) + timedelta(days=30),
                        closed_on=day(i) + timedelta(days=20 + i % 20)
                        if states[i % len(states)] == HazardState.CLOSED
                        else None,
                        extension_requested_to=today if i % 50 == 0 else None,
                    )
                    for i in range(have[1], hazards)
                ),
                batch_size=1_000,
            )
            kinds = list(ActivityKind)
            Activity.objects.bulk_create(
                (
                    Activity(
                        community=communities[i % len(communities)] if i % 10 else None,
                        kind=kinds[i % len(kinds)],
                        title="基准活动",
                        held_on=day(i),
                        place_text="会议室",
                        participants=30,
                        minority_participants=10,
                    )
                    for i in range(have[2], activities)
                ),
                batch_size=1_000,
            )
            applicants = list(
                Resident.objects.filter(household__isnull=False)
                .order_by("pk")
                .values_list("pk", "household_id", "community_id")[have[3] * 7 : cases * 7 : 7]
            )
            case_states, case_kinds = list(CaseState), list(AssistanceKind)
            AssistanceCase.objects.bulk_create(
                (
                    AssistanceCase(
                        community_id=community_id,
                        household_id=household_id,
                        applicant_id=pk,
                        kind=case_kinds[i % len(case_kinds)],
                        state=case_states[i % len(case_states)],
                        applied_on=day(i),
                        reason="基准",
                        reason_category="illness",
                    )
                    for i, (pk, household_id, community_id) in enumerate(applicants, have[3])
                ),
                batch_size=1_000,
            )

        miaochuan = communities[0]

        def write() -> None:
            """A change in 庙川 (its figures are counted again on the next view)."""
            first = Household.objects.filter(community=miaochuan).order_by("pk")[:1]
            Household.objects.filter(pk__in=first).update(version=F("version") + 1)

        pages = [
            ("all communities (leader)", "leader", "/reports/dashboard/"),
            ("… just after a write", "leader", "/reports/dashboard/?after=write"),
            ("one community (leader)", "leader", f"/reports/dashboard/?community={miaochuan.pk}"),
            ("all of mine (staff_mc)", "staff_mc", "/reports/dashboard/"),
            ("a quarter (leader)", "leader", f"/reports/dashboard/?year={year}&quarter=2"),
        ]

        def grow(sizes: tuple[int, int, int, int], have: tuple[int, int, int, int]) -> None:
            started = time.perf_counter()
            grow_people(have[0], sizes[0])
            grow_cases(sizes, have)
            analyze()
            print(
                f"{sizes[0]:,} residents, {sizes[1]:,} hazards, {sizes[2]:,} activities, "
                f"{sizes[3]:,} assistance cases ready ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )

        # Both sizes are kept (the small one as a copy) and the requests take turns between
        # them, so that what else the machine does weighs on both alike.
        results: dict[tuple[str, tuple[int, ...]], Result] = {}
        grow(SMALL, (0, 0, 0, 0))
        with snapshot() as small:
            grow(LARGE, SMALL)
            for label, persona, url in pages:
                both = measure_alternately(
                    clients[persona],
                    url,
                    {"small": small, "large": connections[DEFAULT_DB_ALIAS]},
                    write if "after=write" in url else None,
                )
                results[(label, SMALL)], results[(label, LARGE)] = both["small"], both["large"]
        if "--queries" in sys.argv:  # where the time goes: every query of the first page
            with CaptureQueriesContext(connection) as queries:
                clients["leader"].get(pages[0][2])
            for query in queries.captured_queries:
                print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:150]}")
        if "--profile" in sys.argv:  # where Python spends the time
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(clients["leader"].get, pages[0][2])
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)

        print(
            f"\ndashboard: one tenth → full size; goal ≤ {GOAL_QUERIES} queries at both sizes "
            f"and time ratio ≤ {GOAL_RATIO:g}"
        )
        print(f"{'page':<28}{'1/10 ms':>10}{'full ms':>10}{'ratio':>7}{'queries':>10}  goal")
        for label, _persona, _url in pages:
            t_small, q_small, s_small, _ = results[(label, SMALL)]
            t_large, q_large, s_large, slowest = results[(label, LARGE)]
            if t_small is None or t_large is None:
                print(f"{label:<28}  HTTP {s_small} → {s_large}")
                continue
            ratio = t_large / t_small
            met = ratio <= GOAL_RATIO and max(q_small, q_large) <= GOAL_QUERIES
            print(
                f"{label:<28}{t_small * 1000:>10.1f}{t_large * 1000:>10.1f}{ratio:>7.2f}"
                f"{f'{q_small}→{q_large}':>10}  {'met' if met else 'MISSED'}"
            )
            if not met:
                print(f"    slowest query at full size: {slowest}")


if __name__ == "__main__":
    main()
