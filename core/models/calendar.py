"""The official holiday calendar (法定节假日安排): a year as the State Council's notice gives it,
and its days off and make-up working days. core.workdays counts working days on it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Holiday(models.TextChoices):
    """The statutory holidays (全体公民放假的节日), by the names the notices give them."""

    NEW_YEAR = "元旦", _("New Year's Day")
    SPRING_FESTIVAL = "春节", _("Spring Festival")
    QINGMING = "清明节", _("Qingming Festival")
    LABOUR_DAY = "劳动节", _("Labour Day")
    DRAGON_BOAT = "端午节", _("Dragon Boat Festival")
    MID_AUTUMN = "中秋节", _("Mid-Autumn Festival")
    NATIONAL_DAY = "国庆节", _("National Day")
    # 2015 only: the 70th anniversary of the victory over Japan and fascism, 3 September.
    VICTORY_DAY = "抗战胜利纪念日", _("Victory Day (2015)")


class DayKind(models.TextChoices):
    REST = "rest", _("Day off")  # 放假
    WORK = "work", _("Make-up working day")  # 调休上班


class CalendarYear(models.Model):
    """一年的节假日安排 — one year's holidays, entered from the State Council's notice."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    # 国办发明电〔2025〕7号: blank for a year seeded from the holiday package.
    notice_number = models.CharField(_("notice's document number"), max_length=100, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    # "chinese-calendar 1.11.0" for the years the data migration seeded; else blank.
    seeded_from = models.CharField(_("seeded from"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # Moved on by every entry: core.workdays' other processes see a change by it.
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("calendar:year", args=[self.year])


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday rule, or belongs to a holiday: a day off (放假) or
    a weekend day worked instead (调休上班)."""

    calendar = models.ForeignKey(
        CalendarYear, models.CASCADE, related_name="days", verbose_name=_("year")
    )
    # Usually in the calendar's year; a make-up day of 元旦 may fall in the December before.
    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=DayKind.choices)
    holiday = models.CharField(_("holiday"), max_length=10, choices=Holiday.choices)

    class Meta:
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.holiday} {self.get_kind_display()}"


@receiver([post_save, post_delete], sender=CalendarYear)
@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_changed(sender: Any, **kwargs: Any) -> None:
    """This process counts on the new calendar at once (bulk writes call invalidate)."""
    from core import workdays

    workdays.invalidate()
