"""Two background workers on one database, as on two app hosts: every job runs exactly once.

django-tasks-db's worker (`manage.py db_worker`) claims a job in one transaction: it reads the
oldest ready row with SELECT … FOR UPDATE SKIP LOCKED and marks it running before committing,
so a second worker passes over a row being claimed instead of waiting for it or taking it too.
This runs two real worker processes against the test database and counts what each one ran.
PostgreSQL only (CI's second pass): the production database of more than one host.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.worker_jobs import RUNS_TABLE, note_run

ROOT = Path(__file__).resolve().parent.parent
JOBS = 20

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="runs on PostgreSQL (DATABASE_URL), as in CI's second pass",
    ),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    """The test database as DATABASE_URL names it for another process."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"


def worker(name: str, folder: Path) -> subprocess.Popen[Any]:
    """`manage.py db_worker` as the unit starts it, leaving when the queue is empty."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--batch"]
    command += ["--no-startup-delay", "--interval", "0.1", "--worker-id", name]
    log = (folder / f"{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def test_two_workers_run_every_job_exactly_once_and_share_them(
    settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (job integer NOT NULL, pid integer NOT NULL)")
    workers: dict[str, subprocess.Popen[Any]] = {}
    try:
        queued = [note_run.enqueue(job) for job in range(JOBS)]
        assert DBTaskResult.objects.ready().count() == JOBS
        workers = {name: worker(name, tmp_path) for name in ("host-a", "host-b")}
        for name, process in workers.items():
            assert process.wait(timeout=300) == 0, (tmp_path / f"{name}.log").read_text()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT job, pid FROM {RUNS_TABLE}")
            runs = cursor.fetchall()
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")

    assert sorted(job for job, _pid in runs) == list(range(JOBS))  # each once, none missed
    by_worker = {pid for _job, pid in runs}
    assert by_worker == {process.pid for process in workers.values()}  # both took some
    results = DBTaskResult.objects.filter(id__in=[result.id for result in queued])
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert sorted(len(r.worker_ids) for r in results) == [1] * JOBS  # claimed once each
    assert {r.worker_ids[0] for r in results} == {"host-a", "host-b"}
