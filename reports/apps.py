from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core import jobs
        from reports import menu
        from reports.models import CountyWorkbook, WorkbookStatus

        menu.register()
        from reports.county import reminders

        reminders.register()
        jobs.register(
            jobs.JobKind(
                CountyWorkbook,
                running=(WorkbookStatus.RUNNING,),
                failed=WorkbookStatus.FAILED,
                message=_(
                    "The workbook was not finished: the background worker stopped while "
                    "building it. Try again."
                ),
                also={"finished_at": lambda now: now},
            )
        )
        post_migrate.connect(tally_triggers, sender=self)


def tally_triggers(using: str = "default", **kwargs: Any) -> None:
    """After every migrate (and flush), the dashboard tally's triggers are made again: a
    migration that remakes a counted table on SQLite drops its triggers
    (reports/dashboard/tally.py)."""
    from django.db import connections

    from reports.dashboard import tally

    if tally.installed(connections[using]):
        tally.create_triggers(connections[using])
