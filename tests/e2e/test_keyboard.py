"""Someone at the keyboard (and a screen reader): the skip link first, menus that open with
Space, an error summary that takes the focus after a failed submit, a failed step that keeps
what was typed."""

from datetime import timedelta
from typing import Any

import pytest

from demo import accounts as demo
from tests.e2e.test_sign_in import sign_in_as
from tests.permission_rows import hazard_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_ID = "document.activeElement && document.activeElement.id"


def test_the_first_tab_stop_skips_to_the_content(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    sign_in_as(page, live_server, "staff_mc")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_ID) == "skip-link"
    box = page.locator("#skip-link").bounding_box()
    assert box is not None and box["y"] >= 0  # shown when it has the focus
    assert page.inner_text("#skip-link") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "content"
    page.keyboard.press("Tab")  # the next stop is in the content, past the navbar
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_space_opens_a_menu_of_the_navbar_without_scrolling(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    page.set_viewport_size({"width": 1280, "height": 500})  # a page taller than the window
    sign_in_as(page, live_server, "staff_mc")
    toggle = page.locator("#main-nav .dropdown-toggle").first
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-nav .dropdown-menu.show").count() == 1
    assert page.evaluate("window.scrollY") == 0


def test_a_failed_submit_focuses_a_summary_linking_to_each_field(
    page: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/ledgers/households/add/")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("#error-summary")
    assert page.evaluate(FOCUSED_ID) == "error-summary"
    assert page.title().startswith("错误：")
    assert page.get_attribute("#error-summary", "role") == "alert"
    link = page.locator("#error-summary a").first
    target = link.get_attribute("href")
    assert target is not None and page.locator(target).count() == 1
    link.click()
    assert page.evaluate(FOCUSED_ID) == target.removeprefix("#")


def test_a_refused_extension_keeps_its_panel_open_and_what_was_typed(
    page: Any, live_server: Any, mc_people: dict[str, Any]
) -> None:
    hazard = hazard_in("in_progress")(mc_people)
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + hazard.get_absolute_url())
    page.click("#extension-step summary")
    too_early = f"{hazard.deadline - timedelta(days=1):%Y-%m-%d}"  # before the current deadline
    page.fill("#id_extension_new_deadline", too_early)
    page.fill("#id_extension_note", "等待配件到货")
    page.click("#extension-step button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate(FOCUSED_ID) == "error-summary"
    assert "新的整改时限须晚于现在的时限" in page.inner_text("#error-summary")
    assert page.get_attribute("#extension-step", "open") is not None
    assert page.input_value("#id_extension_note") == "等待配件到货"
    assert page.input_value("#id_extension_new_deadline") == too_early


def test_a_chart_opens_as_a_table_whose_figures_open_their_lists(
    page: Any, live_server: Any, mc_people: dict[str, Any]
) -> None:
    hazard_in("in_progress")(mc_people)
    sign_in_as(page, live_server, "leader")
    page.goto(live_server.url + "/reports/dashboard/")
    page.wait_for_selector("#chart-hazards canvas")
    table = page.locator("#chart-hazards-data")
    table.locator("summary").focus()
    page.keyboard.press("Enter")  # the figures, on demand
    assert table.get_attribute("open") is not None
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0] == "类别" and "整改中" in headers
    row = table.locator("tbody tr", has_text="用电")
    link = row.locator("td").nth(headers.index("整改中") - 1).locator("a")
    assert link.inner_text() == "1"
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/casework/hazards/?**")
    assert page.inner_text("#result-count") == "1"
