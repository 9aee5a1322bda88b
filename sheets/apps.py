from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    """The spreadsheet engine: reading, guards, writing, typed cells, imports and their undo."""

    name = "sheets"
    verbose_name = _("Spreadsheets")

    def ready(self) -> None:
        from django.db.models import F

        from core import generic, jobs
        from sheets.models import ImportBatch, ImportStatus
        from sheets.resources import import_link

        # The lists' import buttons lead to the import pages of their spreadsheets.
        generic.import_link = import_link
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
        from sheets import reminders

        reminders.register()
