"""The background job that builds an evidence pack (迎检材料)."""

import logging
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from campaigns.evidence import pack as evidence_pack
from campaigns.evidence.models import EvidencePack, EvidenceStatus
from core import jobs

logger = logging.getLogger(__name__)

FAILED = _(
    "The pack could not be built because of an unexpected error. Try again; if it fails "
    "again, tell the system administrator."
)


@task()
def build_evidence_pack(pack_id: int) -> None:
    packs = EvidencePack.objects.select_related("requested_by", "community").filter(pk=pack_id)
    pack = packs.first()
    if pack is None:
        return  # removed by its requester before the worker came to it
    try:
        with jobs.heartbeat(pack):
            evidence_pack.build_pack(pack)
    except evidence_pack.EvidenceError as error:
        _fail(pack, str(error))
    except Exception:
        # The pack must not stay "building" for ever; the details go to the log.
        logger.exception("evidence pack %s failed", pack_id)
        _fail(pack, FAILED)


def _fail(pack: EvidencePack, message: Any) -> None:
    if pack.file:
        pack.file.delete(save=False)
    now = timezone.now()
    EvidencePack.objects.filter(pk=pack.pk).update(
        status=EvidenceStatus.FAILED, message=str(message), file="", size=0, finished_at=now
    )
