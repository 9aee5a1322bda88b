"""Passwords: each person changes their own; an administrator's choice (a new account, a reset)
and, if the office sets it, an old one must be replaced before any other page opens."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent, Credential
from demo import accounts as demo
from tests.helpers import form_values

PASSWORD = demo.DEFAULT_PASSWORD
NEW_PASSWORD = "Huanghe-river-42"
CHANGE = "/accounts/password/"


def sign_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def change(client: Client, old: str, new: str, again: str | None = None) -> Any:
    return client.post(
        CHANGE, {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def errors(response: Any) -> str:
    return " ".join(str(e) for field in response.context["form"].errors.values() for e in field)


def test_the_user_menu_links_to_the_change_page(accounts: dict[str, User]) -> None:
    page = sign_in("staff_mc", PASSWORD).get(reverse("home")).content.decode()
    assert f'href="{CHANGE}"' in page and "修改密码" in page


def test_a_wrong_old_password_is_refused_in_chinese(accounts: dict[str, User]) -> None:
    client = sign_in("staff_mc", PASSWORD)
    response = change(client, "not-my-password", NEW_PASSWORD)
    assert response.status_code == 200
    assert "旧密码不正确" in errors(response)
    sign_in("staff_mc", PASSWORD)  # unchanged


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ab1!x", "密码长度太短"),
        ("password123", "这个密码太常见了"),
        ("20262026202", "密码只包含数字"),
        ("abcdefghijk", "至少包含"),  # the office's rule: three kinds of character
        ("Staff_mc2026", "太相似"),  # too close to the user name
    ],
)
def test_a_weak_new_password_is_refused_with_the_validators_message(
    accounts: dict[str, User], new: str, message: str
) -> None:
    client = sign_in("staff_mc", PASSWORD)
    response = change(client, PASSWORD, new)
    assert response.status_code == 200
    assert message in errors(response), errors(response)
    sign_in("staff_mc", PASSWORD)  # unchanged


def test_the_two_new_passwords_must_match(accounts: dict[str, User]) -> None:
    response = change(sign_in("staff_mc", PASSWORD), PASSWORD, NEW_PASSWORD, "Other-river-42")
    assert "两个密码不一致" in errors(response)


def test_a_changed_password_signs_in_and_is_logged(accounts: dict[str, User]) -> None:
    client = sign_in("staff_mc", PASSWORD)
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    page = client.get(reverse("home")).content.decode()  # still signed in
    assert "密码已修改" in page
    sign_in("staff_mc", NEW_PASSWORD)
    refused = Client().post(reverse("login"), {"username": "staff_mc", "password": PASSWORD})
    assert refused.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert event.username == "staff_mc"
    credential = Credential.objects.get(user__username="staff_mc")
    assert not credential.must_change_password
    assert credential.password_changed_at is not None
    assert timezone.now() - credential.password_changed_at < timedelta(minutes=1)


def admin_client(accounts: dict[str, User]) -> Client:
    return sign_in("admin", PASSWORD)


def assert_sent_to_the_change_page(client: Client) -> None:
    """Every page but the change page (and signing out) leads to the change page."""
    for url in [
        reverse("home"),
        reverse("ledgers:resident_list"),
        reverse("ledgers:resident_export"),
        reverse("casework:hazard_list") + "?year=2026",
        reverse("reports:dashboard"),
        "/admin/",
    ]:
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, CHANGE), url
    htmx = client.get(reverse("ledgers:resident_check_id"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == CHANGE
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert "由管理员设置" in page.content.decode()


def test_an_account_the_administrator_creates_must_change_its_password(
    accounts: dict[str, User],
) -> None:
    admin = admin_client(accounts)
    add = admin.get("/admin/auth/user/add/")
    data = {
        **form_values(add.content, "user_form"),
        "username": "staff_new",
        "password1": "Set-by-admin-2026",
        "password2": "Set-by-admin-2026",
    }
    response = admin.post("/admin/auth/user/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    newcomer = User.objects.get(username="staff_new")
    newcomer.groups.add(*accounts["staff_mc"].groups.all())

    client = sign_in("staff_new", "Set-by-admin-2026")
    assert_sent_to_the_change_page(client)
    assert change(client, "Set-by-admin-2026", NEW_PASSWORD).status_code == 302
    assert client.get(reverse("ledgers:resident_list")).status_code == 200


def test_a_password_the_administrator_resets_must_be_changed(accounts: dict[str, User]) -> None:
    staff = accounts["staff_mc"]
    admin = admin_client(accounts)
    url = f"/admin/auth/user/{staff.pk}/password/"
    reset = {"password1": "Reset-by-admin-7", "password2": "Reset-by-admin-7"}
    response = admin.post(url, {**form_values(admin.get(url).content), **reset})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_SET)
    assert (event.username, event.target) == ("admin", f"user:{staff.pk} staff_mc")

    client = sign_in("staff_mc", "Reset-by-admin-7")
    assert_sent_to_the_change_page(client)
    logout = client.post(reverse("logout"))
    assert logout.status_code == 302 and logout["Location"] == reverse("login")

    client = sign_in("staff_mc", "Reset-by-admin-7")
    change(client, "Reset-by-admin-7", NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("ledgers:resident_list")).status_code == 200


def test_the_administrators_own_password_set_in_the_admin_is_not_owed(
    accounts: dict[str, User],
) -> None:
    admin = admin_client(accounts)
    url = f"/admin/auth/user/{accounts['admin'].pk}/password/"
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    admin.post(url, {**form_values(admin.get(url).content), **data})
    assert sign_in("admin", NEW_PASSWORD).get("/admin/").status_code == 200


def test_an_unknown_account_in_the_admins_password_form_is_not_found(
    accounts: dict[str, User],
) -> None:
    assert admin_client(accounts).get("/admin/auth/user/abc/password/").status_code in (302, 404)


def age(username: str, days: int) -> None:
    Credential.objects.filter(user__username=username).update(
        password_changed_at=timezone.now() - timedelta(days=days)
    )


def test_an_expired_password_must_be_changed(accounts: dict[str, User], settings: Any) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 90
    age("staff_mc", 91)
    age("staff_bh", 89)
    client = sign_in("staff_mc", PASSWORD)
    response = client.get(reverse("home"))
    assert response["Location"] == CHANGE
    assert "超过90天" in client.get(CHANGE).content.decode()
    change(client, PASSWORD, NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert sign_in("staff_bh", PASSWORD).get(reverse("home")).status_code == 200


def test_passwords_never_expire_by_default(accounts: dict[str, User]) -> None:
    age("staff_mc", 3650)
    assert sign_in("staff_mc", PASSWORD).get(reverse("home")).status_code == 200


def test_an_account_that_never_changed_its_password_ages_from_joining(
    accounts: dict[str, User], settings: Any
) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 30
    veteran = User.objects.create_user("veteran", password="Veteran-pass-2026")
    User.objects.filter(pk=veteran.pk).update(date_joined=timezone.now() - timedelta(days=31))
    assert sign_in("veteran", "Veteran-pass-2026").get(reverse("home"))["Location"] == CHANGE


@pytest.mark.parametrize("username", [account.username for account in demo.ACCOUNTS])
def test_demo_accounts_are_not_made_to_change_their_printed_password(
    accounts: dict[str, User], username: str
) -> None:
    response = sign_in(username, PASSWORD).get(reverse("home"))
    assert response.status_code == 200
