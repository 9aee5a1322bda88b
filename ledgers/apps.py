from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self) -> None:
        # resources register the ledgers; accounts and auditchain connect signals and checks
        from ledgers import accounts, audit, auditchain, resources  # noqa: F401

        audit.connect_axes()
