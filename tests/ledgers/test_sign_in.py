"""Signing in: Chinese pages, lockout by username, the office's password rule, idle sessions."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

PASSWORD = "tongxin-demo-2026"


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.8") -> object:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_page_speaks_chinese(db: None) -> None:
    page = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "登录" in page
    assert 'lang="zh-CN"' in page


def test_wrong_password_shows_a_chinese_error(accounts: dict[str, User]) -> None:
    response = sign_in(Client(), "staff_mc", "nope")
    assert "请输入一个正确的" in response.content.decode()  # type: ignore[attr-defined]


def test_five_failures_lock_the_username_not_the_office(accounts: dict[str, User]) -> None:
    client = Client()
    for _ in range(4):
        assert sign_in(client, "staff_mc", "wrong").status_code == 200  # type: ignore[attr-defined]
    locked = sign_in(client, "staff_mc", "wrong")
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "账号已锁定" in locked.content.decode()  # type: ignore[attr-defined]
    # Even the right password is refused while locked …
    assert sign_in(Client(), "staff_mc", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    # … but a colleague in the same office (same IP address) still signs in.
    assert sign_in(Client(), "staff_bh", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_password_rule() -> None:
    user = get_user_model()(username="wangjianhua")
    for weak in ["Ab1!", "abcdefghij", "abcdefgh12", "password123", "Wangjianhua1"]:
        try:
            validate_password(weak, user)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    validate_password("tongxin-demo-2026", user)
    validate_password("Hu4ngHe-river", user)


def test_session_ends_after_idle_time_and_each_request_renews_it(
    accounts: dict[str, User],
) -> None:
    client = Client()
    sign_in(client, "staff_mc", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = Session.objects.get(session_key=key)
    idle = timedelta(minutes=30)
    assert abs(session.expire_date - (timezone.now() + idle)) < timedelta(seconds=30)

    # Twenty minutes of quiet, then a request: the half hour starts again.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=10))
    assert client.get(reverse("home")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)

    # Thirty-one minutes of quiet: signed out.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 302


def test_language_switch_to_english_and_back(accounts: dict[str, User]) -> None:
    client = Client()
    sign_in(client, "staff_mc", PASSWORD)
    assert "我的社区" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My communities" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "我的社区" in client.get(reverse("home")).content.decode()


def test_pages_carry_a_strict_content_security_policy(db: None) -> None:
    policy = Client().get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
