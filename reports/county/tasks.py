"""The county workbook's background job: building it, sheet by sheet, with its progress."""

import logging
import tempfile

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core import jobs
from reports.county.models import CountyWorkbook, WorkbookStatus
from reports.county.workbook import build_county_workbook

logger = logging.getLogger(__name__)


def build(workbook_id: int) -> None:
    """Build the workbook; its row shows the progress, sheet by sheet, and the outcome."""
    job = CountyWorkbook.objects.select_related("requested_by").get(pk=workbook_id)
    with jobs.heartbeat(job):  # a sign of life before it says it runs (core.jobs)
        job.status = WorkbookStatus.RUNNING
        job.save(update_fields=["status"])
        _build(job)


def _build(job: CountyWorkbook) -> None:
    def progress(done: int, of: int, stage: str) -> None:
        CountyWorkbook.objects.filter(pk=job.pk).update(progress=done * 100 // of, stage=stage)

    try:
        # The sheets stream to a temporary file, then to storage: memory stays flat.
        with tempfile.TemporaryFile() as handle:
            communities = list(job.communities.all())
            build_county_workbook(
                handle, job.requested_by, job.period, communities, progress, job.paper
            )
            handle.seek(0)
            job.file.save("workbook.xlsx", File(handle), save=False)
    except Exception:
        # The job must not stay "being built" for ever; the details go to the log.
        logger.exception("county workbook %s failed", job.pk)
        job.status = WorkbookStatus.FAILED
        job.message = _("The workbook could not be built because of an unexpected error.")
    else:
        job.status = WorkbookStatus.DONE
        job.progress = 100
        job.stage = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "stage", "file", "message", "finished_at"])


@task()
def build_workbook(workbook_id: int) -> None:
    build(workbook_id)
