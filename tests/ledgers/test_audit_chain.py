"""Nobody alters the audit log unnoticed: the database refuses changes and deletions, the hash
chain shows any made behind its back, and only the purge of entries past 180 days removes any."""

import importlib
import io
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import audit, auditchain
from core.models import AuditAction, AuditEvent
from core.models.audit import AuditChainHead

ROOT = Path(__file__).resolve().parent.parent.parent


def add(n: int, **fields: Any) -> list[AuditEvent]:
    return [
        audit.record(None, AuditAction.EXPORT, username=f"user{i}", target=f"台账{i}", **fields)
        for i in range(n)
    ]


@pytest.fixture
def unguarded() -> Iterator[None]:
    """The triggers dropped, as someone with the database owner's rights could (the test's
    transaction puts them back)."""
    auditchain.drop_triggers(connection)
    yield
    auditchain.create_triggers(connection)


def raw(sql: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_command() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


# ---- the database refuses ----------------------------------------------------------------------


def test_the_database_refuses_updates_and_deletes_through_the_orm(db: None) -> None:
    event = add(1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(target="改过")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).target == "台账0"


def test_the_database_refuses_updates_and_deletes_in_raw_sql(db: None) -> None:
    event = add(1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("UPDATE ledgers_auditevent SET target = %s WHERE id = %s", "改过", event.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("DELETE FROM ledgers_auditevent WHERE id = %s", event.pk)
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            raw("TRUNCATE ledgers_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).target == "台账0"


def test_not_even_the_purge_flag_lets_a_recent_entry_go(db: None) -> None:
    event = add(1)[0]
    AuditChainHead.objects.filter(pk=1).update(purging=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_an_account_keeps_its_entries(accounts: dict[str, User]) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "staff_zy", "password": "tongxin-demo-2026"})
    user = accounts["staff_zy"]
    user_id = user.pk
    user.delete()
    login = AuditEvent.objects.get(action=AuditAction.LOGIN, username="staff_zy")
    assert login.user_id == user_id
    assert auditchain.verify().intact


# ---- the chain ---------------------------------------------------------------------------------


def test_each_entry_is_chained_to_the_one_before(db: None) -> None:
    first, second = add(2)
    assert first.previous_hash == "" and len(first.hash) == 64
    assert second.previous_hash == first.hash
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (second.pk, second.hash)


def test_an_intact_log_verifies(db: None) -> None:
    add(5, rows=3, filters={"q": "马"})
    AuditEvent.objects.bulk_create(AuditEvent(username="bulk", action="export") for _ in range(3))
    result = auditchain.verify()
    assert result.intact and result.checked == 8
    status, output = verify_command()
    assert status == 0 and "intact: 8 entries" in output


def test_a_changed_entry_is_named(db: None, unguarded: None) -> None:
    events = add(5)
    raw("UPDATE ledgers_auditevent SET target = %s WHERE id = %s", "别的台账", events[2].pk)
    result = auditchain.verify()
    assert (result.broken, result.reason, result.checked) == (events[2], "content", 2)
    status, output = verify_command()
    assert status == 1 and f"entry #{events[2].pk}" in output and "changed" in output


def test_a_removed_entry_breaks_the_chain_at_the_next(db: None, unguarded: None) -> None:
    events = add(5)
    raw("DELETE FROM ledgers_auditevent WHERE id = %s", events[1].pk)
    result = auditchain.verify()
    assert (result.broken, result.reason) == (events[2], "link")


def test_a_removed_newest_entry_is_noticed(db: None, unguarded: None) -> None:
    events = add(3)
    raw("DELETE FROM ledgers_auditevent WHERE id = %s", events[2].pk)
    result = auditchain.verify()
    assert (result.broken, result.reason) == (events[1], "head")


def test_a_rehashed_entry_does_not_verify_without_the_key(db: None, settings: object) -> None:
    add(2)
    settings.AUDIT_HMAC_KEY = "another key"  # type: ignore[attr-defined]
    result = auditchain.verify()
    assert result.reason == "content" and result.checked == 0


def test_the_migration_chains_the_entries_written_before(db: None, unguarded: None) -> None:
    add(4)
    raw("UPDATE ledgers_auditevent SET hash = '', previous_hash = ''")
    AuditChainHead.objects.all().delete()
    assert not auditchain.verify().intact
    migration = importlib.import_module("ledgers.migrations.0017_audit_chain_existing")
    # The models as that migration knew them (the audit log was then the ledgers app's).
    state = MigrationLoader(connection).project_state(("ledgers", "0017_audit_chain_existing"))
    migration.chain(state.apps, None)
    assert auditchain.verify().intact


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_never_fork_the_chain() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        # Threads share the in-memory test database's cache, whose table locks fail at once
        # instead of waiting; a SQLite file serialises writers (BEGIN IMMEDIATE) by itself.
        pytest.skip("needs a database that several connections can write: PostgreSQL")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        start.wait()
        try:
            for i in range(25):
                with transaction.atomic():
                    audit.record(None, AuditAction.EXPORT, username=name, target=str(i))
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.count() == 50
    hashes = list(AuditEvent.objects.values_list("previous_hash", flat=True))
    assert len(set(hashes)) == 50  # no two entries follow the same one
    assert auditchain.verify().intact


# ---- keeping and purging ----------------------------------------------------------------------


def _entry_at(when: datetime, username: str) -> AuditEvent:
    event = AuditEvent(created_at=when, username=username, action=AuditAction.LOGIN)
    event.save()
    return event


def old_entries(days: int, n: int) -> list[AuditEvent]:
    when = timezone.now() - timedelta(days=days)
    return [_entry_at(when + timedelta(minutes=i), f"old{i}") for i in range(n)]


def test_the_purge_keeps_six_months_and_the_chain_verifiable(db: None) -> None:
    old = old_entries(400, 3)
    recent = [_entry_at(timezone.now() - timedelta(days=100), "recent")]
    out = io.StringIO()
    call_command("purge_audit", "--older-than", "180", stdout=out)
    assert "deleted: 3" in out.getvalue()
    remaining = list(AuditEvent.objects.order_by("pk"))
    assert remaining[0] == recent[0]
    purge = remaining[-1]
    assert purge.action == AuditAction.AUDIT_PURGED
    assert purge.detail["deleted"] == 3 and purge.detail["anchor"] == old[-1].hash
    assert auditchain.verify().intact


def test_the_purge_refuses_fewer_than_180_days(db: None) -> None:
    old_entries(400, 1)
    with pytest.raises(CommandError, match="180"):
        call_command("purge_audit", "--older-than", "179")
    assert AuditEvent.objects.count() == 1


def test_the_purge_respects_a_longer_keep(db: None, settings: object) -> None:
    settings.AUDIT_KEEP_DAYS = 365  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="365"):
        call_command("purge_audit", "--older-than", "200")


def test_removing_the_oldest_entries_after_a_purge_is_noticed(db: None, unguarded: None) -> None:
    old_entries(400, 2)
    kept = [_entry_at(timezone.now() - timedelta(days=10), f"kept{i}") for i in range(2)]
    auditchain.purge(180)
    raw("DELETE FROM ledgers_auditevent WHERE id = %s", kept[0].pk)
    result = auditchain.verify()
    assert (result.broken, result.reason) == (kept[1], "start")


def test_a_keep_below_180_days_stops_the_start() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DEBUG": "1",
            "AUDIT_KEEP_DAYS": "90",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "AUDIT_KEEP_DAYS" in result.stderr


# ---- the auditor's pages ----------------------------------------------------------------------


def test_the_auditor_reads_the_verdict_in_chinese(
    client_as: Callable[[str], Client], unguarded: None
) -> None:
    events = add(3)
    page = client_as("auditor").get(reverse("audit_verify"))
    assert "审计日志完整" in page.content.decode()
    assert reverse("audit_verify") in client_as("auditor").get(reverse("audit")).content.decode()
    raw("UPDATE ledgers_auditevent SET username = %s WHERE id = %s", "别人", events[1].pk)
    text = client_as("auditor").get(reverse("audit_verify")).content.decode()
    assert "审计日志被改动过" in text and f"#{events[1].pk}" in text


def test_the_auditor_exports_the_log_and_the_export_is_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    add(3)
    response = client_as("auditor").get(reverse("audit_export"), {"action": "export"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[2]][:5] == ["时间", "用户名", "用户ID", "IP地址", "操作"]
    assert sorted(row[6] for row in sheet.iter_rows(min_row=3, values_only=True)) == [
        "台账0",
        "台账1",
        "台账2",
    ]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("pk")
    assert (event.username, event.target, event.detail["rows"]) == ("auditor", "审计日志", 3)
    assert event.detail["filters"] == {"action": "export"}


def test_the_log_exports_as_csv_too(client_as: Callable[[str], Client]) -> None:
    add(2)
    response = client_as("auditor").get(reverse("audit_export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert text.startswith("时间,用户名,用户ID") and "台账1" in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, username="auditor").exists()
