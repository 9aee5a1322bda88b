from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def import_link(spreadsheet: str, user: Any) -> str:
    """The URL name of the import page of a list's spreadsheet, if `user` may import it."""
    from sheets.imports import REGISTRY

    resource = REGISTRY.get(spreadsheet)
    if resource and user.has_perm(resource.import_permission):
        return resource.url_name("import")
    return ""


class SheetsConfig(AppConfig):
    """The spreadsheet engine: reading, guards, writing, typed cells, imports and their undo."""

    name = "sheets"
    verbose_name = _("Spreadsheets")

    def ready(self) -> None:
        from django.db.models import F

        from core import generic, jobs
        from sheets.models import ImportBatch, ImportStatus

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
