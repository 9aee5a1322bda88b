"""What every benchmark shares: Django on a throw-away database, timing pages, the report."""

import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEAT = 15
GOAL_RATIO = 2.0

Figures = dict[str, float]

# median seconds (None when not 200), queries, status, the slowest query of the last request
Result = tuple[float | None, int, int, str]


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A test database (SQLite unless DATABASE_URL is set), dropped afterwards."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


@contextmanager
def shared_database() -> Iterator[Path]:
    """A throw-away database that child processes can open too (with SQLite, a temporary
    file rather than the usual in-memory one), and a scratch folder for uploaded files."""
    scratch = Path(tempfile.mkdtemp(prefix="tongxin_bench_"))
    settings.MEDIA_ROOT = str(scratch / "media")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(scratch / "test.sqlite3")
    try:
        with throwaway_database():
            yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum keeps them in production."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def measure(client: Client, url: str) -> Result:
    """Median time and queries of REPEAT requests; the status instead when the page fails."""
    status = client.get(url).status_code  # warm up
    if status != 200:
        return None, 0, status, ""
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            return None, len(queries), response.status_code, ""
    return statistics.median(times), len(queries), 200, _slowest(queries.captured_queries)


@contextmanager
def snapshot() -> Iterator[BaseDatabaseWrapper]:
    """A copy of the database as it is now (a shared_database: a file on SQLite, a database
    made from it as a template on PostgreSQL), and a connection to the copy; dropped after."""
    connection.close()
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        copy = f"{name}.snapshot"
        shutil.copyfile(name, copy)
    else:
        copy = f"{name}_snapshot"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    current = connections[DEFAULT_DB_ALIAS]
    other = type(current)({**current.settings_dict, "NAME": copy}, DEFAULT_DB_ALIAS)
    try:
        yield other
    finally:
        other.close()
        if connection.vendor == "sqlite":
            Path(copy).unlink()
        else:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{copy}"')


def measure_alternately(
    client: Client,
    url: str,
    databases: dict[str, BaseDatabaseWrapper],
    before: Callable[[], object] | None = None,
) -> dict[str, Result]:
    """`measure` on each database, the requests taking turns (one to each database, REPEAT
    times over), so that whatever else the machine does weighs on every size alike. `before`
    runs ahead of each request, untimed (a write the page must then show, say)."""
    original = connections[DEFAULT_DB_ALIAS]
    times: dict[str, list[float]] = {label: [] for label in databases}
    counts: dict[str, int] = {}
    slowest: dict[str, str] = {}
    try:
        for turn in range(REPEAT + 1):  # the first turn warms up
            for label, database in databases.items():
                connections[DEFAULT_DB_ALIAS] = database
                database.queries_log.clear()  # building the data filled it
                if before is not None:
                    before()
                with CaptureQueriesContext(database) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    return {label: (None, 0, response.status_code, "") for label in databases}
                if turn:
                    times[label].append(elapsed)
                counts[label] = len(queries)
                slowest[label] = _slowest(queries.captured_queries)
    finally:
        connections[DEFAULT_DB_ALIAS] = original
    return {
        label: (statistics.median(times[label]), counts[label], 200, slowest[label])
        for label in databases
    }


def _slowest(captured: list[dict[str, str]]) -> str:
    slowest = max(captured, key=lambda q: float(q["time"]), default=None)
    if not slowest:
        return ""
    sql = slowest["sql"]  # the columns say nothing: show from FROM on
    return f"{float(slowest['time']) * 1000:.0f} ms: …{sql[sql.find(' FROM ') :][:400]}"


def report(title: str, sizes: tuple[str, str], rows: list[tuple[str, Result, Result]]) -> None:
    """A line a page: time at both sizes, their ratio, the queries, whether the goal is met."""
    print(f"\n{title}")
    print(f"goal: the same number of queries, and large/small time ratio ≤ {GOAL_RATIO:g}")
    small_label, large_label = sizes
    print(f"{'page':<36}{small_label:>10}{large_label:>10}{'ratio':>7}{'queries':>11}  goal")
    missed = []
    for label, (t_small, q_small, s_small, _), (t_large, q_large, s_large, slowest) in rows:
        if t_small is None or t_large is None:
            print(f"{label:<36}  HTTP {s_small} → {s_large}")
            continue
        ratio = t_large / t_small
        met = ratio <= GOAL_RATIO and q_small == q_large
        if not met:
            missed.append(f"{label}: slowest query at the large size: {slowest}")
        print(
            f"{label:<36}{t_small * 1000:>10.1f}{t_large * 1000:>10.1f}"
            f"{ratio:>7.2f}{f'{q_small}→{q_large}':>11}  {'met' if met else 'MISSED'}"
        )
    for line in missed:
        print(f"\n{line}")


# ---- phases measured in a fresh child process ----------------------------------------------


def memory(field: str = "VmHWM") -> float:
    """This process's peak RSS since the last reset (VmHWM) or its RSS now (VmRSS), in MiB.

    Not ru_maxrss: Linux carries it over fork and exec, so a child would start at its parent's.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _child(
    task: Callable[..., Figures], db_name: str, media: str, args: tuple[Any, ...]
) -> Figures:
    connection.settings_dict["NAME"] = db_name  # the parent's test database, not the project's
    settings.MEDIA_ROOT = media
    settings.DEBUG = False  # as in production: no query log (tests.settings turns DEBUG on)
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    base = memory("VmRSS")
    figures = task(*args)
    connection.close()
    return {**figures, "base": base, "peak": memory()}


def in_child(task: Callable[..., Figures], *args: Any) -> Figures:
    connection.close()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        db_name = connection.settings_dict["NAME"]
        media = str(settings.MEDIA_ROOT)
        figures = pool.submit(_child, task, db_name, media, args).result()
    shown = [repr(a) for a in args if not isinstance(a, bytes)]
    values = ", ".join(f"{k} {v:.1f}" for k, v in figures.items())
    print(f"  {task.__name__}({', '.join(shown)}): {values}", flush=True)
    return figures
