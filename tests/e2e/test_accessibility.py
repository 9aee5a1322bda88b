"""Every page of the permission matrix, as every persona who may open it, has no WCAG 2.1 A/AA
violation axe-core finds (the vendored copy: nothing is fetched)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import MODEL_BACKEND, PERSONAS
from tests.test_permissions import MATRIX

# The rows of the data migrations come back after each flush: the roles with demo.seed, the
# tags and the holiday years by their post_migrate handlers (a flush sends post_migrate).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = next((ROOT / "static" / "vendor").glob("axe-core-*/axe.min.js"))
RUN_AXE = """() => axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
}).then(results => results.violations.flatMap(violation => violation.nodes.map(
    node => `${violation.id} (${violation.impact}) at ${node.target.join(" ")}`
)))"""


def pages_of(persona: str, people: dict[str, Any]) -> list[str]:
    """The URLs the matrix lets `persona` open (status 200), the rows they name made once."""
    made: dict[Any, list[Any]] = {}
    urls = []
    for name, (args, expected) in sorted(MATRIX.items()):
        if expected[persona] == 200 and not name.startswith("admin:"):
            if args is not None and args not in made:
                made[args] = args(people)
            urls.append(reverse(name, args=made[args] if args else None))
    return urls


def signed_in_context(browser: Any, live_server: Any, persona: str, accounts: dict) -> Any:
    """A browser context holding the persona's session (made by Django, not the sign-in form).
    The page's CSP is bypassed only so that axe can be injected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    if persona != "anonymous":
        client = Client()
        client.force_login(accounts[persona], backend=MODEL_BACKEND)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return context


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_passes_axe(
    persona: str, browser: Any, live_server: Any, accounts: dict, mc_people: dict[str, Any]
) -> None:
    context = signed_in_context(browser, live_server, persona, accounts)
    page = context.new_page()
    page.set_default_timeout(20_000)
    found: list[str] = []
    for url in pages_of(persona, mc_people):
        try:
            response = page.goto(live_server.url + url, wait_until="domcontentloaded")
        except PlaywrightError as error:
            if "Download is starting" in error.message:
                continue  # a spreadsheet, a document, an attachment
            raise
        if (
            response is None
            or response.status != 200
            or not response.headers.get("content-type", "").startswith("text/html")
        ):
            continue  # a photo, an error: no page to check
        if not page.evaluate("document.doctype !== null"):
            continue  # a fragment htmx swaps into a page
        page.add_script_tag(path=str(AXE))
        found += [f"{url}: {violation}" for violation in page.evaluate(RUN_AXE)]
    context.close()
    assert not found, "\n".join(found)
