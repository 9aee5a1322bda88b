"""The county workbook for a year, as a leader (all communities), at 10,000 and 100,000 residents.

Other rows grow in proportion to the residents: a minority resident in five, a floating
record in twenty, a new-social-strata member in a hundred, an overseas tie in two hundred, a
student abroad in three hundred, an individual business in fifty; in the year, medical
insurance for everyone and pension insurance for everyone aged 60 or over, a visit to one
household in three, an activity a hundred residents, a hazard and an assistance application
two hundred. Each build runs in a fresh "spawn" child process (harness.in_child), so its peak
RSS is the build's own. Targets: ≤ 30 s at 100,000 residents, and flat memory (the peak at
100,000 within max(8 MiB, 10 %) of the peak at 10,000).
"""

import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from harness import Figures, analyze, in_child, shared_database

from campaigns.models import Activity, Visit
from casework.models import AssistanceCase, Hazard, InsuranceEnrolment
from demo import accounts as demo
from ledgers.identifiers import id_check_char
from ledgers.models import (
    Business,
    Community,
    FloatingRecord,
    Household,
    OverseasTie,
    Place,
    Resident,
    StrataMembership,
    StudyAbroad,
)

SMALL, LARGE = 10_000, 100_000
STEP = 5_000
YEAR = date.today().year - 1
TARGET_SECONDS = 30
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"]
MINORITIES = ["03", "03", "03", "03", "03", "03", "04", "26", "05", "02"]  # 回族 mostly


def grow(first: int, stop: int, communities: list[Community]) -> None:
    """Residents first…stop-1 (three to a household) and the rows that go with them."""
    for start in range(first, stop, STEP):
        _step(start, min(start + STEP, stop), communities)


