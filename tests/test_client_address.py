"""The client address the audit log records: believed from X-Forwarded-For only when the
request came through a trusted proxy, and then read from the right, where the proxy wrote it."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from core.audit import client_ip
from core.models import AuditAction, AuditEvent

FORGED = "10.66.6.6"
REAL = "203.0.113.9"


def address(remote: str, forwarded: str | None = None) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


@pytest.fixture
def behind_proxy(settings: object) -> None:
    settings.USE_X_FORWARDED_FOR = True  # type: ignore[attr-defined]
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/30"]  # type: ignore[attr-defined]


@pytest.mark.usefixtures("behind_proxy")
def test_the_proxy_tells_the_address_and_a_forged_one_before_it_is_not_believed() -> None:
    assert address("127.0.0.1", REAL) == REAL  # X-Forwarded-For $remote_addr
    assert address("127.0.0.1", f"{FORGED}, {REAL}") == REAL  # $proxy_add_x_forwarded_for
    assert address("127.0.0.1", f"{FORGED}, {REAL}, 10.0.0.2") == REAL  # two proxies


@pytest.mark.usefixtures("behind_proxy")
def test_a_request_not_from_a_trusted_proxy_is_its_own_address() -> None:
    assert address("198.51.100.7", FORGED) == "198.51.100.7"
    assert address("127.0.0.1", "not an address") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"


def test_without_a_proxy_the_header_is_ignored(settings: object) -> None:
    settings.USE_X_FORWARDED_FOR = False  # type: ignore[attr-defined]
    assert address("198.51.100.7", REAL) == "198.51.100.7"


@pytest.mark.usefixtures("behind_proxy")
def test_a_failed_sign_in_is_logged_from_the_real_address(db: None) -> None:
    Client(REMOTE_ADDR="127.0.0.1").post(
        reverse("login"),
        {"username": "nobody", "password": "wrong"},
        HTTP_X_FORWARDED_FOR=f"{FORGED}, {REAL}",
    )
    entry = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("pk")
    assert entry.ip == REAL
