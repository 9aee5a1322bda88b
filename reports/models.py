"""The reports app's models, as Django loads them: the county workbook's, defined with its area
in reports/county/models.py (migration 0001 names `reports.models.workbook_path`)."""

from reports.county.models import (
    CountyWorkbook,
    CountyWorkbookQuerySet,
    PaperSize,
    Period,
    PeriodKind,
    WorkbookStatus,
    workbook_path,
)

__all__ = [
    "CountyWorkbook",
    "CountyWorkbookQuerySet",
    "PaperSize",
    "Period",
    "PeriodKind",
    "WorkbookStatus",
    "workbook_path",
]
