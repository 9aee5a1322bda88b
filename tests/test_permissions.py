"""Every URL × every persona → the status that persona gets (pretix's permission test).

A URL pattern that is not in MATRIX fails `test_every_url_pattern_is_in_the_matrix`: a new page
is not done until this table says who may open it.
"""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ledgers.models import Community, Grid
from tests.conftest import PERSONAS


def _mc() -> list[int]:
    return [Community.objects.get(name="庙川社区").pk]


def _grid_mc1() -> list[int]:
    return [Grid.objects.get(code="MC-01").pk]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


SIGNED_IN_ONLY = statuses(200, anonymous=302)
READERS = statuses(
    403, anonymous=302, staff_mc=200, staff_bh=200, grid_mc1=200, leader=200, county=200
)

# URL name → (arguments, expected status per persona) for a GET.
MATRIX: dict[str, tuple[Callable[[], list[int]] | None, dict[str, int]]] = {
    "home": (None, SIGNED_IN_ONLY),
    "login": (None, statuses(302, anonymous=200)),
    "logout": (None, statuses(405)),  # signing out is a POST (CSRF-protected)
    "set_language": (None, statuses(302)),  # a GET changes nothing and goes back
    "audit": (None, statuses(403, anonymous=302, auditor=200)),
    "admin:index": (None, statuses(302, admin=200)),
    "ledgers:community_list": (None, READERS),
    "ledgers:community": (_mc, {**READERS, "staff_bh": 404}),
    "ledgers:grid_edit": (
        _grid_mc1,
        # The system administrator edits grids in the admin; in the app they see no community.
        statuses(403, anonymous=302, staff_mc=200, staff_bh=404, admin=404),
    ),
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue  # the admin guards its own pages; admin:index stands for it here
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_matrix() -> None:
    missing = _url_names(get_resolver()) - MATRIX.keys()
    assert not missing, f"add these URL names to MATRIX: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_of_each_persona(name: str, client_as: Callable[[str], Client]) -> None:
    args_factory, expected = MATRIX[name]
    url = reverse(name, args=args_factory() if args_factory else None)
    got = {persona: client_as(persona).get(url).status_code for persona in PERSONAS}
    assert got == expected
