from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
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
