"""Background jobs of the spreadsheet engine: checking and applying imports."""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from core import jobs
from sheets import imports
from sheets.models import ImportBatch, ImportStatus
from sheets.resources import REGISTRY

logger = logging.getLogger(__name__)


def _run(batch_id: int, apply: bool) -> None:
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    resource = REGISTRY[batch.ledger]
    try:
        with jobs.heartbeat(batch):
            if apply:
                imports.apply(batch, resource)
            else:
                imports.run_check(batch, resource)
    except Exception:
        # The batch must not stay "checking" for ever; the details go to the log.
        logger.exception("import batch %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED,
            message=_("The import stopped on an unexpected error; nothing was written."),
        )


@task()
def check_import(batch_id: int) -> None:
    _run(batch_id, apply=False)


@task()
def apply_import(batch_id: int) -> None:
    _run(batch_id, apply=True)
