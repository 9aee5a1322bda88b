"""No request parameter is a 500: every GET parameter of every page without a path argument
(lists, exports, reports, the forms' pre-filling), sent hostile values — out-of-range numbers,
impossible dates, junk text, NUL — as each persona that can open the page, answers 200, 400 or
404.

A page's parameters are the names its filter set declares plus every name the page asks the
query string for (recorded while it answers a plain GET), so a new parameter is covered
without being listed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import django_filters
import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.functional import cached_property

from demo import accounts as demo
from tests.conftest import MODEL_BACKEND

PERSONAS = ["staff_mc", "leader", "county"]
HOSTILE = [
    "0",
    "-1",
    "2147483648",
    "99999999999999999999",
    "1e309",
    "abc",
    "",
    "9" * 5000,
    "１２",  # full-width digits: str.isdigit() says yes, and int() reads 12
    "²",  # a digit to str.isdigit(), not to int()
    "\x00",
    "%00",
    "2026-02-30",
    "𠀀",
    "items",  # a template's request.GET.items would read this one
]
# One parameter at a time, for the ones that take a number, an id or a date.
NUMBER_VALUES = ["0", "-1", "2147483648", "99999999999999999999", "1e309", "１２", "²"]
DATE_VALUES = ["2026-02-30", "0001-01-01", "9999-12-31", "99999-01-01", "0"]
NUMBERS = {"year", "quarter", "month", "community", "grid", "page", "household", "resident", "pk"}
DATES = {"held_on", "start", "end"}
NOT_GETS = {"login", "logout", "set_language"}  # their GET does something else


def url_names() -> Iterator[str]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver) and pattern.namespace != "admin":
                space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from walk(pattern.url_patterns, space)
            elif isinstance(pattern, URLPattern) and not pattern.pattern.converters:
                name = f"{prefix}{pattern.name}"
                if pattern.name and name not in NOT_GETS:
                    yield name

    yield from walk(get_resolver().url_patterns, "")


class AskedQuery(QueryDict):
    """A query string that notes every name a view asks it for, present or not."""

    asked: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The names the next requests ask for (copies of request.GET keep noting them)."""

    def query(request: WSGIRequest) -> QueryDict:
        return AskedQuery(request.environ.get("QUERY_STRING", ""), encoding=request.encoding)

    recorder = cached_property(query)
    recorder.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", recorder)
    names: set[str] = set()
    monkeypatch.setattr(AskedQuery, "asked", names)
    return names


@pytest.fixture(scope="module")
def personas(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, User]]:
    """The accounts, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo.seed(people=False)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def declared(url_name: str) -> dict[str, str]:
    """The GET names of the page's filter set (a date range is two: _after and _before), each
    with the kind of value it takes: "number" (numbers and ids), "date" or "text"."""
    view = getattr(resolve(reverse(url_name)).func, "view_class", None)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return {}
    numbers = (
        django_filters.NumberFilter,
        django_filters.ModelChoiceFilter,
        django_filters.ModelMultipleChoiceFilter,
    )
    dates = (django_filters.DateFilter, django_filters.DateFromToRangeFilter)
    params = {}
    for name, item in filterset_class.base_filters.items():
        kind = "number" if isinstance(item, numbers) else "date" if isinstance(item, dates) else ""
        suffixes = getattr(item.field_class.widget, "suffixes", None)
        for param in [f"{name}_{suffix}" for suffix in suffixes] if suffixes else [name]:
            params[param] = kind or "text"
    return params


def kind_of(name: str) -> str:
    return "number" if name in NUMBERS else "date" if name in DATES else "text"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(url_names()))
def test_no_parameter_value_is_a_server_error(
    url_name: str, personas: dict[str, User], asked: set[str]
) -> None:
    url = reverse(url_name)
    failures: list[str] = []

    def send(client: Client, persona: str, params: dict[str, str], what: str) -> None:
        try:
            status = client.get(url, params).status_code
        except Exception as error:
            failures.append(f"{persona} {what}: {error!r}"[:300])
            return
        if status not in (200, 400, 404):
            failures.append(f"{persona} {what}: {status}")

    one_at_a_time = True
    for persona in PERSONAS:
        client = Client()
        client.force_login(personas[persona], backend=MODEL_BACKEND)
        asked.clear()
        if client.get(url, {"_": "1"}).status_code != 200:
            continue  # not this persona's page
        params = {name: kind_of(name) for name in asked - {"_"}}
        params.update(declared(url_name))
        if not params:
            continue  # the page reads no parameter
        for value in HOSTILE:
            # All at once but the page: a bad page number is a 404 before any filter runs.
            together = {name: value for name in params if name != "page"}
            send(client, persona, together, f"all={value[:20]!r}")
        if one_at_a_time:  # the first persona who can open the page
            one_at_a_time = False
            for name, kind in sorted(params.items()):
                values = {"number": NUMBER_VALUES, "date": DATE_VALUES}.get(kind, [])
                for value in values:
                    send(client, persona, {name: value}, f"{name}={value!r}")
    assert not failures, "\n".join(failures)


def test_the_nul_character_never_reaches_a_view(client_as: Any) -> None:
    """PostgreSQL refuses NUL in a text parameter: it is dropped before any view reads it."""
    response = client_as("staff_mc").get(reverse("ledgers:resident_list"), {"q": "马\x00建国"})
    assert response.status_code == 200
    assert response.context["query"] == "马建国"
