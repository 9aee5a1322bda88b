"""A job for tests/test_two_workers.py: it notes which worker process ran it and, until both
workers have run one, waits for the other (at most a minute), so that however slowly either
process starts, the two have jobs to share while each job is in hand."""

import os
import time

from django.db import connection
from django_tasks import task

RUNS_TABLE = "test_two_workers_runs"
WAIT_SECONDS = 60


@task()
def note_run(job: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RUNS_TABLE} (job, pid) VALUES (%s, %s)", [job, os.getpid()])
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(DISTINCT pid) FROM {RUNS_TABLE}")
            (workers,) = cursor.fetchone() or (0,)
            if workers >= 2:
                break
            time.sleep(0.05)
    time.sleep(0.05)
    return os.getpid()
