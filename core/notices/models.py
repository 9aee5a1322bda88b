"""Notices (提醒): what a rule found that a person must know, once per rule, record, threshold and
person, resolved by the rule itself when the condition clears."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user: Any) -> NoticeQuerySet:
        """A person's own notices; nobody reads another's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def current(self) -> NoticeQuerySet:
        """Still true: the condition that wrote them holds."""
        return self.filter(resolved_at=None)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at=None, resolved_at=None)


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    rule = models.CharField(_("rule"), max_length=40)
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Which step of the rule: "7", "3", "1" working days before, "overdue", "failed" …
    threshold = models.CharField(_("threshold"), max_length=20)
    title = models.CharField(_("notice"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "threshold", "recipient"],
                name="core_notice_once",
            )
        ]
        indexes = [
            # The bell and the inbox: a person's current notices, newest first.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(resolved_at=None),
                name="core_notice_inbox",
            ),
            # A rule's run: its current notices.
            models.Index(fields=["rule"], condition=Q(resolved_at=None), name="core_notice_rule"),
        ]

    def __str__(self) -> str:
        return self.title


def thresholds_validator(value: str) -> None:
    try:
        numbers = [int(part) for part in value.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        numbers = []
    if not numbers or any(n < 0 or n > 365 for n in numbers):
        raise ValidationError(
            _("Write whole numbers from 0 to 365 separated by commas, e.g. 7,3,1."), code="invalid"
        )


class RuleSetting(models.Model):
    """An administrator's choice for one rule: on or off, and its thresholds in days."""

    rule = models.CharField(_("rule"), max_length=40, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    thresholds = models.CharField(
        _("thresholds (days)"),
        max_length=100,
        validators=[thresholds_validator],
        help_text=_("Whole numbers separated by commas, e.g. 7,3,1."),
    )

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["rule"]

    def __str__(self) -> str:
        from core.notices import registry

        rule = registry.RULES.get(self.rule)
        return str(rule.label) if rule else self.rule

    @property
    def numbers(self) -> tuple[int, ...]:
        parts = self.thresholds.replace("，", ",").split(",")
        return tuple(sorted({int(p) for p in parts if p.strip()}, reverse=True))
