"""The pages of background jobs (an import, an evidence pack, a county workbook) share how they
show a job still running and warn when the background worker seems not to be running."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
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


@pytest.mark.parametrize("kind", JOBS)
def test_each_job_page_warns_when_the_worker_seems_stopped(
    kind: str,
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
) -> None:
    make, requested_at, waiting, _running = JOBS[kind]
    args = (accounts["staff_mc"], miaochuan) if kind == "pack" else (accounts["staff_mc"],)
    job = make(*args, **waiting)
    client = client_as("staff_mc")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<progress" in page and WARNING not in page
    type(job).objects.filter(pk=job.pk).update(
        **{requested_at: timezone.now() - WORKER_LATE - timedelta(seconds=5)}
    )
    polled = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert WARNING in polled and "<html" not in polled


@pytest.mark.parametrize("kind", JOBS)
def test_each_job_page_shows_how_far_a_running_job_is(
    kind: str,
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
) -> None:
    make, requested_at, _waiting, running = JOBS[kind]
    args = (accounts["staff_mc"], miaochuan) if kind == "pack" else (accounts["staff_mc"],)
    job = make(*args, **running)
    type(job).objects.filter(pk=job.pk).update(
        **{requested_at: timezone.now() - WORKER_LATE - timedelta(seconds=5)}
    )
    page = client_as("staff_mc").get(job.get_absolute_url()).content.decode()
    value, top = running["progress"], running.get("total_rows") or running.get("total") or 100
    assert f'max="{top}" value="{value}"' in page
    assert WARNING not in page  # it is running: the worker is there
