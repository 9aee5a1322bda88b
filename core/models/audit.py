"""The audit log: events that are not row changes (those are in each row's history).

Append-only and chained: each entry carries an HMAC over its predecessor's hash and its own
content (core.auditchain verifies the chain), and the database refuses UPDATE, DELETE and
TRUNCATE of the table (triggers installed by migration 0012; only the retention purge deletes).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    LOCKOUT = "lockout", _("Account locked")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    VIEW_ID_NUMBER = "view_id_number", _("Viewed a full ID number")
    PASSWORD_CHANGED = "password_changed", _("Changed their password")
    PASSWORD_SET = "password_set", _("Password set by an administrator")
    # Accounts, roles and community assignments, recorded with before/after by the app that keeps
    # them.
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_CHANGED = "account_changed", _("Account changed")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    ROLES_CHANGED = "roles_changed", _("Roles changed")
    PERMISSIONS_CHANGED = "permissions_changed", _("Permissions changed")
    ROLE_DEFINED = "role_defined", _("Role definition changed")
    ASSIGNMENT_CHANGED = "assignment_changed", _("Community assignment changed")
    GRANT_REQUESTED = "grant_requested", _("Access requested")
    GRANT_APPROVED = "grant_approved", _("Access approved")
    GRANT_REFUSED = "grant_refused", _("Access refused")
    # The holiday calendar, entered from the State Council's notice (core.calendar).
    CALENDAR_ENTERED = "calendar_entered", _("Holiday calendar entered")
    # The log itself (its export is an EXPORT like any other).
    AUDIT_PURGED = "audit_purged", _("Old audit entries purged")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


def canonical_json(value: Any) -> str:
    """The one JSON form the chain hashes: sorted keys, no spaces, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: Any, key: str | None = None) -> str:
    """HMAC-SHA256 (key AUDIT_HMAC_KEY, never stored in the database) over the previous entry's
    hash and this entry's content: time (UTC, microseconds), user id, user name, IP address,
    action, outcome, object and detail. `entry` is an AuditEvent (or a migration's copy)."""
    content = [
        entry.previous_hash,
        entry.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        entry.user_id,
        entry.username,
        entry.ip,
        str(entry.action),
        str(entry.outcome),
        entry.target,
        entry.detail,
    ]
    secret = (key if key is not None else settings.AUDIT_HMAC_KEY).encode()
    return hmac.new(secret, canonical_json(content).encode(), hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """The newest entry of the audit chain (one row): every writer locks it, so two writers
    append one after the other and the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_id = models.BigIntegerField(_("newest entry"), null=True, blank=True)
    last_hash = models.CharField(_("newest entry's hash"), max_length=64, blank=True)
    # On only inside the purge's transaction: the triggers then let it delete entries older
    # than the legal minimum (core.auditchain explains them).
    purging = models.BooleanField(_("purging"), default=False)

    class Meta:
        db_table = "ledgers_auditchainhead"
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.last_id}: {self.last_hash}"

    @classmethod
    def locked(cls) -> AuditChainHead:
        """The head row, locked until the transaction ends (SQLite's IMMEDIATE transactions
        already hold the database's one write lock)."""
        head, _ = cls.objects.select_for_update().get_or_create(pk=1)
        return head


class AuditEventQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> AuditEventQuerySet:
        """The audit log is about users, not communities: its readers read all of it."""
        if user.is_active and user.has_perm("core.view_auditevent"):
            return self
        return self.none()

    def bulk_create(  # type: ignore[override]
        self, objs: Iterable[AuditEvent], *args: Any, **kwargs: Any
    ) -> list[AuditEvent]:
        """Many entries at once, chained in their order like single ones."""
        entries = list(objs)
        with transaction.atomic(using=self.db):
            head = AuditChainHead.locked()
            previous = head.last_hash
            for entry in entries:
                previous = entry.seal(previous)
            created = super().bulk_create(entries, *args, **kwargs)  # type: ignore[arg-type]
            newest = self.order_by("-pk").values_list("pk", flat=True).first()
            AuditChainHead.objects.filter(pk=head.pk).update(last_id=newest, last_hash=previous)
        return created  # type: ignore[return-value]


class AuditEvent(models.Model):
    """An event that is not a row change (those are in each row's history): append-only."""

    # Set when the entry is appended (under the chain's lock), unless given.
    created_at = models.DateTimeField(_("time"), db_index=True, editable=False)
    # No foreign key in the database: the entry keeps the id of a deleted account (the hash
    # covers it), and deleting an account must not try to change the log.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as typed, so failed sign-ins with unknown names and deleted accounts still read right.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS
    )
    target = models.CharField(_("object"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(
        _("previous entry's hash"), max_length=64, blank=True, editable=False
    )
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "ledgers_auditevent"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The auditor's list filtered by action, newest first.
            models.Index(fields=["action", "-created_at"], name="ledgers_audit_action_time"),
            # "What did this person do": filtered by user name, newest first.
            models.Index(fields=["username", "-created_at"], name="ledgers_audit_user_time"),
            # "Who opened this record": filtered by the beginning of the object.
            models.Index(
                fields=["target"], name="ledgers_audit_target", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Audit events cannot be changed."))
        with transaction.atomic(using=kwargs.get("using")):
            head = AuditChainHead.locked()
            self.seal(head.last_hash)
            super().save(*args, **kwargs)
            AuditChainHead.objects.filter(pk=head.pk).update(last_id=self.pk, last_hash=self.hash)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Audit events cannot be deleted."))

    def seal(self, previous_hash: str) -> str:
        """Fix the content as the database will hand it back, link it to `previous_hash` and
        compute the entry's hash (returned)."""
        if self.created_at is None:
            self.created_at = timezone.now()
        self.ip = AuditEvent._meta.get_field("ip").get_prep_value(self.ip) or None  # type: ignore[union-attr]
        self.detail = json.loads(json.dumps(self.detail or {}, cls=DjangoJSONEncoder))
        self.previous_hash = previous_hash
        self.hash = entry_hash(self)
        return self.hash

    def detail_text(self) -> str:
        """The detail as the auditor reads it in the list: key: value; …"""
        return "; ".join(f"{key}: {_flat(value)}" for key, value in sorted(self.detail.items()))


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flat(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return str(value)
