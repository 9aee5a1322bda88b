"""A staff member signs in, sees their community, switches language and signs out."""

import re
from typing import Any

import pytest

from demo import accounts as demo
from ledgers.models import Community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_switches_language_and_signs_out(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
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
    demo.seed(people=False)
    for _ in range(5):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "staff_bh")
        page.fill("#id_password", "not-the-password")
        page.click("button[type=submit]:has-text('登录')")
    assert "账号已锁定" in page.inner_text("main")
    assert "30" in page.inner_text("#lockout-message")


def test_a_reset_password_is_replaced_at_sign_in_then_changed_from_the_menu(
    page: Any, live_server: Any
) -> None:
    from core import credentials

    accounts = demo.seed(people=False)
    staff = accounts["staff_bh"]
    staff.set_password("Reset-by-admin-7")
    staff.save()
    credentials.password_set_by_administrator(staff)

    def choose(old: str, new: str) -> None:
        page.fill("#id_old_password", old)
        page.fill("#id_new_password1", new)
        page.fill("#id_new_password2", new)
        page.click("#password-change-form button[type=submit]")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "staff_bh")
    page.fill("#id_password", "Reset-by-admin-7")
    page.click("button[type=submit]:has-text('登录')")
    page.wait_for_url(live_server.url + "/accounts/password/")
    assert "由管理员设置" in page.inner_text("#password-owed")
    page.goto(live_server.url + "/ledgers/residents/")
    assert page.url == live_server.url + "/accounts/password/"  # every page leads here
    choose("Reset-by-admin-7", "Huanghe-river-42")
    page.wait_for_selector("#my-communities")
    assert "密码已修改" in page.inner_text("main")

    page.click("#user-menu")
    page.click("#password-change-link")
    page.wait_for_url(live_server.url + "/accounts/password/")
    assert not page.is_visible("#password-owed")
    choose("not-my-password", "Another-river-43")
    assert "旧密码不正确" in page.inner_text("main")


def sign_in_as(page: Any, live_server: Any, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("staff_mc", ["/", "/ledgers/communities/", "/ledgers/communities/{mc}/"]),
        ("auditor", ["/audit/"]),
    ],
)
def test_pages_fit_a_phone_screen(
    browser: Any, live_server: Any, username: str, paths: list[str]
) -> None:
    demo.seed(people=False)
    mc = Community.objects.get(name="庙川社区").pk
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    sign_in_as(phone, live_server, username)
    phone.click(".navbar-toggler")
    phone.wait_for_selector("#main-nav.show")
    for path in paths:
        phone.goto(live_server.url + path.format(mc=mc))
        # Nothing but a table (which scrolls inside its own box) is wider than the screen.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
    context.close()
