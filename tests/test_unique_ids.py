"""No page of the permission matrix, as any persona who may open it, has an id twice: a second
`id_note` makes a label fill the wrong field and a screen reader name the wrong box."""

from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests import permission_rows as rows
from tests.conftest import PERSONAS
from tests.e2e.test_accessibility import pages_of


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def duplicate_ids(html: str) -> list[str]:
    parser = Ids()
    parser.feed(html)
    return sorted(id_ for id_, n in parser.ids.items() if n > 1)


def test_the_parser_finds_a_duplicate() -> None:
    assert duplicate_ids('<p id="a"></p><textarea id="id_note"></textarea><i id="id_note">') == [
        "id_note"
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_has_an_id_twice(
    persona: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    client = client_as(persona)
    found = []
    for url in pages_of(persona, mc_people):
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = b"".join(response).decode() if response.streaming else response.content.decode()
        found += [f"{url}: {id_}" for id_ in duplicate_ids(page)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("persona", "make", "panels"),
    [
        (
            "staff_mc",
            rows.hazard_in("in_progress", level="major"),  # major: to be reported upward
            ["progress-form", "extension-step", "report-form"],
        ),
        (
            "leader",
            rows.hazard_in("in_progress", extension=True, level="major"),
            ["id_decision_note", "level-step", "report-form"],
        ),
    ],
)
def test_the_steps_of_a_hazard_in_progress_have_their_own_ids(
    persona: str,
    make: rows.Make,
    panels: list[str],
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
) -> None:
    page = client_as(persona).get(make(mc_people).get_absolute_url()).content.decode()
    assert all(f'id="{panel}"' in page for panel in panels)
    assert duplicate_ids(page) == []
