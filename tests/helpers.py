"""Helpers for tests: counting the queries a page makes at two sizes of data."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def assert_fixed_queries(client: Client, url: str, add_rows: Callable[[int], None]) -> int:
    """The page makes as many queries with 1,000 rows as with 10; returns that number."""
    add_rows(10)
    client.get(url)  # warm caches (content types, permissions) that are not per-row
    small = count_queries(client, url)
    add_rows(990)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries at 10 rows, {large} at 1,000"
    return large


def assert_fixed_queries_of(call: Callable[[], object], add_rows: Callable[[int], None]) -> int:
    """`call` (a query function, fully evaluated) makes as many queries with 1,000 rows as with
    10; returns that number."""
    add_rows(10)
    call()  # warm caches that are not per-row
    with CaptureQueriesContext(connection) as captured:
        call()
    small = len(captured)
    add_rows(990)
    with CaptureQueriesContext(connection) as captured:
        call()
    assert small == len(captured), f"{small} queries at 10 rows, {len(captured)} at 1,000"
    return small
