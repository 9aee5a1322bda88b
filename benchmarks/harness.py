"""What every benchmark shares: Django on a throw-away database, timing pages, the report."""

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEAT = 15
GOAL_RATIO = 2.0

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
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
    where = ""
    if slowest:  # the columns say nothing: show from FROM on
        sql = slowest["sql"]
        where = f"{float(slowest['time']) * 1000:.0f} ms: …{sql[sql.find(' FROM ') :][:400]}"
    return statistics.median(times), len(queries), 200, where


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
