"""The plans PostgreSQL chooses for the resident list and its searches at 100,000 residents.

Each page's list queries (the count and the rows) run through EXPLAIN (ANALYZE, FORMAT JSON);
a page fails when a plan reads the residents table by a sequential scan, or when a search walks
the list's order (the name-sort index) and throws away most of what it reads: the search
should be answered from its own index (ID number, its last four, phone, name, pinyin).
The first and the last reachable page of the list are timed against each other (goal ≤ 2×).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/x .venv/bin/python benchmarks/search_plans.py

`--scale` reads the two databases benchmarks/scale.py keeps (10⁵ and 10⁶ residents; built
first) without writing to them: each search and the first and last page of the resident and
hazard lists as leader and staff_mc, the view's time at both sizes and the ratio (a search's
goal ≤ 1.5), the plans at 10⁶ checked as above, and the last page against the first (≤ 2).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tongxin_scale_100000 \
        .venv/bin/python benchmarks/search_plans.py --scale
"""

import json
import statistics
import sys
import time
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from harness import analyze, signed_in, throwaway_database

TEMPLATE = 1_000  # residents made by the ORM (names, pinyin keys); the rest copied from them in SQL
SORT_INDEXES = {"ledgers_res_comm_sort", "ledgers_res_status_sort"}
WASTE = 1_000  # rows a search may read and throw away before its plan is called wrong

# Surnames by how common they are: the first ones often, the last ones rarely (a rare prefix
# is where a plan that walks the name order reads the whole register to find 25 rows).
COMMON = "王李张刘陈杨黄赵吴周徐孙马朱胡何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
RARE = ["郭", "欧阳", "闻", "亓"]
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "秀兰",
]


def citizen_id(index: int, born: date) -> str:
    from ledgers.identifiers import id_check_char

    body = f"620202{born:%Y%m%d}{index % 1000:03d}"
    return body + id_check_char(body)


