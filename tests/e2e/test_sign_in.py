"""A staff member signs in, sees their community, switches language and signs out."""

import re
from typing import Any

import pytest

from ledgers import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_switches_language_and_signs_out(page: Any, live_server: Any) -> None:
    demo.seed()
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "staff_mc")
    page.fill("#id_password", demo.DEFAULT_PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    page.wait_for_selector("#my-communities")
    assert "庙川社区" in page.inner_text("#my-communities")
    assert "北环路社区" not in page.inner_text("main")

    page.click("#user-menu")
    page.click("button[value=en]")
    page.wait_for_selector("text=My communities")
    page.click("#user-menu")
    page.click("button[value=zh-hans]")
    page.wait_for_selector("text=我的社区")

    page.click("#user-menu")
    page.click("#logout-button")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.is_visible("#id_username")


def test_five_wrong_passwords_lock_the_account(page: Any, live_server: Any) -> None:
    demo.seed()
    for _ in range(5):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "staff_bh")
        page.fill("#id_password", "not-the-password")
        page.click("button[type=submit]:has-text('登录')")
    assert "账号已锁定" in page.inner_text("main")
    assert "30" in page.inner_text("#lockout-message")


def test_phone_width_has_a_menu_button(browser: Any, live_server: Any) -> None:
    demo.seed()
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(live_server.url + "/accounts/login/")
    phone.fill("#id_username", "staff_mc")
    phone.fill("#id_password", demo.DEFAULT_PASSWORD)
    phone.click("button[type=submit]")
    phone.click(".navbar-toggler")
    phone.wait_for_selector("#main-nav.show")
    assert phone.is_visible("text=社区")
    # Nothing is wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
