"""Helpers for tests: counting the queries a page makes at two sizes of data."""

from collections.abc import Callable
from typing import Any

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


def edited(obj: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Form data for editing `obj`, with the version token its edit page would carry."""
    from core.versions import VERSION_FIELD, token

    obj.refresh_from_db(fields=["version"])
    return {**data, VERSION_FIELD: token(obj)}


def main_form(html: bytes | str, form_id: str | None = None) -> Any:
    """The page's form with `form_id`, else its largest POST form (not the sign-out button)."""
    import lxml.html

    forms = [f for f in lxml.html.fromstring(html).forms if (f.method or "").lower() == "post"]
    if form_id:
        return next(f for f in forms if f.get("id") == form_id)
    return max(forms, key=lambda f: len(f.inputs))


def form_values(html: bytes | str, form_id: str | None = None) -> dict[str, Any]:
    """What a browser would send for the page's form (see main_form): every successful control
    with its value, multiple values as lists."""

    values: dict[str, Any] = {}
    form = main_form(html, form_id)
    for template in form.iter("template"):  # a browser sends nothing of a <template>
        template.drop_tree()
    for name, value in form.form_values():
        if name in values:
            previous = values[name]
            values[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            values[name] = value
    return values
