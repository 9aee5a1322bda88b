from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The activity, visit and publicity ledgers plug into the ledgers' spreadsheet pages;
        # the household page shows visits and anti-fraud status.
        from campaigns import household_page, visit_resources  # noqa: F401 (they register)
        from campaigns.models import EvidencePack, EvidenceStatus
        from campaigns.resources import ACTIVITIES
        from core import jobs
        from sheets.resources import register

        register(ACTIVITIES)
        jobs.register(
            jobs.JobKind(
                EvidencePack,
                running=(EvidenceStatus.BUILDING,),
                failed=EvidenceStatus.FAILED,
                message=_(
                    "The pack was not finished: the background worker stopped while building "
                    "it. Ask for a new pack."
                ),
                also={"finished_at": lambda now: now},
            )
        )
