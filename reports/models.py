"""The reports app's models, as Django loads them: the county workbook's, defined with its area
in reports/county/models.py (migration 0001 names `reports.models.workbook_path`), and the
dashboard's kept counts, in reports/dashboard/models.py."""

from reports.county.models import (
    CountyWorkbook,
    CountyWorkbookQuerySet,
    PaperSize,
    Period,
    PeriodKind,
    WorkbookStatus,
    workbook_path,
)
from reports.dashboard.models import CommunityTally, TallyChange

__all__ = [
    "CommunityTally",
    "CountyWorkbook",
    "CountyWorkbookQuerySet",
    "PaperSize",
    "Period",
    "PeriodKind",
    "TallyChange",
    "WorkbookStatus",
    "workbook_path",
]
