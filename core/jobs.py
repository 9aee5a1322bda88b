"""What the background jobs share (an import, an evidence pack, a county workbook): their sign
of life while they run, the end of a job whose worker died, whether the worker seems not to be
running, and the whole page or, when htmx polls, only the part that shows the job's state
(templates/includes/job_running.html while it runs).

A sign of life, and why it works on both databases. A running job's `heartbeat_at` is written
every JOB_STALE_SECONDS / 4 by a thread of the worker with its own database connection, so the
job's own work, even inside one long transaction (an import's apply), does not hold it back:
on PostgreSQL that transaction locks the job's row only at its very end. On SQLite, whose
transactions take the whole database's write lock (BEGIN IMMEDIATE), the thread cannot write
while an apply runs; but that lock is itself the sign of life, since the operating system
releases it the moment its process dies. So a job counts as dead when it has given no sign for
JOB_STALE_SECONDS and, on SQLite, nobody holds the write lock. Its transaction, if it had one,
rolled back with the process: a dead job has written nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, models, router
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

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


# ---- signs of life and dead workers --------------------------------------------------------


@dataclass(frozen=True)
class JobKind:
    """A model of background jobs (with `status`, `message` and `heartbeat_at`): the states in
    which a worker is at it, and how a job whose worker died ends."""

    model: type[models.Model]
    running: tuple[str, ...]
    failed: str
    message: Any  # what its page says then (lazy: translated when it is written)
    # More fields to set then: name → value, or a callable of now giving the value.
    also: dict[str, Any] = field(default_factory=dict)


KINDS: dict[type[models.Model], JobKind] = {}


def register(kind: JobKind) -> None:
    """Called from an app's ready(): the sweep (manage.py fail_stale_jobs) covers its jobs."""
    KINDS[kind.model] = kind


def stale_after() -> timedelta:
    return timedelta(seconds=settings.JOB_STALE_SECONDS)


@contextmanager
def heartbeat(job: models.Model) -> Iterator[None]:
    """Give the job a sign of life now and every JOB_STALE_SECONDS / 4 while the block runs."""
    model, pk = type(job), job.pk
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now())
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.JOB_STALE_SECONDS / 4):
                # On SQLite during an apply this fails: the write lock says it (see above).
                with suppress(DatabaseError):
                    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"heartbeat {model.__name__} {pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def fail_if_stale(job: models.Model) -> bool:
    """Mark the job failed if its worker died (the page of a job asks this each time it is
    viewed); True when it was, and the job is then read again."""
    kind = KINDS[type(job)]
    if getattr(job, "status", None) not in kind.running:
        return False
    if fail_stale(kind, pk=job.pk):
        job.refresh_from_db()
        return True
    return False


def fail_stale(kind: JobKind, pk: Any = None) -> int:
    """Mark failed the jobs of this kind (or only `pk`) whose worker died; how many were."""
    now = timezone.now()
    silent = Q(heartbeat_at__lt=now - stale_after()) | Q(heartbeat_at__isnull=True)
    stale = kind.model._default_manager.filter(silent, status__in=kind.running)
    if pk is not None:
        stale = stale.filter(pk=pk)
    if not stale.exists() or writer_alive(kind.model):
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # stored, shown to whoever looks
        message = str(kind.message)
    also = {name: value(now) if callable(value) else value for name, value in kind.also.items()}
    return stale.update(status=kind.failed, message=message, **also)


def writer_alive(model: type[models.Model]) -> bool:
    """SQLite only: whether a connection holds the database's write lock, as a running apply
    does for its whole transaction. A probe on its own connection asks for the lock without
    waiting. (An in-memory database has no other process to ask about.)"""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return False
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()
    return False


def fail_all_stale() -> dict[type[models.Model], int]:
    """The sweep: every registered kind's jobs whose worker died, marked failed."""
    return {model: fail_stale(kind) for model, kind in KINDS.items()}