def _step(start: int, stop: int, communities: list[Community]) -> None:
    households = Household.objects.bulk_create(
        [
            Household(
                community=communities[n % len(communities)],
                number=f"B-{n:06d}",
                address=f"基准路{n // 40 + 1}号{n % 40 + 1}室",
                hardship=n % 25 == 0,
            )
            for n in range(start // 3, (stop + 2) // 3)
            if n * 3 >= start
        ],
        batch_size=1_000,
    )
    by_number = {int(h.number[2:]): h for h in households}
    if start % 3:  # the first residents belong to the previous step's last household
        by_number[start // 3] = Household.objects.get(number=f"B-{start // 3:06d}")
    residents = []
    for index in range(start, stop):
        household = by_number[index // 3]
        born = date(1940, 1, 1) + timedelta(days=(index * 7) % 25_000)
        male = index % 2 == 0
        body = f"620202{born:%Y%m%d}{(index // 25_000) * 2 + male:03d}"
        residents.append(
            Resident(
                community_id=household.community_id,
                household=household,
                relation_to_head=("02", "10", "20")[index % 3],
                id_number=body + id_check_char(body),
                name=SURNAMES[index % len(SURNAMES)] + GIVEN[index // 7 % len(GIVEN)],
                gender="1" if male else "2",
                birth_date=born,
                ethnicity=MINORITIES[index // 5 % 10] if index % 5 == 0 else "01",
                phone=f"139{index:08d}",
                current_address=household.address,
            )
        )
    for resident in residents:
        resident.fill_name_keys()  # the pinyin keys the sheets are sorted by
    Resident.objects.bulk_create(residents, batch_size=1_000)
    _records(residents)
    _year(households, residents)


def _records(residents: list[Resident]) -> None:
    """The special ledgers kept on some of the residents."""
    FloatingRecord.objects.bulk_create(
        FloatingRecord(
            resident=r, origin="青海省循化县", arrived_on=date(2020, 3, 1), inflow_reason="03"
        )
        for i, r in enumerate(residents)
        if i % 20 == 0
    )
    StrataMembership.objects.bulk_create(
        StrataMembership(resident=r, categories="1", employer="某公司")
        for i, r in enumerate(residents)
        if i % 100 == 1
    )
    OverseasTie.objects.bulk_create(
        OverseasTie(resident=r, kind="relative", country="马来西亚")
        for i, r in enumerate(residents)
        if i % 200 == 2
    )
    StudyAbroad.objects.bulk_create(
        StudyAbroad(resident=r, country="埃及", institution="某大学", from_date=date(2023, 9, 1))
        for i, r in enumerate(residents)
        if i % 300 == 4
    )
    Business.objects.bulk_create(
        Business(
            community_id=r.community_id, name=f"商户{r.pk}", kind="individual", operator=r,
            address=r.current_address, employees=3, minority_run=r.ethnicity != "01",
        )
        for i, r in enumerate(residents)
        if i % 50 == 3
    )  # fmt: skip


def _year(households: list[Household], residents: list[Resident]) -> None:
    """The year's insurance, visits, activities, hazards and assistance applications."""
    elderly = date(YEAR - 60, 12, 31)
    InsuranceEnrolment.objects.bulk_create(
        [InsuranceEnrolment(resident=r, scheme="medical", year=YEAR) for r in residents]
        + [
            InsuranceEnrolment(resident=r, scheme="pension", year=YEAR)
            for r in residents
            if r.birth_date <= elderly
        ],
        batch_size=1_000,
    )
    day = date(YEAR, 1, 1)
    Visit.objects.bulk_create(
        Visit(
            community_id=h.community_id, household=h, purpose="policy",
            visited_on=day + timedelta(days=i % 365), findings="家庭和睦，无困难",
        )
        for i, h in enumerate(households)
        if i % 3 == 0
    )  # fmt: skip
    for i, r in enumerate(residents[::100]):
        Activity.objects.create(
            community_id=r.community_id, kind=("service", "policy_lecture", "study")[i % 3],
            title="民族团结进步宣传", held_on=day + timedelta(days=i % 365),
            place_text="社区活动室", participants=40, minority_participants=12,
        )  # fmt: skip
    for i, r in enumerate(residents[::200]):
        Hazard.objects.create(
            community_id=r.community_id, number=f"YH-{YEAR}-{r.pk:06d}", location="大殿电路",
            description="电线老化，接头裸露", category="electric",
            found_on=day + timedelta(days=i % 365), funding=Decimal("3000"),
        )  # fmt: skip
    AssistanceCase.objects.bulk_create(
        AssistanceCase(
            community_id=r.community_id, household=r.household, applicant=r,
            kind="temporary", applied_on=day + timedelta(days=i % 365), state="approved",
            reason="户主患病", reason_category="illness", amount_approved=Decimal("2000"),
        )
        for i, r in enumerate(residents[::200])
    )  # fmt: skip


def build_workbook() -> Figures:
    """The leader's workbook of the year for all communities (runs in a child process)."""
    from django.contrib.auth import get_user_model

    from reports.county.workbook import build_county_workbook
    from reports.models import Period

    leader = get_user_model().objects.get(username="leader")
    communities = list(Community.objects.all())
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        rows = build_county_workbook(handle, leader, Period("year", YEAR), communities)
        size = handle.tell()
    return {
        "time": time.perf_counter() - started,
        "rows": float(sum(rows.values())),
        "MiB": size / 2**20,
    }


def main() -> None:
    with shared_database():
        demo.seed(people=False)
        communities = list(Community.objects.order_by("code"))
        for community in communities:
            Place.objects.create(
                community=community, name=f"{community.name}清真寺", kind="religious",
                religion="3", address="清真寺巷1号", year_built=1373,
            )  # fmt: skip
        results: dict[int, Figures] = {}
        have = 0
        for size in (SMALL, LARGE):
            started = time.perf_counter()
            grow(have, size, communities)
            have = size
            analyze()
            print(f"{size:,} residents ready ({time.perf_counter() - started:.0f} s)", flush=True)
            results[size] = in_child(build_workbook)
        report(results)


def report(results: dict[int, Figures]) -> None:
    print(f"\n{'residents':>10}{'rows':>10}{'s':>8}{'rows/s':>9}{'MiB':>6}{'peak':>7}{'base':>6}")
    for size, f in results.items():
        print(
            f"{size:>10,}{f['rows']:>10,.0f}{f['time']:>8.1f}{f['rows'] / f['time']:>9,.0f}"
            f"{f['MiB']:>6.1f}{f['peak']:>7.0f}{f['base']:>6.0f}"
        )
    small, large = results[SMALL], results[LARGE]
    flat = large["peak"] - small["peak"] <= max(8, small["peak"] * 0.1)
    targets = [
        (f"100k residents ≤ {TARGET_SECONDS} s", large["time"] <= TARGET_SECONDS, large["time"]),
        ("memory flat (100k peak within max(8 MiB, 10 %) of 10k)", flat, large["peak"]),
    ]
    print(f"\ntargets ({Path(__file__).name})")
    for label, met, figure in targets:
        print(f"{label:<58}{'MET' if met else 'MISSED':<8}{figure:.1f}")


if __name__ == "__main__":
    main()
