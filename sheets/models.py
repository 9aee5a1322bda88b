"""Spreadsheet imports: each upload is a batch that is validated, previewed, applied, undone."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    VALIDATING = "validating", _("Checking")
    INVALID = "invalid", _("Errors found")
    READY = "ready", _("Ready to import")
    QUEUED = "queued", _("Confirmed, waiting for the background worker")
    APPLYING = "applying", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Could not be read")
    UNDONE = "undone", _("Undone")


class ImportBatchQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ImportBatchQuerySet:
        """Everyone sees their own imports; leaders and county users see all."""
        from core.scope import sees_all_communities

        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self if sees_all_communities(user) else self.filter(user=user)


def upload_path(batch: ImportBatch, filename: str) -> str:
    # A name nobody can guess, never the user's file name (that is kept in file_name).
    return f"imports/{uuid.uuid4().hex}.bin"


class ImportBatch(models.Model):
    """One uploaded spreadsheet: who, when, which file, what it did, and how to undo it."""

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    ledger = models.CharField(_("ledger"), max_length=40)
    file = models.FileField(_("file"), upload_to=upload_path)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    progress = models.PositiveIntegerField(_("rows checked"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # [{"row": 17, "column": "公民身份号码", "message": "…"}, …] — every error of the file.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    unknown_columns = models.JSONField(_("unknown columns"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    created_ids = models.JSONField(default=list, blank=True)
    # The Excel row of each of created_ids, in the same order (what an undo refusal names).
    created_rows = models.JSONField(default=list, blank=True)
    updated_ids = models.JSONField(default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    # While it is checked or written: its last sign of life (core.jobs), and, when its
    # worker was found dead, the step it was in (the page offers to run it again).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    stopped_while = models.CharField(
        _("stopped while"), max_length=12, choices=ImportStatus.choices, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    # When manage.py remove_import_files removed the uploaded file (its rows are in the ledger
    # or were never written; the file held every ID number of the sheet).
    file_removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        db_table = "ledgers_importbatch"
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A user's imports of one ledger, newest first (the import page's list).
            models.Index(fields=["user", "ledger", "-created_at"], name="ledgers_import_user"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("sheets:import_batch", args=[self.pk])

    @property
    def change_reason(self) -> str:
        """What the rows' history says about this batch (and what undo looks for)."""
        return f"导入批次 #{self.pk}"

    @property
    def undo_until(self) -> datetime | None:
        """The last moment this written import can be undone (IMPORT_UNDO_DAYS)."""
        if self.applied_at is None:
            return None
        return self.applied_at + timedelta(days=settings.IMPORT_UNDO_DAYS)

    @property
    def undoable(self) -> bool:
        until = self.undo_until
        return self.status == ImportStatus.DONE and until is not None and timezone.now() <= until

    @property
    def finished(self) -> bool:
        return self.status in {
            ImportStatus.INVALID,
            ImportStatus.READY,
            ImportStatus.DONE,
            ImportStatus.FAILED,
            ImportStatus.UNDONE,
        }
