"""The audit log: events that are not row changes (those are in each row's history)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AuditEventQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> AuditEventQuerySet:
        """The audit log is about users, not communities: its readers read all of it."""
        if user.is_active and user.has_perm("ledgers.view_auditevent"):
            return self
        return self.none()


class AuditEvent(models.Model):
    """An event that is not a row change (those are in each row's history): append-only."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
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

    objects = AuditEventQuerySet.as_manager()

    class Meta:
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
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Audit events cannot be deleted."))
