"""What the pages of the background jobs share (an import, an evidence pack, a county workbook):
whether the worker seems not to be running, and the whole page or, when htmx polls, only the
part that shows the job's state (templates/includes/job_running.html while it runs)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# Still waiting to start after this long: the background worker may not be running.
WORKER_LATE = timedelta(seconds=30)


def worker_late(still_waiting: bool, since: datetime) -> bool:
    """A job that has not started `WORKER_LATE` after it was asked for (`since`)."""
    return still_waiting and timezone.now() - since > WORKER_LATE


def kept_until(finished_at: datetime | None) -> date | None:
    """The last day a finished download (an evidence pack, a county workbook) is kept before
    manage.py expire_downloads removes it."""
    if finished_at is None:
        return None
    return timezone.localdate(finished_at) + timedelta(days=settings.DOWNLOADS_KEEP_DAYS)


def render_job(
    request: HttpRequest, page: str, status: str, context: dict[str, Any]
) -> HttpResponse:
    """The job's page, or only its status part (`status`) when htmx polls for it."""
    polled = getattr(request, "htmx", False)  # django-htmx's middleware sets it
    return render(request, status if polled else page, context)
