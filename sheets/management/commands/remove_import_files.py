"""Remove the uploaded spreadsheets the server no longer needs: each holds every ID number and
address of its sheet. A written import keeps its file while it can be undone (IMPORT_UNDO_DAYS);
one never written (errors found, not confirmed, failed) keeps it as long, for its error file and
its confirmation; an undone one needs it no more. A batch being checked or written is never
touched, and every batch keeps its record: who, when, the file's name and SHA-256, its counts.
Run it daily (deploy/systemd/tongxin-daily.service)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sheets.models import ImportBatch, ImportStatus

UNUSED = [ImportStatus.INVALID, ImportStatus.READY, ImportStatus.FAILED]


class Command(BaseCommand):
    help = "Remove uploaded import files that can no longer be undone or confirmed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.IMPORT_UNDO_DAYS,
            help="Keep the files of this many days (default: IMPORT_UNDO_DAYS).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        now = timezone.now()
        before = now - timedelta(days=days)
        spent = (
            Q(status=ImportStatus.UNDONE)
            | Q(status=ImportStatus.DONE, applied_at__lt=before)
            | Q(status__in=UNUSED, created_at__lt=before)
        )
        removed = 0
        batches = ImportBatch.objects.filter(spent, file_removed_at=None).exclude(file="")
        for pk in batches.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                # Locked and asked again: a batch confirmed or run again meanwhile keeps its file.
                batch = ImportBatch.objects.select_for_update().filter(spent, pk=pk).first()
                if batch is None or batch.file_removed_at is not None:
                    continue
                name = str(batch.file.name)
                batch.file_removed_at = now
                batch.save(update_fields=["file_removed_at"])
                transaction.on_commit(partial(batch.file.storage.delete, name))
            removed += 1
        self.stdout.write(
            f"Import files: {removed} removed (written or uploaded before {before:%Y-%m-%d})"
        )
