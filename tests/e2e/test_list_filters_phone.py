"""On a phone a list's filters fold behind one button, which says how many are in force, so the
first rows show on the first screen; on a desktop they stand open beside the search box."""

from typing import Any

import pytest

from tests import permission_rows as rows
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_filters_fold_on_a_phone_and_the_first_row_shows(
    browser: Any, live_server: Any, mc_people: dict[str, Any]
) -> None:
    mc = mc_people
    overdue = rows.make_overdue_hazard(mc)
    for _ in range(3):
        rows.hazard_in("in_progress")(mc)
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.set_default_timeout(10_000)
    sign_in_as(page, live_server, "staff_mc")

    page.goto(live_server.url + "/casework/hazards/?level=ordinary&open=yes")
    toggle = page.locator("#filter-toggle")
    assert toggle.is_visible()
    assert page.locator("#filters-in-force").inner_text().startswith("2")
    assert not page.locator("#id_state").is_visible()  # folded
    first = page.locator("table.table-list tbody tr").first
    assert overdue.number in first.inner_text()  # overdue first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844  # on the first screen
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    toggle.click()
    # Bootstrap marks the panel `show` when it has finished opening: a click inside it while it
    # still opens was seen lost on a busy machine (the browser sent no request at all).
    page.locator("#list-filters.show").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.select_option("#id_state", "in_progress")
    # The list filtered is a full page load: allow for a machine busy with other tests.
    with page.expect_navigation(url="**state=in_progress**", timeout=30_000):
        page.locator("#list-filters button[type=submit]").click()
    assert page.locator("#filters-in-force").inner_text().startswith("3")
    phone.close()

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/casework/hazards/")
    assert not page.locator("#filter-toggle").is_visible()
    assert page.locator("#id_state").is_visible()
    table = page.locator(".table-responsive").first
    widths = table.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1]  # every column fits 1280 px
    desktop.close()
