"""Resident pages at 1,000 and 100,000 residents: time, queries and their ratio, by persona."""

import time
from datetime import date, timedelta

from harness import Result, analyze, measure, report, signed_in, throwaway_database

from ledgers.identifiers import id_check_char

SMALL, LARGE = 1_000, 100_000
BATCH = 5_000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"]
# One resident in five belongs to a minority, most of them 回族 (as in the demo).
MINORITIES = ["03", "03", "03", "03", "03", "03", "04", "26", "05", "02"]


def citizen_id(index: int, born: date, male: bool) -> str:
    """A valid, distinct ID number for the index-th resident (at most 500 per birth date)."""
    order = (index // 20_000) * 2 + (1 if male else 0)
    body = f"620202{born:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


def main() -> None:
    with throwaway_database():
        from demo import accounts as demo
        from ledgers.models import Community, Grid, Household, Resident

        accounts = demo.seed(people=False)
        communities = list(Community.objects.order_by("code"))
        miaochuan = Community.objects.get(name="庙川社区")
        grids = {c.pk: list(Grid.objects.filter(community=c)) for c in communities}
        clients = {persona: signed_in(accounts[persona]) for persona in ("staff_mc", "leader")}

        def grow(total: int) -> None:
            """Residents up to `total`: three to a household, spread over the communities."""
            have = Resident.objects.count()
            first_day = date(1940, 1, 1)
            for start in range(have, total, BATCH):
                stop = min(start + BATCH, total)
                households = {}
                for number in range(start // 3, (stop + 2) // 3):
                    community = communities[number % len(communities)]
                    grid = grids[community.pk][number % len(grids[community.pk])]
                    households[number] = Household(
                        community=community,
                        grid=grid,
                        number=f"B-{number:06d}",
                        address=f"基准路{number // 40 + 1}号{number % 40 + 1}室",
                    )
                known = {
                    h.number: h
                    for h in Household.objects.filter(number__in=[f"B-{n:06d}" for n in households])
                }
                Household.objects.bulk_create(
                    [h for h in households.values() if h.number not in known],
                    batch_size=1_000,
                )
                residents = []
                for index in range(start, stop):
                    household = known.get(f"B-{index // 3:06d}") or households[index // 3]
                    role = index % 3  # head, spouse, child
                    head_male = index // 3 % 4 != 0
                    male = (head_male, not head_male, index // 3 % 2 == 1)[role]
                    born = first_day + timedelta(days=(index * 7) % 20_000)
                    residents.append(
                        Resident(
                            community_id=household.community_id,
                            grid_id=household.grid_id,
                            household=household,
                            relation_to_head=("02", "10", "20")[role],
                            id_number=citizen_id(index, born, male),
                            name=SURNAMES[index % len(SURNAMES)] + GIVEN[index // 7 % len(GIVEN)],
                            gender="1" if male else "2",
                            birth_date=born,
                            ethnicity=MINORITIES[index // 5 % len(MINORITIES)]
                            if index % 5 == 0
                            else "01",
                            phone=f"139{index:08d}",
                            current_address=household.address,
                        )
                    )
                for resident in residents:
                    resident.fill_name_keys()  # the pinyin keys the list sorts and searches by
                Resident.objects.bulk_create(residents, batch_size=1_000)

        # The detail page shows one resident (with a household) of 庙川社区, the same at both sizes,
        # and the full-name search looks for that resident's name (found by both personas at both
        # sizes: a search that finds nothing shows no rows and makes one query fewer).
        pages: list[tuple[str, str]] = [
            ("residents", "/ledgers/residents/"),
            ("residents, Hui in MC", f"/ledgers/residents/?ethnicity=03&community={miaochuan.pk}"),
            ("residents, surname search", "/ledgers/residents/?q=马"),
            ("residents, full-name search", "/ledgers/residents/?q={name}"),
            ("resident detail", ""),
            ("minority ledger", "/ledgers/minority/"),
        ]
        results: dict[tuple[str, str, int], Result] = {}
        for size in (SMALL, LARGE):
            started = time.perf_counter()
            grow(size)
            analyze()
            print(f"{size:,} residents ready ({time.perf_counter() - started:.1f} s)", flush=True)
            resident = (
                Resident.objects.filter(community=miaochuan, household__isnull=False)
                .order_by("pk")
                .first()
            )
            assert resident is not None
            for label, url in pages:
                url = (url or f"/ledgers/residents/{resident.pk}/").format(name=resident.name)
                for persona, client in clients.items():
                    results[(label, persona, size)] = measure(client, url)

        report(
            f"residents: {SMALL:,} → {LARGE:,} (households: one per three residents)",
            ("1k ms", "100k ms"),
            [
                (
                    f"{label} ({persona})",
                    results[(label, persona, SMALL)],
                    results[(label, persona, LARGE)],
                )
                for label, _url in pages
                for persona in clients
            ],
        )


if __name__ == "__main__":
    main()
