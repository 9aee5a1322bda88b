"""Remove the evidence packs and county workbooks finished more than DOWNLOADS_KEEP_DAYS ago,
with their files. They hold the records as they were when built (a newer one is asked for in a
minute), and each holds people's data that should not lie on the server for ever. Run it daily
from cron (docs/deployment.md); a job not finished yet is never touched."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from campaigns.models import EvidencePack
from reports.models import CountyWorkbook


class Command(BaseCommand):
    help = "Remove evidence packs and county workbooks finished more than N days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.DOWNLOADS_KEEP_DAYS,
            help="Keep what was finished within this many days (default: DOWNLOADS_KEEP_DAYS).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        before = timezone.now() - timedelta(days=days)
        for model in (EvidencePack, CountyWorkbook):
            removed = 0
            for job in model.objects.filter(finished_at__lt=before).order_by("pk").iterator():
                with transaction.atomic():
                    job.delete()
                    if job.file:  # the file goes once the row is gone for good
                        transaction.on_commit(partial(job.file.delete, save=False))
                removed += 1
            name = model._meta.verbose_name_plural
            self.stdout.write(f"{name}: {removed} removed (finished before {before:%Y-%m-%d})")
