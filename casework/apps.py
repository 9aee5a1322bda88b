from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        # The hazard and insurance ledgers plug into the ledgers' spreadsheet pages.
        from casework.resources import HAZARDS, INSURANCE
        from sheets.resources import register

        register(HAZARDS)
        register(INSURANCE)
