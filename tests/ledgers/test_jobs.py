"""The pages of background jobs (an import, an evidence pack, a county workbook) share how they
show a job still running and warn when the background worker seems not to be running."""

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from campaigns.models import EvidencePack
from ledgers.jobs import WORKER_LATE, worker_late
from ledgers.models import Community, ImportBatch
from reports.models import CountyWorkbook
from tests.campaigns.test_evidence_pages import pack_of

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
    fields = waiting if state == "waiting" else running
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
