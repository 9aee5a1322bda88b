from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The activity, visit and publicity ledgers plug into the ledgers' spreadsheet pages;
        # the household page shows visits and anti-fraud status.
        from campaigns import household_page, visit_resources  # noqa: F401 (they register)
        from campaigns.resources import ACTIVITIES
        from ledgers.spreadsheets import register

        register(ACTIVITIES)
