"""The pages of background jobs (an import, an evidence pack, a county workbook) share how they
show a job still running and warn when the background worker seems not to be running."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import EvidencePack
from core.jobs import WORKER_LATE, worker_late
from ledgers.models import Community, Resident
from reports.models import CountyWorkbook
from sheets.models import ImportBatch
from tests.campaigns.test_evidence_pages import pack_of

ROOT = Path(__file__).resolve().parent.parent.parent
WARNING = "后台任务"  # …的服务可能没有运行: the start of the zh-Hans warning


def test_a_job_is_late_only_while_it_still_waits_past_the_limit() -> None:
    long_ago = timezone.now() - WORKER_LATE - timedelta(seconds=1)
    assert worker_late(True, long_ago)
    assert not worker_late(False, long_ago)  # started: whatever it takes now is its work
    assert not worker_late(True, timezone.now())


def _import(user: User, **fields: Any) -> ImportBatch:
    batch = ImportBatch(user=user, ledger="residents", file_name="台账.xlsx", **fields)
    batch.file.save("x.bin", ContentFile(b"x"), save=False)
    batch.save()
    return batch


def _workbook(user: User, **fields: Any) -> CountyWorkbook:
    return CountyWorkbook.objects.create(
        requested_by=user, period_kind="year", year=timezone.localdate().year, **fields
    )


def _pack(user: User, community: Community, **fields: Any) -> EvidencePack:
    return pack_of(user, fields.pop("status"), community, **fields)


JOBS: dict[str, tuple[Callable[..., Any], str, dict[str, Any], dict[str, Any]]] = {
    # the job, its "requested at" field, waiting, running with progress
    "import": (
        _import,
        "created_at",
        {"status": "pending"},
        {"status": "validating", "total_rows": 200, "progress": 50},
    ),
    "workbook": (
        _workbook,
        "requested_at",
        {"status": "pending"},
        {"status": "running", "progress": 25},
    ),
    "pack": (
        _pack,
        "requested_at",
        {"status": "queued"},
        {"status": "building", "total": 8, "progress": 2},
    ),
}


def _job(kind: str, user: User, community: Community, state: str) -> Any:
    make, _requested_at, waiting, running = JOBS[kind]
    fields = waiting if state == "waiting" else {**running, "heartbeat_at": timezone.now()}
    return make(user, community, **fields) if kind == "pack" else make(user, **fields)


def _asked_long_ago(kind: str, job: Any) -> None:
    since = timezone.now() - WORKER_LATE - timedelta(seconds=5)
    type(job).objects.filter(pk=job.pk).update(**{JOBS[kind][1]: since})


@pytest.mark.parametrize("kind", JOBS)
def test_each_job_page_warns_when_the_worker_seems_stopped(
    kind: str,
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
) -> None:
    job = _job(kind, accounts["staff_mc"], miaochuan, "waiting")
    client = client_as("staff_mc")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<progress" in page and WARNING not in page
    _asked_long_ago(kind, job)
    polled = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert WARNING in polled and "<html" not in polled


def test_a_confirmed_import_warns_when_the_worker_seems_stopped(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    batch = _import(accounts["staff_mc"], status="queued", confirmed_at=timezone.now())
    client = client_as("staff_mc")
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "<progress" in page and WARNING not in page and "confirm-import" not in page
    ImportBatch.objects.filter(pk=batch.pk).update(
        confirmed_at=timezone.now() - WORKER_LATE - timedelta(seconds=5)
    )
    assert WARNING in client.get(batch.get_absolute_url()).content.decode()


@pytest.mark.parametrize("kind", JOBS)
def test_each_job_page_shows_how_far_a_running_job_is(
    kind: str,
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
) -> None:
    job = _job(kind, accounts["staff_mc"], miaochuan, "running")
    _asked_long_ago(kind, job)
    page = client_as("staff_mc").get(job.get_absolute_url()).content.decode()
    running = JOBS[kind][3]
    value, top = running["progress"], running.get("total_rows") or running.get("total") or 100
    assert f'max="{top}" value="{value}"' in page
    assert WARNING not in page  # it is running: the worker is there


def test_old_downloads_are_removed_with_their_files_and_nothing_else(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """expire_downloads removes packs and workbooks finished more than DOWNLOADS_KEEP_DAYS ago
    (built or failed), with their files; newer ones and jobs still running stay."""
    settings.DOWNLOADS_KEEP_DAYS = 30
    user = accounts["staff_mc"]
    now = timezone.now()
    old_pack = _pack(user, miaochuan, status="done")
    new_pack = _pack(user, miaochuan, status="done")
    running_pack = _pack(user, miaochuan, status="building")
    old_book = _workbook(user, status="failed", message="x")
    old_book.file.save("w.xlsx", ContentFile(b"PK"), save=True)
    new_book = _workbook(user, status="done")
    EvidencePack.objects.filter(pk=old_pack.pk).update(finished_at=now - timedelta(days=31))
    EvidencePack.objects.filter(pk=new_pack.pk).update(finished_at=now - timedelta(days=29))
    EvidencePack.objects.filter(pk=running_pack.pk).update(requested_at=now - timedelta(days=90))
    CountyWorkbook.objects.filter(pk=old_book.pk).update(finished_at=now - timedelta(days=40))
    CountyWorkbook.objects.filter(pk=new_book.pk).update(finished_at=now)
    files = [old_pack.file.path, old_book.file.path, new_pack.file.path]

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_downloads", stdout=out)

    assert set(EvidencePack.objects.values_list("pk", flat=True)) == {new_pack.pk, running_pack.pk}
    assert set(CountyWorkbook.objects.values_list("pk", flat=True)) == {new_book.pk}
    assert [Path(f).exists() for f in files] == [False, False, True]
    assert "1 removed" in out.getvalue()


def test_a_finished_download_says_until_when_it_is_kept(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    pack = _pack(accounts["staff_mc"], miaochuan, status="done")
    EvidencePack.objects.filter(pk=pack.pk).update(finished_at=timezone.now())
    last = timezone.localdate() + timedelta(days=30)
    page = client_as("staff_mc").get(pack.get_absolute_url()).content.decode()
    assert f"保留至{last:%Y-%m-%d}" in page


# ---- a worker that dies --------------------------------------------------------------------

STOPPED = {  # what the page of a job whose worker died says, in part
    "import": "后台任务意外中止",
    "workbook": "后台任务在生成时中止",
    "pack": "后台任务在生成时中止",
}


@pytest.mark.parametrize("kind", JOBS)
def test_a_job_silent_past_the_limit_is_failed_when_its_page_is_viewed(
    kind: str,
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    settings: Any,
) -> None:
    settings.JOB_STALE_SECONDS = 60
    job = _job(kind, accounts["staff_mc"], miaochuan, "running")
    client = client_as("staff_mc")
    assert "<progress" in client.get(job.get_absolute_url()).content.decode()  # alive

    silent = timezone.now() - timedelta(seconds=61)
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=silent)
    polled = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()

    job.refresh_from_db()
    assert job.status == "failed" and STOPPED[kind] in job.message
    assert STOPPED[kind] in polled and "<progress" not in polled and "hx-trigger" not in polled
    if kind == "import":
        assert "没有写入任何数据" in polled and "retry-import" in polled
        assert job.stopped_while == "validating"
    else:
        assert job.finished_at is not None  # expire_downloads will clear it in time


def test_the_sweep_fails_every_silent_job_and_leaves_live_ones(
    accounts: dict[str, User], miaochuan: Community, settings: Any
) -> None:
    settings.JOB_STALE_SECONDS = 60
    user = accounts["staff_mc"]
    long_ago = timezone.now() - timedelta(minutes=5)
    dead = [
        _import(user, status="applying", heartbeat_at=long_ago),
        _workbook(user, status="running"),  # no sign at all: started before heartbeats
        _pack(user, miaochuan, status="building", heartbeat_at=long_ago),
    ]
    alive = _import(user, status="validating", heartbeat_at=timezone.now())
    waiting = _import(user, status="pending")
    out = io.StringIO()

    call_command("fail_stale_jobs", stdout=out)

    statuses = [type(job)._default_manager.values_list("status").get(pk=job.pk) for job in dead]
    assert statuses == [("failed",)] * 3
    assert ImportBatch.objects.get(pk=dead[0].pk).stopped_while == "applying"
    assert ImportBatch.objects.get(pk=alive.pk).status == "validating"
    assert ImportBatch.objects.get(pk=waiting.pk).status == "pending"
    assert "1 marked failed" in out.getvalue()


def test_an_import_found_dead_while_applying_is_not_written_after_all(
    accounts: dict[str, User], mc_people: dict[str, Any], monkeypatch: Any
) -> None:
    """If the worker was only frozen and comes back, its transaction rolls back rather than
    write an import its page already called failed."""
    from ledgers.people.resources import RESIDENTS
    from sheets import imports as spreadsheets
    from tests.conftest import citizen_id
    from tests.ledgers.test_imports import HEADERS, workbook

    data = workbook([["新来的", citizen_id("19990909", "071"), "回族"]], headers=HEADERS[:3])
    batch = spreadsheets.new_batch(RESIDENTS, accounts["staff_mc"], "x.xlsx", data)
    spreadsheets.run_check(batch, RESIDENTS)

    read = spreadsheets.read

    def read_slowly(*args: Any) -> Any:  # meanwhile, its page found it silent too long
        ImportBatch.objects.filter(pk=batch.pk).update(status="failed", message="已中止")
        return read(*args)

    monkeypatch.setattr(spreadsheets, "read", read_slowly)
    assert not spreadsheets.apply(batch, RESIDENTS)
    batch.refresh_from_db()
    assert batch.status == "failed" and not batch.created_ids
    assert not Resident.objects.filter(name="新来的").exists()


# The real thing: a worker process killed (SIGKILL) in the middle of applying an import.

ROWS = 6_000  # an apply of a few seconds: long enough to be caught in the middle


def _rows() -> list[list[Any]]:
    from tests.conftest import citizen_id

    return [
        [
            f"测试{i}",
            citizen_id("19800101", f"{i % 1000:03d}", region=f"{620100 + i // 1000}"),
            "汉",
        ]
        for i in range(ROWS)
    ]


@contextmanager
def _file_database(path: Path) -> Iterator[None]:
    """This test's database copied to a file, and the test's connection pointed at it, so that
    a worker in another process sees the same rows (the suite's SQLite is in memory)."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections

    original = connections[DEFAULT_DB_ALIAS]
    target = sqlite3.connect(path)
    original.ensure_connection()
    original.connection.backup(target)
    target.close()
    copy = type(original)({**original.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = copy
    try:
        assert connection.settings_dict["NAME"] == str(path)
        yield
    finally:
        copy.close()
        connections[DEFAULT_DB_ALIAS] = original


def _worker(path: Path, media: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",  # the database backend of the tasks
        "DATABASE_URL": f"sqlite:///{path}",
        "MEDIA_ROOT": str(media),
        "DEBUG": "1",
        "JOB_STALE_SECONDS": "2",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the copy is made by SQLite's backup")
@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_apply_ends_the_import_visibly_and_it_can_run_again(
    accounts: dict[str, User],
    miaochuan: Community,
    client_as: Callable[[str], Client],
    settings: Any,
    tmp_path: Path,
) -> None:
    from django_tasks_db.models import DBTaskResult

    from core.jobs import writer_alive
    from ledgers.people.resources import RESIDENTS
    from sheets import imports as spreadsheets
    from tests.ledgers.test_imports import HEADERS, workbook

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 100  # the confirmation hands the apply to the worker
    settings.JOB_STALE_SECONDS = 2
    data = workbook(_rows(), headers=HEADERS[:3])
    with _file_database(tmp_path / "db.sqlite3"):
        batch = spreadsheets.new_batch(RESIDENTS, accounts["staff_mc"], "大.xlsx", data)
        spreadsheets.run_check(batch, RESIDENTS)
        assert batch.status == "ready", batch.errors[:3]
        client = client_as("staff_mc")
        client.post(reverse("sheets:import_confirm", args=[batch.pk]))
        assert ImportBatch.objects.get(pk=batch.pk).status == "queued"  # for the worker

        worker = _worker(tmp_path / "db.sqlite3", settings.MEDIA_ROOT, tmp_path / "worker.log")
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # writing: applying, the write lock taken
                status = ImportBatch.objects.values_list("status", flat=True).get(pk=batch.pk)
                if status == "applying" and writer_alive(ImportBatch):
                    time.sleep(0.05)
                    if writer_alive(ImportBatch):  # held, not a passing write: a transaction
                        break
                assert status in ("queued", "applying"), status
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
                time.sleep(0.02)
            else:
                pytest.fail("the worker did not start applying the import")
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
        assert worker.returncode == -signal.SIGKILL
        assert DBTaskResult.objects.get().status == "RUNNING"  # it died in the middle of it

        page = client.get(reverse("sheets:import_batch", args=[batch.pk])).content.decode()
        assert "<progress" in page  # silent for less than JOB_STALE_SECONDS: maybe alive
        time.sleep(2.5)
        page = client.get(reverse("sheets:import_batch", args=[batch.pk])).content.decode()

        batch.refresh_from_db()
        assert batch.status == "failed" and batch.stopped_while == "applying"
        assert "没有写入任何数据" in page and "retry-import" in page and "<progress" not in page
        assert not Resident.objects.filter(name__startswith="测试").exists()
        assert not Resident.history.filter(name__startswith="测试").exists()

        settings.IMPORT_INLINE_ROWS = ROWS  # run again within the request this time
        client.post(reverse("sheets:import_retry", args=[batch.pk]))
        assert ImportBatch.objects.get(pk=batch.pk).status == "ready"
        client.post(reverse("sheets:import_confirm", args=[batch.pk]))
        batch.refresh_from_db()
        assert batch.status == "done" and batch.counts["new"] == ROWS
        assert Resident.objects.filter(name__startswith="测试").count() == ROWS


def test_confirming_twice_while_the_worker_is_down_applies_once_and_stays_undoable(
    accounts: dict[str, User],
    miaochuan: Community,
    client_as: Callable[[str], Client],
    settings: Any,
) -> None:
    """The worker is stopped: the first press queues the apply, the page says it waits; a
    second press queues nothing. Even two jobs of one batch write it once: the second finds it
    done, and the import keeps what it created, so it can be undone."""
    from django_tasks_db.models import DBTaskResult

    from ledgers.people.resources import RESIDENTS
    from sheets import imports as spreadsheets
    from sheets.tasks import apply_import
    from tests.ledgers.test_imports import HEADERS, workbook

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 1  # the confirmation hands the apply to the worker
    rows = _rows()[:30]
    batch = spreadsheets.new_batch(
        RESIDENTS, accounts["staff_mc"], "台账.xlsx", workbook(rows, headers=HEADERS[:3])
    )
    spreadsheets.run_check(batch, RESIDENTS)
    client = client_as("staff_mc")
    confirm = reverse("sheets:import_confirm", args=[batch.pk])
    client.post(confirm)
    page = client.post(confirm, follow=True).content.decode()
    assert DBTaskResult.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == "queued" and "confirm-import" not in page
    assert "已确认" in page

    apply_import.call(batch.pk)  # the worker is back: the job, and a second one of the batch
    apply_import.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.counts["new"] == 30 and len(batch.created_ids) == 30
    client.post(reverse("sheets:import_undo", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "undone"
    assert not Resident.objects.filter(name__startswith="测试").exists()
