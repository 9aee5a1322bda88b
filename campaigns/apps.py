from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The activity ledger plugs into the ledgers' spreadsheet pages.
        from campaigns.resources import ACTIVITIES
        from ledgers.spreadsheets import register

        register(ACTIVITIES)
