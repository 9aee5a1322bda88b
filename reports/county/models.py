"""The county workbook's models: the workbooks requested, built in the background and downloaded
(县级报表), and the periods they cover."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ledgers.models import Community


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")  # 年度
    HALF = "half", _("Half year")  # 半年
    QUARTER = "quarter", _("Quarter")  # 季度
    MONTH = "month", _("Month")  # 月度


# How many of each kind a year has (their `number` runs from 1 to this).
PARTS = {PeriodKind.YEAR: 1, PeriodKind.HALF: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}
MONTHS_IN = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}


class Period:
    """A year, half year, quarter or month: its first and last day (both included)."""

    def __init__(self, kind: str, year: int, number: int = 1) -> None:
        if kind not in PARTS or not 1 <= number <= PARTS[PeriodKind(kind)]:
            raise ValueError(f"no {kind} number {number}")
        self.kind, self.year, self.number = PeriodKind(kind), year, number

    def __repr__(self) -> str:
        return f"Period({self.kind.value!r}, {self.year}, {self.number})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Period) and (self.kind, self.year, self.number) == (
            other.kind,
            other.year,
            other.number,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.year, self.number))

    @property
    def start(self) -> date:
        months = MONTHS_IN[self.kind]
        return date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> date:
        months = MONTHS_IN[self.kind]
        last_month = self.number * months
        if last_month == 12:
            return date(self.year, 12, 31)
        return date(self.year, last_month + 1, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        """2026年, 2026年上半年, 2026年第一季度, 2026年3月 (in the active language)."""
        values = {"year": self.year, "n": self.number}
        if self.kind == PeriodKind.YEAR:
            return gettext("%(year)d") % values
        if self.kind == PeriodKind.HALF:
            if self.number == 1:
                return gettext("first half of %(year)d") % values
            return gettext("second half of %(year)d") % values
        if self.kind == PeriodKind.QUARTER:
            return gettext("quarter %(n)d of %(year)d") % values
        return gettext("%(year)d-%(n)02d") % values


class PaperSize(models.TextChoices):
    """The paper a workbook is printed on (sheets.paper.PAPERS)."""

    A4 = "A4", _("A4 (210 × 297 mm)")
    A3 = "A3", _("A3 (297 × 420 mm)")


class WorkbookStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")  # 等待中
    RUNNING = "running", _("Being built")  # 生成中
    DONE = "done", _("Ready")  # 已完成
    FAILED = "failed", _("Failed")  # 失败


class CountyWorkbookQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> CountyWorkbookQuerySet:
        """A workbook is its requester's: it holds what their rights let them see."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)


def workbook_path(workbook: CountyWorkbook, filename: str) -> str:
    return f"workbooks/{uuid.uuid4().hex}.xlsx"  # never guessable, never the user's text


class CountyWorkbook(models.Model):
    """县级报表 — one county workbook requested for a period and communities, built in the
    background, downloaded by its requester."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("half, quarter or month"), default=1)
    communities = models.ManyToManyField(Community, related_name="+", verbose_name=_("communities"))
    paper = models.CharField(
        _("paper"), max_length=2, choices=PaperSize.choices, default=PaperSize.A4
    )
    status = models.CharField(
        _("status"), max_length=8, choices=WorkbookStatus.choices, default=WorkbookStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to=workbook_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    objects = CountyWorkbookQuerySet.as_manager()

    class Meta:
        verbose_name = _("county workbook")
        verbose_name_plural = _("county workbooks")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # The form page's list of the user's recent workbooks, newest first.
            models.Index(fields=["requested_by", "-requested_at"], name="reports_workbook_user"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:county_workbook_job", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.year, self.number)

    @property
    def finished(self) -> bool:
        return self.status in {WorkbookStatus.DONE, WorkbookStatus.FAILED}