def build(total: int) -> None:
    """`total` residents, three to a household, over the demo's communities: TEMPLATE made by
    the ORM, then copied in SQL with other ID numbers, phones and household numbers."""
    from demo import accounts as demo
    from ledgers.models import Community, Grid, Household, Resident

    demo.seed(people=False)
    communities = list(Community.objects.order_by("code"))
    grids = {c.pk: list(Grid.objects.filter(community=c)) for c in communities}
    households = []
    for number in range(TEMPLATE // 3 + 1):
        community = communities[number % len(communities)]
        households.append(
            Household(
                community=community,
                grid=grids[community.pk][number % len(grids[community.pk])],
                number=f"B-{number:06d}",
                address=f"基准路{number // 40 + 1}号{number % 40 + 1}室",
            )
        )
    Household.objects.bulk_create(households)
    residents = []
    for index in range(TEMPLATE):
        household = households[index // 3]
        born = date(1940, 1, 1) + timedelta(days=(index * 7) % 20_000)
        surname = (
            RARE[index // 250 % len(RARE)] if index % 250 == 7 else COMMON[index % len(COMMON)]
        )
        resident = Resident(
            community_id=household.community_id,
            grid_id=household.grid_id,
            household=household,
            relation_to_head=("02", "10", "20")[index % 3],
            id_number=citizen_id(index, born),
            name=surname + GIVEN[index // 7 % len(GIVEN)],
            gender="1" if index % 2 else "2",
            birth_date=born,
            ethnicity="03" if index % 5 == 0 else "01",
            phone=f"139{index:08d}",
            current_address=household.address,
        )
        resident.fill_name_keys()
        residents.append(resident)
    Resident.objects.bulk_create(residents)
    copies = total // TEMPLATE - 1
    copy_rows(Household, {"number": "t.number || '-' || g"}, copies)
    copy_rows(
        Resident,
        {
            # other people: other ID numbers and phones, in the copies of their households
            "id_number": "'62' || lpad((g + 1000)::text, 4, '0') || substr(t.id_number, 7)",
            "phone": "'1' || lpad(g::text, 4, '0') || substr(t.phone, 6)",
            "household_id": (
                "(SELECT h2.id FROM ledgers_household h1 JOIN ledgers_household h2 "
                "ON h2.community_id = h1.community_id AND h2.number = h1.number || '-' || g "
                "WHERE h1.id = t.household_id)"
            ),
        },
        copies,
    )


def copy_rows(model: Any, changed: dict[str, str], copies: int) -> None:
    """Every row of `model`'s table `copies` times over (g = 1 … copies), `changed` columns
    computed from the row (t) and the copy's number (g)."""
    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    values = [changed.get(c, f"t.{c}") for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {table} t, generate_series(1, %s) g "
            "ORDER BY g, t.id",
            [copies],
        )


def plans(client: Any, url: str) -> list[dict[str, Any]]:
    """The EXPLAIN ANALYZE of each query of the page that reads the residents table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or '"ledgers_resident"' not in sql:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            found.append({"sql": sql, "plan": _json(cursor.fetchone()[0])[0]})
    return found


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += nodes(child)
    return found


def faults(plan: dict[str, Any], search: bool) -> list[str]:
    """What is wrong with a plan: a sequential scan of residents; for a search, the name order
    walked while more than WASTE rows are thrown away."""
    wrong = []
    for node in nodes(plan["Plan"]):
        relation = node.get("Relation Name", "")
        if node["Node Type"] == "Seq Scan" and relation == "ledgers_resident":
            wrong.append(f"Seq Scan on residents ({node.get('Actual Rows')} rows)")
        removed = node.get("Rows Removed by Filter", 0) * node.get("Actual Loops", 1)
        if search and node.get("Index Name") in SORT_INDEXES and removed > WASTE:
            wrong.append(f"walks {node['Index Name']} and filters out {removed:,} rows")
    return wrong


def timed(client: Any, url: str, repeat: int = 9) -> float:
    client.get(url)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def database_ms(client: Any, url: str, repeat: int = 7) -> float:
    """The median over `repeat` runs of the time PostgreSQL spends on the page's queries of
    residents (EXPLAIN ANALYZE's execution times, added up)."""
    runs = [
        sum(found["plan"]["Execution Time"] for found in plans(client, url)) for _ in range(repeat)
    ]
    return statistics.median(runs)


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit(
            "search_plans.py reads PostgreSQL's plans: set DATABASE_URL to a PostgreSQL server"
        )
    if "--scale" in sys.argv:
        sys.exit(1 if scale_check() else 0)
    with throwaway_database():
        from ledgers.models import Resident

        started = time.perf_counter()
        build(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
        analyze()
        count = Resident.objects.count()
        print(f"{count:,} residents ready ({time.perf_counter() - started:.1f} s)", flush=True)
        sys.exit(1 if check() else 0)


def check() -> list[str]:
    """Print each page's plans and times; the pages that missed."""
    from django.contrib.auth.models import User

    from ledgers.models import Resident

    accounts = {a.username: a for a in User.objects.all()}
    clients = {p: signed_in(accounts[p]) for p in ("leader", "staff_mc")}
    someone = Resident.objects.filter(community__name="庙川社区").order_by("-pk").first()
    assert someone is not None
    searches = [
        ("one-character surname (rare)", "郭"),
        ("one-character surname (common)", "王"),
        ("name prefix", someone.name[:2]),
        ("any part of a name", "秀兰"),
        ("any part of a name (common)", "王秀"),
        ("any part of a name (middle)", "阳秀"),
        ("any part of a name (3)", "阳秀兰"),
        ("pinyin", "ouyang"),
        ("initials", "oyxl"),
        ("full ID number", someone.id_number),
        ("ID tail (4)", someone.id_number[-4:]),
        ("ID tail (6)", someone.id_number[-6:]),
        ("phone", someone.phone),
        ("phone prefix", someone.phone[:7]),
    ]
    failed = []
    print(f"\n{'page':<40}{'persona':<10}{'page ms':>8}{'queries ms':>14}  plan")
    pages = [("list, first page", "/ledgers/residents/", False)]
    pages += [(f"search: {label}", f"/ledgers/residents/?q={q}", True) for label, q in searches]
    for label, url, search in pages:
        for persona, client in clients.items():
            wrong: list[str] = []
            db_ms = []
            for found in plans(client, url):
                wrong += faults(found["plan"], search)
                db_ms.append(f"{found['plan']['Execution Time']:.1f}")
            ms = timed(client, url)
            verdict = "; ".join(wrong) if wrong else "ok"
            print(f"{label:<40}{persona:<10}{ms:>8.1f}{'+'.join(db_ms):>14}  {verdict}")
            if wrong:
                failed.append(f"{label} ({persona})")
    print("\nfirst and last reachable page, the database's time (goal: last ≤ 2 × first)")
    for persona, client in clients.items():
        number = client.get("/ledgers/residents/?page=last").context["page_obj"].number
        first = database_ms(client, "/ledgers/residents/")
        last = database_ms(client, f"/ledgers/residents/?page={number}")
        ratio = last / first
        met = ratio <= 2
        print(
            f"{persona:<10} page 1 {first:.1f} ms, page {number} {last:.1f} ms: "
            f"{ratio:.2f} {'met' if met else 'MISSED'}"
        )
        if not met:
            failed.append(f"last page ({persona})")
    print("\n" + ("MISSED: " + ", ".join(failed) if failed else "every plan met"))
    return failed


# --scale: the databases benchmarks/scale.py keeps, read and never written (no session: each
# page is asked of its view directly, as its user).
SCALE = ("tongxin_scale_100000", "tongxin_scale_1000000")
SEARCH_GOAL = 1.5  # a search's page at 10⁶ against 10⁵ (issue 17)
DEEP_GOAL = 2.0  # the last reachable page against the first


def use_database(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name


def ask(username: str, url: str) -> tuple[float, list[str]]:
    """The page `url` as `username` (a fresh user object, as each request has): the time of
    the view with its template rendered, in ms, and the SQL it ran."""
    from django.contrib.auth.models import User
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory
    from django.urls import resolve

    request = RequestFactory().get(url)
    request.user = User.objects.get(username=username)
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    match = resolve(request.path)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = match.func(request, *match.args, **match.kwargs)
        getattr(response, "render", lambda: None)()
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, [q["sql"] for q in queries.captured_queries]


def explained(sqls: list[str], table: str) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE of each query that reads `table`."""
    found = []
    with connection.cursor() as cursor:
        for sql in sqls:
            if sql.startswith("SELECT") and f'"{table}"' in sql:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                found.append(_json(cursor.fetchone()[0])[0])
    return found


def scale_sample() -> list[tuple[str, str]]:
    """The searches of scale.py, for a resident of 庙川社区 half way through the register."""
    from ledgers.models import Resident

    size = Resident.objects.order_by("-pk").values_list("pk", flat=True)[0]
    someone = (
        Resident.objects.filter(community__short_code="MC", status="active", pk__gte=size // 2)
        .exclude(phone="")
        .order_by("pk")[0]
    )
    return [
        ("name prefix 王秀", "王秀"),
        ("surname 郭", "郭"),
        ("any part of a name 秀兰", "秀兰"),
        ("any part, middle of a name", someone.name[1:3] if len(someone.name) > 2 else "秀兰"),
        ("pinyin wangxiu", "wangxiu"),
        ("full ID number", someone.id_number),
        ("ID number's last 4", someone.id_number[-4:]),
        ("phone's first 7 digits", someone.phone[:7]),
    ]


def scale_check(repeat: int = 7) -> list[str]:
    """Each search and the first and last page of the resident and hazard lists at 10⁵ and
    10⁶ residents (the sizes taking turns page by page): the view's median time at each size
    and their ratio, the plans at 10⁶ (no sequential scan of residents, no search walking the
    name order), and the last page against the first at both sizes."""
    from urllib.parse import urlencode

    small, large = SCALE
    samples = {}
    for database in SCALE:
        use_database(database)
        samples[database] = scale_sample()
    pages: list[tuple[str, str, dict[str, str]]] = []  # label, kind, URL at each size
    for label, path in [("residents", "/ledgers/residents/"), ("hazards", "/casework/hazards/")]:
        pages.append((f"{label}, first page", "first", {d: path for d in SCALE}))
        pages.append((f"{label}, last page", "last", {d: f"{path}?page=last" for d in SCALE}))
    for index, (label, _query) in enumerate(samples[small]):
        urls = {d: f"/ledgers/residents/?{urlencode({'q': samples[d][index][1]})}" for d in SCALE}
        pages.append((f"search: {label}", "search", urls))
    failed: list[str] = []
    times: dict[tuple[str, str, str], float] = {}
    db_times: dict[tuple[str, str, str], float] = {}
    print(f"\n{'page':<34}{'persona':<10}{'10⁵ ms':>8}{'10⁶ ms':>8}{'ratio':>7}  plans at 10⁶")
    for label, kind, urls in pages:
        for persona in ("leader", "staff_mc"):
            runs: dict[str, list[float]] = {d: [] for d in SCALE}
            wrong: list[str] = []
            for turn in range(repeat + 1):
                for database in SCALE:
                    use_database(database)
                    ask(persona, urls[database])  # the new connection's first request
                    elapsed, sqls = ask(persona, urls[database])
                    runs[database].append(elapsed)
                    if turn == 0:
                        table = "casework_hazard" if "hazards" in label else "ledgers_resident"
                        found = explained(sqls, table)
                        db_times[(label, persona, database)] = sum(
                            p["Execution Time"] for p in found
                        )
                        if database == large:
                            for plan in found:
                                wrong += faults(plan, kind == "search")
            for database in SCALE:
                times[(label, persona, database)] = statistics.median(runs[database][1:])
            a, b = times[(label, persona, small)], times[(label, persona, large)]
            verdict = "; ".join(wrong) if wrong else "ok"
            missed = kind == "search" and b / a > SEARCH_GOAL
            print(
                f"{label:<34}{persona:<10}{a:>8.1f}{b:>8.1f}{b / a:>7.2f}"
                f"{' MISSED' if missed else ''}  {verdict}"
            )
            if wrong or missed:
                failed.append(f"{label} ({persona})")
    print(f"\nlast page against first (goal ≤ {DEEP_GOAL}): page time, and the queries' time")
    for label in ("residents", "hazards"):
        for persona in ("leader", "staff_mc"):
            for database in SCALE:
                key, first_key = (
                    (f"{label}, last page", persona, database),
                    (
                        f"{label}, first page",
                        persona,
                        database,
                    ),
                )
                ratio = times[key] / times[first_key]
                db_ratio = db_times[key] / max(db_times[first_key], 0.001)
                met = ratio <= DEEP_GOAL
                print(
                    f"{label:<10}{persona:<10}{database:<24}"
                    f"{times[first_key]:>7.1f} → {times[key]:>6.1f} ms {ratio:>5.2f}; "
                    f"queries {db_times[first_key]:>6.1f} → {db_times[key]:>6.1f} ms "
                    f"{db_ratio:>5.2f}  {'met' if met else 'MISSED'}"
                )
                if not met:
                    failed.append(f"{label} last page ({persona}, {database})")
    print("\n" + ("MISSED: " + ", ".join(failed) if failed else "every plan and ratio met"))
    return failed


if __name__ == "__main__":
    main()
