"""The audit log: sign-ins, failures, lockouts and sign-outs are recorded and cannot be changed."""

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core import audit
from core.models import AuditAction, AuditEvent, AuditOutcome
from tests.helpers import assert_fixed_queries

PASSWORD = "tongxin-demo-2026"


def sign_in(client: Client, username: str, password: str) -> object:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3"
    )


def test_sign_in_and_out_are_logged_with_ip(accounts: dict[str, User]) -> None:
    client = Client()
    sign_in(client, "staff_mc", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    signing = AuditEvent.objects.filter(action__in=[AuditAction.LOGIN, AuditAction.LOGOUT])
    events = list(signing.order_by("pk").values_list("username", "action", "ip"))
    assert events == [
        ("staff_mc", AuditAction.LOGIN, "10.1.2.3"),
        ("staff_mc", AuditAction.LOGOUT, "10.1.2.3"),
    ]


def test_failed_sign_in_is_logged_with_the_typed_name(accounts: dict[str, User]) -> None:
    sign_in(Client(), "nobody", "wrong")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.username, event.action, event.outcome, event.user) == (
        "nobody",
        AuditAction.LOGIN_FAILED,
        AuditOutcome.FAILURE,
        None,
    )


def test_lockout_is_logged(accounts: dict[str, User]) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "staff_mc", "wrong-password")
    assert AuditEvent.objects.filter(action=AuditAction.LOCKOUT, username="staff_mc").count() == 1


def test_events_cannot_be_changed_or_deleted(accounts: dict[str, User]) -> None:
    event = audit.record(None, AuditAction.EXPORT, user=accounts["staff_mc"], target="居民台账")
    event.target = "something else"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).target == "居民台账"


def test_not_even_a_superuser_edits_events_in_the_admin(db: None) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "Root-pass-2026")
    event = audit.record(None, AuditAction.EXPORT, user=root, target="居民台账")
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert client.post(change, {"target": "x", "action": "export"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).target == "居民台账"


def test_auditor_filters_the_log(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    audit.record(None, AuditAction.EXPORT, user=accounts["staff_mc"], target="居民台账")
    audit.record(None, AuditAction.LOGIN_FAILED, username="staff_bh", outcome=AuditOutcome.FAILURE)
    response = client_as("auditor").get(reverse("audit"), {"action": "export"})
    rows = list(response.context["object_list"])
    assert [(e.username, e.target) for e in rows] == [("staff_mc", "居民台账")]
    response = client_as("auditor").get(reverse("audit"), {"username": "staff_bh"})
    assert [e.username for e in response.context["object_list"]] == ["staff_bh"]
    response = client_as("auditor").get(reverse("audit"), {"target": "居民"})
    assert [e.username for e in response.context["object_list"]] == ["staff_mc"]


def test_audit_log_queries_do_not_grow(client_as: Callable[[str], Client]) -> None:
    def add_events(n: int) -> None:
        AuditEvent.objects.bulk_create(
            AuditEvent(username=f"user{i}", action=AuditAction.EXPORT, target="居民台账")
            for i in range(n)
        )

    assert_fixed_queries(client_as("auditor"), reverse("audit"), add_events)
