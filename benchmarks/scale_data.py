"""The data of benchmarks/scale.py: an office of N residents on PostgreSQL, written with COPY.

Run by scale.py in a child process whose DATABASE_URL names the size's own database and whose
environment is the one gunicorn serves it with (config.settings, DEBUG off):

    scale_data.py prepare     migrate, the demo's communities, accounts and targets (the template)
    scale_data.py build N     the rows, on a copy of the template
    scale_data.py explain     the SQL of the list and search pages, each with EXPLAIN's verdict

Communities of about 10,000 residents each (the demo's three, then as many more as the size
needs: a hundred at 1,000,000), each with the same mix of households. Proportions follow
benchmarks/county_workbook.py and dashboard.py: households of one to five
(three on average), a minority resident in eight, a floating record in twenty, a new-social-
strata member in a hundred, an overseas tie in two hundred, a student abroad in three hundred;
medical insurance this year for nine in ten and pension insurance for everyone aged 60 or over,
a visit to one household in three, an activity a hundred residents, a hazard and an assistance
application two hundred, over the last two years. Every row keeps the models' rules (valid ID
numbers with their check character, matching birth dates and genders, one head per household,
one open residence period per resident, a status date off the register) and carries its
creation in the history, as an import writes it; `manage.py check_ledgers` finds nothing.
"""

import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from ledgers import pinyin  # noqa: E402
from ledgers.identifiers import id_check_char  # noqa: E402

# Birth dates: DAYS days from BORN_FROM, each person's a step of STRIDE days from the last, so
# that (day, serial) is unique per resident and the ID numbers with it.
BORN_FROM = date(1938, 1, 1)
DAYS = 31_000
STRIDE = 1_237  # prime to DAYS
AREAS = ["620202", "620102", "622901", "630102", "620302", "621102"]
HOUSEHOLD_SIZES = (3, 2, 4, 1, 3, 5, 2, 3, 4, 3)
# Residents of a community: a large urban community (居委会) keeps 3,000 to 15,000, so a county
# of a million has about a hundred. Beyond the demo's three, the builder adds communities of
# about this size, and each takes its share of households, 庙川 (staff_mc's) among them: a staff
# member's pages then read a community of the same size at every size of the county.
PER_COMMUNITY = 10_000
GRIDS_PER_COMMUNITY = 4
STREETS = ["新华路", "五一路", "建设街", "胜利巷", "文化路", "迎宾大道", "雄关路", "南湖街"]
MINORITIES = ["03", "03", "03", "03", "04", "26", "05", "35"]  # 回族 mostly
# Surnames with their weight in the population (per mille, roughly the census's; 马 as in
# the Hui communities of the north-west).
SURNAME_WEIGHTS = (
    "王71李70张67刘54陈45杨31马25黄22赵20吴20周19徐13孙12朱12胡11郭13何10高9林9罗9郑8"
    "梁8谢7宋6唐6许6韩6冯6邓6曹5彭5曾5肖5田5董5袁4潘4于4蒋4蔡4余4杜4叶4程4苏3魏3吕3"
    "丁3任3沈3姚3卢3姜3崔2钟2谭2陆2汪2范2金2石2廖2贾2夏2韦2白2单1"
)
FIRST = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力燕春云海鹏飞斌宇浩"
SECOND = "英华兰明军平林国梅琴文成荣杰东红凤清珍"
GIVEN = list(FIRST) + [a + b for a in FIRST for b in SECOND if a != b]


def _surname_table() -> list[str]:
    table = []
    text = SURNAME_WEIGHTS
    at = 0
    while at < len(text):
        surname = text[at]
        digits = ""
        at += 1
        while at < len(text) and text[at].isdigit():
            digits += text[at]
            at += 1
        table.extend([surname] * int(digits))
    return table


SURNAMES = _surname_table()


@functools.cache
def name_keys(name: str) -> tuple[str, str, str]:
    """The pinyin keys the app writes (Resident.fill_name_keys), once per distinct name."""
    found = pinyin.keys(name)
    return found.compact, found.initials, found.sort


def person(index: int) -> tuple[str, date, str, str]:
    """The name, birth date, gender and ID number of resident `index`: (name, birth date) and
    the ID number are unique up to 500 × DAYS residents."""
    serial, day = index // DAYS, index * STRIDE % DAYS
    born = BORN_FROM + timedelta(days=day)
    male = index % 2 == 0
    body = f"{AREAS[index % len(AREAS)]}{born:%Y%m%d}{serial * 2 + male:03d}"
    mixed = (index * 2_654_435_761) >> 7
    given = GIVEN[(day * 7_919 + serial) % len(GIVEN)]  # distinct for one day's serials
    name = SURNAMES[mixed % len(SURNAMES)] + given
    return name, born, "1" if male else "2", body + id_check_char(body)


