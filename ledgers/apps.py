from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self) -> None:
        # The resources register the ledgers' spreadsheets; accounts connects its signals.
        from ledgers import accounts, place_resources, resources  # noqa: F401
