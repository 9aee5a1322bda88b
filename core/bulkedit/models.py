"""BulkEdit: one bulk edit as it was applied, enough to list it and undo it as one batch."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import sees_all_communities


class BulkEditQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> BulkEditQuerySet:
        """A person's own bulk edits; those who read every community read every edit."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_communities(user):
            return self
        return self.filter(user=user)


class BulkEdit(models.Model):
    """批量修改 — an action run on the rows of a filtered list, with what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=50)
    description = models.CharField(_("change"), max_length=200, blank=True)
    source = models.CharField(_("list"), max_length=50)
    query = models.TextField(_("filter"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, encoder=DjangoJSONEncoder)
    count = models.PositiveIntegerField(_("rows selected"), default=0)
    changed = models.PositiveIntegerField(_("rows changed"), default=0)
    ids = models.JSONField(_("rows of the list"), default=list)
    # "app_label.model" → {pk: {"version": the version after the edit, "values": before}}
    before = models.JSONField(_("values before"), default=dict, encoder=DjangoJSONEncoder)
    # "app_label.model" → {pk: version}: the rows the edit added
    created = models.JSONField(_("rows added"), default=dict)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    objects = BulkEditQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulk edit")
        verbose_name_plural = _("bulk edits")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def get_absolute_url(self) -> str:
        return reverse("bulkedit:detail", args=[self.pk])

    @property
    def change_reason(self) -> str:
        """What the rows' history says about this edit."""
        return f"批量修改 #{self.pk}"

    @property
    def undo_reason(self) -> str:
        return f"撤销批量修改 #{self.pk}"
