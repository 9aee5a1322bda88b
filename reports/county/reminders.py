"""A county workbook tells its requester when it is ready or failed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notices.jobs import job_rule
from reports.county.models import CountyWorkbook, WorkbookStatus


def register() -> None:
    job_rule(
        "county_workbook_finished",
        gettext_lazy("A county workbook is ready or failed"),
        CountyWorkbook,
        owner="requested_by",
        started="requested_at",
        titles={
            WorkbookStatus.DONE: lambda w: (
                _("County workbook %(workbook)s is ready to download.") % {"workbook": w}
            ),
            WorkbookStatus.FAILED: lambda w: (
                _("County workbook %(workbook)s could not be built.") % {"workbook": w}
            ),
        },
    )
