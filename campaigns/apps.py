from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The activity, visit and publicity ledgers plug into the ledgers' spreadsheet pages;
        # the household page shows visits and anti-fraud status, the community page its
        # demonstration titles (these modules register as they are imported).
        from campaigns import household_filters, household_page, menu  # noqa: F401
        from campaigns.activities.resources import ACTIVITIES
        from campaigns.antifraud import bulk_actions
        from campaigns.creation import status  # noqa: F401
        from campaigns.models import EvidencePack, EvidenceStatus
        from campaigns.publicity import resources as publicity_resources  # noqa: F401
        from campaigns.roles import PERMISSIONS
        from campaigns.visits import resources as visit_resources  # noqa: F401
        from core import jobs, roles
        from sheets.resources import register

        register(ACTIVITIES)
        roles.declare(PERMISSIONS)
        menu.register()
        bulk_actions.register()
        from campaigns.evidence import reminders

        reminders.register()
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
