"""An evidence pack tells its requester when it is ready or failed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.evidence.models import EvidencePack, EvidenceStatus
from core.notices.jobs import job_rule


def register() -> None:
    job_rule(
        "evidence_pack_finished",
        gettext_lazy("An evidence pack is ready or failed"),
        EvidencePack,
        owner="requested_by",
        started="requested_at",
        related=("community",),
        titles={
            EvidenceStatus.DONE: lambda p: (
                _("Evidence pack %(pack)s is ready to download.") % {"pack": p}
            ),
            EvidenceStatus.FAILED: lambda p: (
                _("Evidence pack %(pack)s could not be built.") % {"pack": p}
            ),
        },
    )
