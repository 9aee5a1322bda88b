"""The audit log cannot be altered unnoticed: its hash chain, verified here, and the database
triggers that refuse to change or delete entries, except the retention purge of old ones.

The triggers (installed by migration 0012, vendor by vendor) refuse every UPDATE and TRUNCATE of
the audit table, and every DELETE except one: while the purge runs, inside its transaction, the
one-row chain head has `purging` on, and then a row older than MINIMUM_KEEP_DAYS (the
Cybersecurity Law's six months, fixed in the database whatever the settings say) may go. The
flag is set and cleared within that transaction, so no other session ever sees it on.

The application's database role needs only INSERT and SELECT on the audit table
(docs/deployment.md): the triggers guard against the application itself, the grants against
anyone using its credentials, and the chain tells whoever bypassed both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditAction, AuditEvent
from core.models.audit import AuditChainHead, entry_hash

MINIMUM_KEEP_DAYS = 180
TABLE = "ledgers_auditevent"
HEAD_TABLE = "ledgers_auditchainhead"

POSTGRESQL_TRIGGERS = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE'
           AND OLD.created_at < now() - interval '{MINIMUM_KEEP_DAYS} days'
           AND EXISTS (SELECT 1 FROM {HEAD_TABLE} WHERE purging) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()
    """,
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]
# SQLite has no TRUNCATE (a DELETE without WHERE still fires the trigger on every row). Django
# stores times as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, which compares as text with strftime's.
# A migration that remakes this table on SQLite (some AlterFields do) drops its triggers:
# it must call create_triggers again.
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT (
        OLD.created_at < strftime('%Y-%m-%d %H:%M:%f', 'now', '-{MINIMUM_KEEP_DAYS} days')
        AND EXISTS (SELECT 1 FROM {HEAD_TABLE} WHERE purging)
    )
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END
    """,
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]


def _statements(connection: Any, create: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return POSTGRESQL_TRIGGERS if create else POSTGRESQL_DROP
    if connection.vendor == "sqlite":
        return SQLITE_TRIGGERS if create else SQLITE_DROP
    raise NotImplementedError(f"no audit triggers for {connection.vendor}")


def create_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, create=True):
            cursor.execute(sql)


def drop_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, create=False):
            cursor.execute(sql)


# ---- verifying ------------------------------------------------------------------------------

REASONS = {
    "content": _("its content does not match its hash: it was changed"),
    "link": _("it does not follow the entry before it: an entry was removed or inserted before it"),
    "start": _(
        "the oldest entry does not follow the last purged one: entries were removed from the "
        "beginning of the log"
    ),
    "head": _("the newest entry is not the last one written: entries were removed from the end"),
}


@dataclass(frozen=True)
class Verification:
    """The outcome of checking the chain: how many entries held, and the first that did not."""

    checked: int
    broken: AuditEvent | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return not self.reason

    @property
    def explanation(self) -> Any:
        return REASONS.get(self.reason, "")


def anchor() -> str:
    """The hash the oldest entry must follow: the last purged entry's (kept in the newest purge
    event), or nothing when nothing was ever purged."""
    purge = AuditEvent.objects.filter(action=AuditAction.AUDIT_PURGED).order_by("-pk").first()
    return str(purge.detail.get("anchor", "")) if purge else ""


def verify() -> Verification:
    """Recompute every entry's hash from the oldest remaining one, in the order written
    (about 30 µs an entry: a million take half a minute, so cron runs `verify_audit`)."""
    key = settings.AUDIT_HMAC_KEY
    expected = anchor()
    checked, last = 0, None
    for entry in AuditEvent.objects.order_by("pk").iterator(chunk_size=5_000):
        if entry.previous_hash != expected:
            return Verification(checked, entry, "start" if last is None else "link")
        if entry_hash(entry, key) != entry.hash:
            return Verification(checked, entry, "content")
        checked, last, expected = checked + 1, entry, entry.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    written = (head.last_id, head.last_hash) if head else (None, "")
    if written != ((last.pk, last.hash) if last else (None, "")):
        return Verification(checked, last, "head")
    return Verification(checked)


# ---- purging --------------------------------------------------------------------------------


class RetentionError(ValueError):
    pass


def purge(older_than_days: int) -> int:
    """Delete the entries older than `older_than_days` (never fewer than AUDIT_KEEP_DAYS), oldest
    first and without a gap, and log the purge with the last deleted entry's hash, from which
    verification then starts. Returns the number deleted."""
    from core import audit

    if older_than_days < settings.AUDIT_KEEP_DAYS:
        raise RetentionError(
            f"audit entries are kept at least {settings.AUDIT_KEEP_DAYS} days (AUDIT_KEEP_DAYS; "
            f"the Cybersecurity Law asks for six months): {older_than_days} is too few"
        )
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        head = AuditChainHead.locked()
        # By the order written, up to the first entry to keep: the chain keeps no hole even if
        # a clock once went back.
        first_kept = (
            AuditEvent.objects.filter(created_at__gte=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        doomed = AuditEvent.objects.all()
        if first_kept is not None:
            doomed = doomed.filter(pk__lt=first_kept)
        last_hash = doomed.order_by("-pk").values_list("hash", flat=True).first()
        if last_hash is None:
            return 0
        AuditChainHead.objects.filter(pk=head.pk).update(purging=True)
        deleted, _counts = doomed.delete()
        AuditChainHead.objects.filter(pk=head.pk).update(purging=False)
        audit.record(
            None,
            AuditAction.AUDIT_PURGED,
            target="审计日志",
            deleted=deleted,
            older_than_days=older_than_days,
            before=cutoff.isoformat(),
            anchor=last_hash,
        )
    return deleted


# ---- the deployment check -------------------------------------------------------------------


@register(Tags.security, deploy=True)
def check_audit_key(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if os.environ.get("AUDIT_HMAC_KEY"):
        return []
    return [
        CheckWarning(
            "AUDIT_HMAC_KEY is not set: the audit log's chain is keyed from SECRET_KEY, and a "
            "new SECRET_KEY would make every existing entry fail verification.",
            hint="Set AUDIT_HMAC_KEY to 50+ random characters, kept apart from the database.",
            id="core.W001",
        )
    ]
