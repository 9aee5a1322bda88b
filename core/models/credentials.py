"""Each account's password state: a change it owes (first sign-in, a reset) and its age."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Credential(models.Model):
    """An account's password state (no row: nothing owed, age counted from joining)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        primary_key=True,
        related_name="credential",
        verbose_name=_("user"),
    )
    # Set when an administrator creates the account or sets its password; cleared when the
    # person chooses their own.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta:
        db_table = "ledgers_credential"
        verbose_name = _("password state")
        verbose_name_plural = _("password states")

    def __str__(self) -> str:
        return str(self.user)
