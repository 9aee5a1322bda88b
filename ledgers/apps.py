from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self) -> None:
        # The resources register the ledgers' spreadsheets; accounts and auditchain connect
        # signals and checks.
        from django.db.models import F

        from ledgers import accounts, audit, auditchain, jobs, place_resources, resources  # noqa: F401
        from ledgers.models import ImportBatch, ImportStatus

        audit.connect_axes()
        jobs.register(
            jobs.JobKind(
                ImportBatch,
                running=(ImportStatus.VALIDATING, ImportStatus.APPLYING),
                failed=ImportStatus.FAILED,
                message=_(
                    "The import stopped before it finished: the background worker was stopped "
                    "or crashed. Nothing was written (an import is written all at once or not "
                    "at all). Run it again."
                ),
                also={"stopped_while": F("status")},
            )
        )
