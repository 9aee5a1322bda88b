"""A staff member adds a household and a member, fixes a mistyped ID number, finds the person."""

from typing import Any

import pytest

from demo import accounts as demo
from tests.conftest import citizen_id
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_adds_a_household_and_a_minority_resident(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    sign_in_as(page, live_server, "staff_mc")

    page.goto(live_server.url + "/ledgers/households/add/")
    page.fill("#id_number", "MC-0999")
    page.fill("#id_address", "庙川路88号")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("text=户已新增")

    page.click("#add-member")
    page.wait_for_load_state("load")  # htmx must be watching the field before we type
    good = citizen_id("19880419", "024")
    typo = good[:15] + ("1" if good[15] != "1" else "2") + good[16:]
    page.fill("#id_id_number", typo)
    page.press("#id_id_number", "Tab")
    page.wait_for_selector("#id-number-check .text-danger", timeout=20_000)
    assert "校验位错误" in page.inner_text("#id-number-check")
    page.fill("#id_name", "马海燕")
    page.select_option("#id_ethnicity", "03")
    page.select_option("#id_relation_to_head", "02")
    page.click("button[type=submit]:has-text('保存')")
    assert "校验位错误" in page.inner_text("#div_id_id_number")  # the server says it too

    page.wait_for_load_state("load")
    page.fill("#id_id_number", good)
    page.press("#id_id_number", "Tab")
    page.wait_for_selector("#id-number-check .text-success", timeout=20_000)
    assert page.input_value("#id_birth_date") == "1988-04-19"
    assert page.input_value("#id_gender") == "2"
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("text=居民已新增")

    page.goto(live_server.url + "/ledgers/minority/")
    assert "马海燕" in page.inner_text("main")
    assert good not in page.inner_text("main")  # masked in the ledger
