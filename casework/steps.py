"""What every workflow step of casework records: who, when, a note and the step's facts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scope import ScopedQuerySet


class Step(models.Model):
    """One step of a case's workflow. A subclass adds the case it belongs to, its kinds of step
    and its states (`kind`, `from_state`, `to_state`), and its scope_path."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # Facts of the step: deadlines before and after an extension, dates, document numbers, sums.
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