class Copier:
    """COPY rows of a model, given as dicts of attribute names; the rest take the field's
    default (auto_now: now, blank text: "", nullable: NULL). Ids are given by the caller."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.now = timezone.now()
        self.tables: list[str] = []

    def __call__(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
        fields = model._meta.concrete_fields
        missing = object()
        defaults: list[Any] = []
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults.append(self.now)
            elif field.has_default():
                value = field.get_default()
                defaults.append(str(value) if isinstance(value, str) else value)
            elif field.null:
                defaults.append(None)
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                defaults.append("")
            else:
                defaults.append(missing)
        names = [f.attname for f in fields]
        table = model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in fields)
        count = 0
        with self.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                values = [row.get(n, d) for n, d in zip(names, defaults, strict=True)]
                if any(v is missing for v in values):
                    absent = [n for n, v in zip(names, values, strict=True) if v is missing]
                    raise ValueError(f"{table}: no value for {absent}")
                copy.write_row(values)
                count += 1
        pk = model._meta.pk.column  # type: ignore[union-attr]
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
            f'coalesce(max("{pk}"), 0) + 1, false) FROM "{table}"'
        )
        self.tables.append(table)
        return count


@functools.cache
def model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def choices(label: str, field: str) -> list[str]:
    return [str(value) for value, _label in model(label)._meta.get_field(field).choices]  # type: ignore[union-attr]


def loading(cursor: Any, tables: list[str]) -> Callable[[], None]:
    """Drop the plain indexes and the foreign keys of the tables, as pg_restore loads a dump:
    each index is then built once and each foreign key checked once over every row, much
    faster than row by row. The function returned creates them again (which checks them)."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [tables],
    )
    keys = cursor.fetchall()
    for table, name, _definition in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')

    def restore() -> None:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    return restore


def with_history(cursor: Any, label: str) -> None:
    """The creation of every row of the model in its history (simple_history's "+"), as an
    import writes it: one INSERT … SELECT in the database."""
    current = model(label)
    historical = current.history.model  # type: ignore[attr-defined]
    own = {f.column for f in current._meta.concrete_fields}
    columns = [f.column for f in historical._meta.concrete_fields if f.column in own]
    listed = ", ".join(f'"{c}"' for c in columns)
    table = historical._meta.db_table
    cursor.execute(
        f'INSERT INTO "{table}" ({listed}, history_date, history_type, history_change_reason) '
        f"SELECT {listed}, now(), '+', '' FROM \"{current._meta.db_table}\" ORDER BY id"
    )
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'history_id'), "
        f'coalesce(max(history_id), 0) + 1, false) FROM "{table}"'
    )


def prepare() -> None:
    """The migrated schema with the demo's communities, grids, accounts and targets: the
    template every size's database is copied from (migrating takes minutes, copying seconds)."""
    from django.core.management import call_command

    from demo import accounts as demo

    call_command("migrate", verbosity=0)
    demo.seed(people=False)
    _targets([None, *model("ledgers.Community")._default_manager.order_by("code")])


def build(size: int) -> None:
    """The office at `size` residents on the database of DATABASE_URL (a copy of the
    template: migrated, with the demo's areas and accounts, no people)."""
    from django.core.management import call_command

    started = time.perf_counter()

    def done(what: str) -> None:
        print(f"  {what} ({time.perf_counter() - started:.0f} s)", flush=True)

    call_command("migrate", verbosity=0)  # what is newer than the template
    staff = model("auth.User")._default_manager.get(username="staff_mc").pk
    _more_communities(size)
    communities = list(model("ledgers.Community")._default_manager.order_by("code"))
    grids = {
        c.pk: list(
            model("ledgers.Grid")
            ._default_manager.filter(community=c)
            .order_by("code")
            .values_list("pk", flat=True)
        )
        for c in communities
    }
    today = timezone.localdate()
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        restore = loading(cursor, LOADED)
        copy = Copier(cursor)
        households = _households(copy, size, communities, grids)
        residents = _residents(copy, size, households, today)
        done(f"{len(households):,} households and {len(residents):,} residents copied")
        _records(copy, residents, today)
        _casework(copy, households, residents, communities, today, staff)
        done("their records copied")
        restore()
        done("indexes built and foreign keys checked")
        with_history(cursor, "ledgers.Household")
        with_history(cursor, "ledgers.Resident")
        done("history written")
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    done("vacuumed and analysed")


# The tables loaded in bulk: their indexes and foreign keys are made after the rows.
LOADED = [
    "ledgers_household",
    "ledgers_resident",
    "ledgers_residenceperiod",
    "ledgers_floatingrecord",
    "ledgers_stratamembership",
    "ledgers_overseastie",
    "ledgers_studyabroad",
    "casework_insuranceenrolment",
    "casework_hazard",
    "casework_assistancecase",
    "campaigns_activity",
    "campaigns_visit",
]

# A household as built: pk, community pk, grid pk, number of members.
House = tuple[int, int, int | None, int]
# A resident as built: pk, household, community, grid, relation, birth date, status date.
Built = tuple[int, int, int, int | None, str, date, date | None]


def _more_communities(size: int) -> None:
    """Communities (with their grids and targets) until there is one for each PER_COMMUNITY
    residents, at least the demo's three."""
    community_model, grid_model = model("ledgers.Community"), model("ledgers.Grid")
    have = community_model._default_manager.count()
    added = []
    for n in range(have + 1, max(have, -(-size // PER_COMMUNITY)) + 1):
        short = f"S{n:03d}"
        community = community_model._default_manager.create(
            name=f"{STREETS[n % len(STREETS)]}第{n}社区", code=f"620202002{n:03d}", short_code=short
        )
        for k in range(1, GRIDS_PER_COMMUNITY + 1):
            grid_model._default_manager.create(
                community=community, code=f"{short}-{k:02d}", name=f"第{k}网格"
            )
        added.append(community)
    _targets(added)


def _targets(communities: list[Any]) -> None:
    """The demo's kinds of yearly targets (as dashboard.py sets them) of these communities
    (None: the whole office's)."""
    target = model("campaigns.Target")
    year = timezone.localdate().year
    for community in communities:
        for kind, threshold in [("policy_lecture", 10), ("service", 100)]:
            target._default_manager.create(
                community=community,
                year=year,
                indicator="activities",
                activity_kind=kind,
                threshold=Decimal(threshold),
            )
        for indicator in ["meetings", "publicity", "visit_coverage", "anti_fraud"]:
            target._default_manager.create(
                community=community, year=year, indicator=indicator, threshold=Decimal(50)
            )


def address(number: int) -> str:
    street = STREETS[number % len(STREETS)]
    return f"{street}{number // 400 % 300 + 1}号{number // 20 % 20 + 1}栋{number % 20 + 1}室"


def _households(
    copy: Copier, size: int, communities: list[Any], grids: dict[int, list[int]]
) -> list[House]:
    houses: list[House] = []
    placed = 0
    while placed < size:
        number = len(houses) + 1
        # Ten households (one turn of HOUSEHOLD_SIZES) to a community in turn, so each holds
        # the same mix; within it, the next turn goes to its next grid.
        turn, many = number // len(HOUSEHOLD_SIZES), len(communities)
        community = communities[turn % many]
        own = grids[community.pk]
        members = min(HOUSEHOLD_SIZES[number % len(HOUSEHOLD_SIZES)], size - placed)
        houses.append(
            (number, community.pk, own[turn // many % len(own)] if own else None, members)
        )
        placed += members
    short = {c.pk: c.short_code or f"C{c.pk}" for c in communities}
    copy(
        model("ledgers.Household"),
        (
            {
                "id": pk,
                "community_id": community,
                "grid_id": grid,
                "number": f"{short[community]}{pk:07d}",
                "address": address(pk),
                "building": f"{pk // 20 % 20 + 1}",
                "room": f"{pk % 20 + 1}",
                "hardship": pk % 25 == 0,
            }
            for pk, community, grid, _members in houses
        ),
    )
    return houses


def _residents(copy: Copier, size: int, houses: list[House], today: date) -> list[Built]:
    built: list[Built] = []

    def rows() -> Iterator[dict[str, Any]]:
        index = 0
        for household, community, grid, members in houses:
            home = address(household)
            for member in range(members):
                index += 1
                name, born, gender, id_number = person(index)
                compact, initials, sort = name_keys(name)
                age = today.year - born.year
                relation = "02" if member == 0 else "10" if member == 1 else "20"
                if member > 1 and gender == "2":
                    relation = "30"
                status, status_date = "active", None  # heads stay: a household keeps its head
                if member and index % 40 == 5:
                    status, status_date = "moved_out", today - timedelta(days=index % 900 + 1)
                elif member and index % 97 == 3:
                    status, status_date = "deceased", today - timedelta(days=index % 700 + 1)
                built.append((index, household, community, grid, relation, born, status_date))
                yield {
                    "id": index,
                    "community_id": community,
                    "grid_id": grid,
                    "household_id": household,
                    "relation_to_head": relation,
                    "id_number": id_number,
                    "name": name,
                    "name_pinyin": compact,
                    "name_initials": initials,
                    "name_sort": sort,
                    "gender": gender,
                    "birth_date": born,
                    "ethnicity": MINORITIES[index // 8 % 8] if index % 8 == 0 else "01",
                    "phone": f"1{'3589'[index % 4]}{index * 7_654_321 % 10**9:09d}"
                    if index % 12
                    else "",
                    "current_address": home,
                    "hukou_address": home,
                    "residence_type": "floating" if index % 20 == 7 else "registered",
                    "marital_status": "20" if age >= 22 else "10",
                    "education": ("20", "30", "60", "40", "70")[index % 5] if age >= 18 else "",
                    "political_status": "01" if index % 11 == 0 else "13",
                    "status": status,
                    "status_date": status_date,
                }

    copy(model("ledgers.Resident"), rows())
    copy(
        model("ledgers.ResidencePeriod"),
        (
            {
                "id": pk,
                "resident_id": pk,
                "community_id": community,
                "grid_id": grid,
                "household_id": household,
                "started_on": max(born, date(2008, 1, 1)),
                "start_event": "registered",
                "ended_on": left,
                "end_event": "" if left is None else "moved_out" if pk % 40 == 5 else "deceased",
            }
            for pk, household, community, grid, _relation, born, left in built
        ),
    )
    return built


def _records(copy: Copier, residents: list[Built], today: date) -> None:
    """The special ledgers kept on some residents, and this year's insurance."""
    on_register = [r for r in residents if r[6] is None]
    copy(
        model("ledgers.FloatingRecord"),
        (
            {
                "id": n,
                "resident_id": r[0],
                "origin": ("青海省循化县", "甘肃省临夏州", "宁夏回族自治区吴忠市")[n % 3],
                "arrived_on": today - timedelta(days=r[0] % 3_000 + 30),
                "inflow_reason": ("01", "03", "04", "06")[n % 4],
                "permit_type": "01",
                "permit_number": f"JZZ{r[0]:09d}",
                "permit_expires": today + timedelta(days=r[0] % 700 + 30),
            }
            for n, r in enumerate((r for r in on_register if r[0] % 20 == 7), 1)
        ),
    )
    copy(
        model("ledgers.StrataMembership"),
        (
            {"id": n, "resident_id": r[0], "categories": "1", "employer": "某科技公司"}
            for n, r in enumerate((r for r in residents if r[0] % 100 == 11), 1)
        ),
    )
    copy(
        model("ledgers.OverseasTie"),
        (
            {"id": n, "resident_id": r[0], "kind": "relative", "country": "马来西亚"}
            for n, r in enumerate((r for r in residents if r[0] % 200 == 13), 1)
        ),
    )
    copy(
        model("ledgers.StudyAbroad"),
        (
            {
                "id": n,
                "resident_id": r[0],
                "country": "埃及",
                "institution": "爱资哈尔大学",
                "from_date": date(today.year - 1, 9, 1),
            }
            for n, r in enumerate((r for r in residents if r[0] % 300 == 17), 1)
        ),
    )
    elderly = date(today.year - 60, 12, 31)

    def enrolments() -> Iterator[dict[str, Any]]:
        n = 0
        for r in on_register:
            if r[0] % 10:
                n += 1
                yield {"id": n, "resident_id": r[0], "scheme": "medical", "year": today.year}
            if r[5] <= elderly:
                n += 1
                yield {"id": n, "resident_id": r[0], "scheme": "pension", "year": today.year}

    copy(model("casework.InsuranceEnrolment"), enrolments())


def _casework(
    copy: Copier,
    houses: list[House],
    residents: list[Built],
    communities: list[Any],
    today: date,
    staff: int,
) -> None:
    """Visits, activities, hazards and assistance applications over the last two years."""

    def day(n: int, span: int = 700) -> date:
        return today - timedelta(days=n * 37 % span)

    copy(
        model("campaigns.Visit"),
        (
            {
                "id": n,
                "community_id": community,
                "grid_id": grid,
                "household_id": pk,
                "visited_on": day(pk, today.timetuple().tm_yday),
                "purpose": ("policy", "hardship", "festival", "safety")[pk % 4],
                "findings": "家庭和睦，无困难",
            }
            for n, (pk, community, grid, _members) in enumerate(houses[::3], 1)
        ),
    )
    kinds = choices("campaigns.Activity", "kind")
    copy(
        model("campaigns.Activity"),
        (
            {
                "id": n,
                "community_id": r[2] if n % 10 else None,
                "kind": kinds[n % len(kinds)],
                "title": "民族团结进步宣传",
                "held_on": day(n),
                "place_text": "社区活动室",
                "participants": 40,
                "minority_participants": 12,
            }
            for n, r in enumerate(residents[::100], 1)
        ),
    )
    short = {c.pk: c.short_code or f"C{c.pk}" for c in communities}
    states = ["registered", "in_progress", "under_review", "closed", "closed", "closed"]
    categories = choices("casework.Hazard", "category")

    def hazards() -> Iterator[dict[str, Any]]:
        for n, r in enumerate(residents[::200], 1):
            found = day(n)
            state = states[n % len(states)]
            started = state != "registered"
            yield {
                "id": n,
                "community_id": r[2],
                "grid_id": r[3],
                "number": f"YH-{short[r[2]]}-{found.year}-{n:06d}",
                "location": "居民楼道",
                "description": "电线老化，接头裸露",
                "category": categories[n % len(categories)],
                "level": "major" if n % 13 == 0 else "ordinary",
                "found_on": found,
                "state": state,
                "deadline": found + timedelta(days=30) if started else None,
                "assigned_on": found + timedelta(days=1) if started else None,
                "completed_on": min(found + timedelta(days=15), today)
                if state in ("under_review", "closed")
                else None,
                "closed_on": min(found + timedelta(days=20 + n % 20), today)
                if state == "closed"
                else None,
                "funding": Decimal(3000),
            }

    copy(model("casework.Hazard"), hazards())
    case_states = ["accepted", "investigating", "publicity", "approved", "paying", "refused"]
    kinds = choices("casework.AssistanceCase", "kind")
    reasons = choices("casework.AssistanceCase", "reason_category")

    def cases() -> Iterator[dict[str, Any]]:
        heads = (r for r in residents[::200] if r[4] == "02" and r[6] is None)
        for n, r in enumerate(heads, 1):
            applied = day(n)
            state = case_states[n % len(case_states)]
            decided = state in ("approved", "paying", "refused")
            yield {
                "id": n,
                "community_id": r[2],
                "grid_id": r[3],
                "household_id": r[1],
                "applicant_id": r[0],
                "kind": kinds[n % len(kinds)],
                "applied_on": applied,
                "reason": "户主患病，家庭收入减少",
                "reason_category": reasons[n % len(reasons)],
                "state": state,
                "publicity_start": applied + timedelta(days=10) if state != "accepted" else None,
                "publicity_end": applied + timedelta(days=17) if state != "accepted" else None,
                "decided_on": applied + timedelta(days=25) if decided else None,
                "amount_approved": Decimal(2000) if state in ("approved", "paying") else None,
                "handled_by_id": staff,
            }

    copy(model("casework.AssistanceCase"), cases())


def explain(pages: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Each page's queries that read residents, with EXPLAIN's verdict: whether the plan holds
    a sequential scan of the residents' table."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients: dict[str, Client] = {}
    found = []
    for label, persona, url in pages:
        if persona not in clients:
            clients[persona] = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
            user = get_user_model()._default_manager.get(username=persona)
            clients[persona].force_login(user, "django.contrib.auth.backends.ModelBackend")
        with CaptureQueriesContext(connection) as queries:
            status = clients[persona].get(url, secure=True).status_code
        plans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if "ledgers_resident" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            scans = sorted(_seq_scans(plan[0]["Plan"]))
            plans.append({"sql": sql[:300], "seq_scans": scans})
        found.append({"label": label, "status": status, "queries": plans})
    return found


def _seq_scans(node: dict[str, Any]) -> Iterator[str]:
    if node.get("Node Type") == "Seq Scan":
        yield node.get("Relation Name", "?")
    for child in node.get("Plans", []):
        yield from _seq_scans(child)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare()
    elif sys.argv[1] == "build":
        build(int(sys.argv[2]))
    elif sys.argv[1] == "explain":
        print(json.dumps(explain(json.loads(sys.stdin.read())), ensure_ascii=False))
