"""The period the statistics are counted for: a year, a half, a quarter or a month of a year
(the county workbook's periods), the last two full years (近两年: the two calendar years before
this one, e.g. 2024-01-01 to 2025-12-31 in 2026), or any range of days of at most ten years;
its first and last day (both included) and its words (2026年第三季度,
2025年1月1日至2026年12月31日)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from reports.county.models import Period, PeriodKind

RANGE = "range"  # any range of days
LAST_TWO_YEARS = "last-2-years"
MAX_YEARS = 10  # the longest range asked for


@dataclass(frozen=True)
class StatPeriod:
    """The days counted, from `start` to `end`, and the named period they are, if any."""

    start: date
    end: date
    kind: str = RANGE  # a PeriodKind, or RANGE
    number: int = 1  # which half, quarter or month of the year

    @classmethod
    def of(cls, kind: str, year: int, number: int = 1) -> StatPeriod:
        """A year, half, quarter or month (`kind` a PeriodKind) of `year`."""
        period = Period(kind, year, number)
        return cls(period.start, period.end, kind, number)

    @classmethod
    def last_two_years(cls, today: date) -> StatPeriod:
        return cls(date(today.year - 2, 1, 1), date(today.year - 1, 12, 31))

    @property
    def is_year(self) -> bool:
        return self.kind == PeriodKind.YEAR

    @property
    def insurance_year(self) -> int:
        """Insurance rows are kept per year: a period counts those of its last year."""
        return self.end.year

    @property
    def label(self) -> str:
        """The period in words, in the active language."""
        values = {"year": self.start.year, "n": self.number}
        if self.kind == PeriodKind.YEAR:
            return _("the year %(year)d") % values
        if self.kind == PeriodKind.HALF:
            if self.number == 1:
                return _("first half of %(year)d") % values
            return _("second half of %(year)d") % values
        if self.kind == PeriodKind.QUARTER:
            return [
                _("first quarter of %(year)d"),
                _("second quarter of %(year)d"),
                _("third quarter of %(year)d"),
                _("fourth quarter of %(year)d"),
            ][self.number - 1] % values
        if self.kind == PeriodKind.MONTH:
            return _("%(year)d-%(n)02d") % values
        return _("%(start)s to %(end)s") % {
            "start": day_words(self.start),
            "end": day_words(self.end),
        }


def day_words(day: date) -> str:
    """2025年1月1日 (in the active language)."""
    return _("%(year)d-%(month)02d-%(day)02d") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }
