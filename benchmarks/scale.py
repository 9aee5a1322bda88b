"""Residents at scale: the pages at two sizes of office (10⁵ and 10⁶ residents by default) on
PostgreSQL, served by gunicorn as docs/deployment.md serves them, and a load test.

    benchmarks/scale.py [SMALL LARGE] [--repeat 20] [--duration 60] [--users 10,30] [--rebuild]

Each size has a database of its own, `tongxin_scale_<size>` on 127.0.0.1:5432 (user postgres;
PGHOST, PGPORT, PGUSER and PGPASSWORD change that), copied from a migrated template with the
demo's areas and accounts and filled by scale_data.py with COPY; a database already built at
its size is used again unless --rebuild. Both sizes are served at once, each by gunicorn with
deploy/gunicorn.conf.py (DEBUG off, the environment of deploy/tongxin.env.example), and the
requests take turns between them, so that whatever else the machine does weighs on both alike.

It prints p50/p95 of every page at both sizes, the ratio of the medians and MET/MISSED against
the targets of issue 17: first pages, searches and detail pages ≤ 1.5; a list's last page no
slower than twice its first; the dashboard ≤ 2 and ≤ 300 ms at the large size; then the plans of
the queries that read residents (no sequential scan of the residents' table); then a closed-loop
load test of each size in turn (half the users leader, half staff_mc, a mix of the pages, for a
fixed duration): throughput, p50/p95/p99 and errors, and MET/MISSED against a throughput at the
large size ≥ 80 % of the small one's, with no errors.
"""

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
TEMPLATE = "tongxin_scale_template"
PORTS = (8771, 8772)
PASSWORD = "tongxin-demo-2026"
PERSONAS = ("leader", "staff_mc")
SCRATCH = Path(tempfile.gettempdir()) / "tongxin_scale"
# The environment of deploy/tongxin.env.example, filled in for this machine.
ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "scale-benchmark-secret-key-not-for-production-0123456789abcdef",
    "AUDIT_HMAC_KEY": "scale-benchmark-audit-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_PROXY_SSL_HEADER": "1",
    "USE_X_FORWARDED_FOR": "1",
    "TRUSTED_PROXIES": "127.0.0.1,::1",
    "MEDIA_ROOT": str(SCRATCH / "media"),
    "STATIC_ROOT": str(SCRATCH / "static"),
    "LOG_LEVEL": "WARNING",
    "GUNICORN_LOG_LEVEL": "warning",
}
# What nginx adds (deploy/nginx/tongxin.conf): the request came over TLS, from this client.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
FIRST_PAGE, LAST_PAGE, SEARCH, DETAIL, DASHBOARD = "first", "last", "search", "detail", "dash"
TARGETS = {FIRST_PAGE: 1.5, SEARCH: 1.5, DETAIL: 1.5, DASHBOARD: 2.0}
DASHBOARD_MS = 300
LOAD_RATIO = 0.8


def pg(database: str = "postgres") -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("PGUSER", "postgres"),
        password=os.environ.get("PGPASSWORD"),
        dbname=database,
        autocommit=True,
    )


def database_url(database: str) -> str:
    user = os.environ.get("PGUSER", "postgres")
    secret = f":{os.environ['PGPASSWORD']}" if os.environ.get("PGPASSWORD") else ""
    host, port = os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGPORT", "5432")
    return f"postgresql://{user}{secret}@{host}:{port}/{database}"


def environment(database: str) -> dict[str, str]:
    return {**os.environ, **ENV, "DATABASE_URL": database_url(database)}


def run_data(database: str, *args: str, stdin: str | None = None) -> str:
    """scale_data.py in a child process, against `database`, in the server's environment."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "scale_data.py"), *args],
        env=environment(database),
        cwd=ROOT,
        input=stdin,
        stdout=subprocess.PIPE if stdin is not None else None,
        text=True,
        check=True,
    )
    return result.stdout or ""


def marker(database: str) -> str | None:
    """The comment a finished build leaves on its database; None when there is no database."""
    with pg() as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database],
        ).fetchone()
    return None if row is None else row[0] or ""


def create(database: str, template: str = "template0") -> None:
    with pg() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')


def mark(database: str, text: str) -> None:
    with pg() as connection:
        connection.execute(f"COMMENT ON DATABASE \"{database}\" IS '{text}'")


def ensure_database(size: int, rebuild: bool) -> str:
    """The size's database, built unless one of that size is there (or --rebuild)."""
    database = f"tongxin_scale_{size}"
    done = f"scale {size} complete"
    if not rebuild and marker(database) == done:
        print(f"{size:,} residents: {database} is built already (--rebuild to build again)")
        return database
    if marker(TEMPLATE) != "template complete":
        started = time.perf_counter()
        create(TEMPLATE)
        run_data(TEMPLATE, "prepare")
        mark(TEMPLATE, "template complete")
        print(f"template {TEMPLATE}: migrated and seeded ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    print(f"{size:,} residents: building {database}", flush=True)
    create(database, TEMPLATE)
    run_data(database, "build", str(size))
    mark(database, done)
    print(f"{size:,} residents: built in {time.perf_counter() - started:.0f} s", flush=True)
    return database


@contextmanager
def served(databases: list[str]) -> Iterator[list[int]]:
    """gunicorn as tongxin-web.service runs it, on a port of our own for each database."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=environment(databases[0]),
        cwd=ROOT,
        check=True,
    )
    servers = []
    try:
        for database, port in zip(databases, PORTS, strict=False):
            log = open(SCRATCH / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed below)
            env = {**environment(database), "GUNICORN_BIND": f"127.0.0.1:{port}"}
            command = [GUNICORN, "config.wsgi", "--config", "deploy/gunicorn.conf.py"]
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
            servers.append((process, log))
        for port in PORTS[: len(databases)]:
            wait_until_up(port)
        yield list(PORTS[: len(databases)])
    finally:
        for process, log in servers:
            process.terminate()
            process.wait(timeout=60)
            log.close()


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            Browser(port).get("/accounts/login/")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn on port {port} did not start: see {SCRATCH}/gunicorn-{port}.log")


class Browser:
    """One person's session with a server: cookies kept, nginx's headers added."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str, float]:
        headers = {**PROXY_HEADERS, "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body.encode() or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            elapsed = time.perf_counter() - started
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, text, elapsed

    def get(self, path: str) -> tuple[int, str, float]:
        return self.request("GET", path)

    def sign_in(self, username: str) -> "Browser":
        """Through the login form, as a person signs in."""
        _status, page, _elapsed = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("no sign-in form at /accounts/login/")
        form = {"csrfmiddlewaretoken": token[1], "username": username, "password": PASSWORD}
        status, _page, _elapsed = self.request("POST", "/accounts/login/", urlencode(form))
        if status != 302:
            raise SystemExit(f"signing in as {username} failed (HTTP {status})")
        return self


# ---- the pages ------------------------------------------------------------------------------

# label, kind, persona, path: the fixed set of requests, the same at every size.
Page = tuple[str, str, str, str]


def sample(database: str) -> tuple[int, int, str, str]:
    """A resident of 庙川社区 (staff_mc's) half way through the register, with a phone: the
    one whose page, household, ID number and phone are asked for."""
    with pg(database) as connection:
        size = connection.execute("SELECT max(id) FROM ledgers_resident").fetchone()[0]  # type: ignore[index]
        row = connection.execute(
            "SELECT r.id, r.household_id, r.id_number, r.phone FROM ledgers_resident r "
            "JOIN ledgers_community c ON c.id = r.community_id WHERE c.short_code = 'MC' "
            "AND r.status = 'active' AND r.phone <> '' AND r.id >= %s ORDER BY r.id LIMIT 1",
            [size // 2],
        ).fetchone()
    if row is None:
        raise SystemExit(f"{database}: no resident of 庙川社区 to ask for")
    return row  # type: ignore[return-value]


def last_page(browser: Browser, path: str) -> str:
    """The last page the list's first page links to (a list may stop offering pages past a
    window: then the furthest it offers)."""
    _status, html, _elapsed = browser.get(path)
    pages = re.findall(r"[?&](?:amp;)?page=(\d+|last)", html)
    if "last" in pages:
        return f"{path}?page=last"
    numbers = [int(p) for p in pages if p.isdigit()]
    return f"{path}?page={max(numbers)}" if numbers else path


def pages(database: str, browsers: dict[str, Browser]) -> list[Page]:
    resident, household, id_number, phone = sample(database)
    searches = [
        ("name prefix 王秀", "王秀"),
        ("surname 郭", "郭"),
        ("any part of a name 秀兰", "秀兰"),
        ("pinyin wangxiu", "wangxiu"),
        ("full ID number", id_number),
        ("ID number's last 4", id_number[-4:]),
        ("phone's first 7 digits", phone[:7]),
    ]
    found: list[Page] = []
    for persona, browser in browsers.items():
        for label, path in [
            ("resident list", "/ledgers/residents/"),
            ("hazard list", "/casework/hazards/"),
            ("activity list", "/campaigns/activities/"),
        ]:
            found.append((label, FIRST_PAGE, persona, path))
            found.append((f"{label}, last page", LAST_PAGE, persona, last_page(browser, path)))
        for label, query in searches:
            found.append((f"search: {label}", SEARCH, persona, f"/ledgers/residents/?q={query}"))
        found.append(("resident's page", DETAIL, persona, f"/ledgers/residents/{resident}/"))
        found.append(("household's page", DETAIL, persona, f"/ledgers/households/{household}/"))
        found.append(("dashboard, all communities", DASHBOARD, persona, "/reports/dashboard/"))
    return [(label, kind, persona, quoted(path)) for label, kind, persona, path in found]


def quoted(path: str) -> str:
    if "?q=" not in path:
        return path
    base, query = path.split("?q=")
    return f"{base}?{urlencode({'q': query})}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


# p50, p95 (seconds) and the statuses seen
Timing = tuple[float, float, set[int]]


def measure(
    ports: list[int], browsers: list[dict[str, Browser]], found: list[list[Page]], repeat: int
) -> list[list[Timing]]:
    """Every page `repeat` times at each size, one request to each size in turn (a first turn
    warms up): p50 and p95 per page and size."""
    timings: list[list[Timing]] = [[] for _ in ports]
    for row in range(len(found[0])):
        times: list[list[float]] = [[] for _ in ports]
        statuses: list[set[int]] = [set() for _ in ports]
        for turn in range(repeat + 1):
            for at in range(len(ports)):
                _label, _kind, persona, path = found[at][row]
                status, _html, elapsed = browsers[at][persona].get(path)
                statuses[at].add(status)
                if turn:
                    times[at].append(elapsed)
        for at in range(len(ports)):
            p50, p95 = percentile(times[at], 0.5), percentile(times[at], 0.95)
            timings[at].append((p50, p95, statuses[at]))
        print(".", end="", flush=True)
    print()
    return timings


def report(sizes: list[int], found: list[list[Page]], timings: list[list[Timing]]) -> int:
    """The table of p50/p95 at both sizes, the ratio and the verdict; the number missed."""
    small, large = sizes
    print(f"\nPages: p50/p95 in ms over the requests, {small:,} → {large:,} residents")
    print(
        "targets: first pages, searches, detail pages ≤ 1.5; last page ≤ 2 × the first "
        f"(at each size); dashboard ≤ 2 and ≤ {DASHBOARD_MS} ms at {large:,}"
    )
    head = f"{'page':<40}{'as':<10}{f'{small:,} p50/p95':>16}{f'{large:,} p50/p95':>18}"
    print(f"{head}{'ratio':>7}  target")
    missed = 0
    first: dict[tuple[str, str], tuple[Timing, Timing]] = {}
    for row, (label, kind, persona, _path) in enumerate(found[0]):
        a, b = timings[0][row], timings[1][row]
        cells = f"{a[0] * 1000:>8.0f}/{a[1] * 1000:<7.0f}{b[0] * 1000:>10.0f}/{b[1] * 1000:<7.0f}"
        line = f"{label:<40}{persona:<10}{cells}"
        if a[2] != {200} or b[2] != {200}:
            print(f"{line}  HTTP {sorted(a[2])} → {sorted(b[2])}  MISSED")
            missed += 1
            continue
        ratio = b[0] / a[0]
        if kind == FIRST_PAGE:
            first[(label, persona)] = (a, b)
        if kind == LAST_PAGE:
            a1, b1 = first[(label.removesuffix(", last page"), persona)]
            worst = max(a[0] / a1[0], b[0] / b1[0])
            met = worst <= 2
            verdict = f"last/first ≤ 2: {a[0] / a1[0]:.2f}, {b[0] / b1[0]:.2f}"
        elif kind == DASHBOARD:
            met = ratio <= TARGETS[kind] and b[0] * 1000 <= DASHBOARD_MS
            verdict = f"≤ {TARGETS[kind]:g} and ≤ {DASHBOARD_MS} ms"
        else:
            met = ratio <= TARGETS[kind]
            verdict = f"≤ {TARGETS[kind]:g}"
        missed += not met
        print(f"{line}{ratio:>7.2f}  {verdict} {'MET' if met else 'MISSED'}")
    return missed


def plans(databases: list[str], sizes: list[int], found: list[list[Page]]) -> int:
    """EXPLAIN of every query that reads residents, on every page at each size; the number of
    pages whose plan scans the residents' table from end to end."""
    print("\nPlans: every page's queries that read residents (EXPLAIN)")
    bad = 0
    for database, size, own in zip(databases, sizes, found, strict=True):
        chosen = [(f"{label} ({persona})", persona, path) for label, _kind, persona, path in own]
        answer = json.loads(run_data(database, "explain", stdin=json.dumps(chosen)))
        for page in answer:
            scans = [q for q in page["queries"] if "ledgers_resident" in q["seq_scans"]]
            verdict = "no Seq Scan on residents" if not scans else "Seq Scan on residents MISSED"
            bad += bool(scans) or page["status"] != 200
            count = len(page["queries"])
            print(f"{size:>9,}  {page['label']:<52} {count} queries  {verdict}")
            for query in scans:
                print(f"           {query['sql'][:200]}")
    return bad


# ---- the load test --------------------------------------------------------------------------


def sessions(port: int, count: int) -> dict[str, list[Browser]]:
    """`count` people signed in, half as the leader and half as staff_mc, each with a session
    of their own (signed in three at a time: the password hash is slow on purpose)."""
    wanted = [PERSONAS[n % len(PERSONAS)] for n in range(count)]
    made: dict[str, list[Browser]] = {persona: [] for persona in PERSONAS}
    lock = threading.Lock()

    def sign_in(persona: str) -> None:
        browser = Browser(port).sign_in(persona)
        with lock:
            made[persona].append(browser)

    for start in range(0, count, 3):
        threads = [threading.Thread(target=sign_in, args=(p,)) for p in wanted[start : start + 3]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return made


def load(
    port: int, people: dict[str, list[Browser]], own: list[Page], users: int, duration: float
) -> dict[str, float]:
    """A closed loop: each user asks for a page from the mix (every page but the last pages),
    waits for it and asks for the next, until `duration` has passed."""
    mix = {p: [page[3] for page in own if page[2] == p and page[1] != LAST_PAGE] for p in PERSONAS}
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def user(number: int) -> None:
        persona = PERSONAS[number % len(PERSONAS)]
        browser = people[persona][number // len(PERSONAS)]
        choose = random.Random(number).choice
        while time.monotonic() < deadline:
            try:
                status, _html, elapsed = browser.get(choose(mix[persona]))
            except OSError:
                status, elapsed = 0, 0.0
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not times:
        return {"requests": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": errors[0]}
    return {
        "requests": len(times),
        "rps": len(times) / elapsed,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": errors[0],
    }


def load_tests(
    ports: list[int], sizes: list[int], found: list[list[Page]], users: list[int], duration: float
) -> int:
    print(f"\nLoad: closed loop, {duration:g} s per run, half leader and half staff_mc")
    print(f"target: throughput at {sizes[1]:,} ≥ {LOAD_RATIO:.0%} of {sizes[0]:,}'s, no errors")
    people = [sessions(port, max(users)) for port in ports]
    print(
        f"{'users':>5}{'residents':>11}{'requests':>10}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}"
    )
    missed = 0
    for count in users:
        runs = []
        for at, port in enumerate(ports):
            figures = load(port, people[at], found[at], count, duration)
            runs.append(figures)
            print(
                f"{count:>5}{sizes[at]:>11,}{figures['requests']:>10.0f}{figures['rps']:>8.1f}"
                f"{figures['p50'] * 1000:>7.0f}{figures['p95'] * 1000:>7.0f}"
                f"{figures['p99'] * 1000:>7.0f}  ms, {figures['errors']:.0f} errors",
                flush=True,
            )
        ratio = runs[1]["rps"] / runs[0]["rps"] if runs[0]["rps"] else 0.0
        met = ratio >= LOAD_RATIO and not runs[0]["errors"] and not runs[1]["errors"]
        missed += not met
        print(
            f"{'':>5}  throughput {sizes[1]:,} : {sizes[0]:,} = {ratio:.2f}  "
            f"{'MET' if met else 'MISSED'}"
        )
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page and size")
    parser.add_argument("--duration", type=float, default=60, help="seconds per load run")
    parser.add_argument("--users", default="10,30", help="the load runs' numbers of users")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    args = parser.parse_args()
    if len(args.sizes) != 2:
        parser.error("give two sizes, e.g. 100000 1000000")
    sizes = sorted(args.sizes)
    SCRATCH.mkdir(exist_ok=True)
    started = time.perf_counter()
    if args.rebuild and marker(TEMPLATE) is not None:
        mark(TEMPLATE, "")  # the template too, with today's migrations
    databases = [ensure_database(size, args.rebuild) for size in sizes]
    with served(databases) as ports:
        browsers = [{p: Browser(port).sign_in(p) for p in PERSONAS} for port in ports]
        found = [pages(database, b) for database, b in zip(databases, browsers, strict=True)]
        print(f"gunicorn on ports {ports}; {len(found[0])} pages, {args.repeat} turns", flush=True)
        missed = report(sizes, found, measure(ports, browsers, found, args.repeat))
        missed += plans(databases, sizes, found)
        users = [int(n) for n in args.users.split(",")]
        missed += load_tests(ports, sizes, found, users, args.duration)
    print(f"\n{missed} target(s) missed; the whole run took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
