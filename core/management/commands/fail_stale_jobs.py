"""Mark failed the background jobs (imports, evidence packs, county workbooks) whose worker died:
no sign of life for JOB_STALE_SECONDS (core.jobs). A job's page does the same when it is
viewed; run this from cron (every few minutes) so that lists and counts say it too."""

from typing import Any

from django.core.management.base import BaseCommand

from core import jobs


class Command(BaseCommand):
    help = "Mark failed the background jobs whose worker stopped giving signs of life."

    def handle(self, *args: Any, **options: Any) -> None:
        for model, failed in jobs.fail_all_stale().items():
            name = model._meta.verbose_name_plural
            self.stdout.write(f"{name}: {failed} marked failed (their worker stopped)")
