"""A year's holidays as people type them from the notice, one holiday a line:

    春节 2027-02-05~2027-02-12 调休 2027-02-14,2027-02-20

the holiday's name, its days off (dates and ranges, separated by commas), and after 调休 the
weekend days worked instead. `parse` reads them, refusing with the line's number what cannot be
right; `format_lines` writes days back in that form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models.calendar import DayKind, Holiday

LONGEST = 15  # days: no holiday the State Council ever gave was longer (2020's 春节: 10)
MAKE_UP = re.compile(r"调休(?:上班)?")
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
# What people type instead of the plain forms: full-width signs, 至, 、 …
SAME = str.maketrans({"～": "~", "〜": "~", "，": ",", "、": ",", "；": ",", ";": ",", "：": " "})
ALIASES = {holiday.value.removesuffix("节"): holiday for holiday in Holiday} | {
    "五一": Holiday.LABOUR_DAY,
    "国庆": Holiday.NATIONAL_DAY,
}


@dataclass(frozen=True)
class Day:
    """A day of the calendar as typed: the line it came from."""

    day: date
    kind: str  # DayKind
    holiday: str  # Holiday
    line: int


def _date(text: str) -> date | None:
    found = DATE.match(text)
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _dates(text: str, number: int) -> list[date]:
    """Dates and ranges separated by commas: 2027-02-05~2027-02-12,2027-02-14."""
    days: list[date] = []
    for item in filter(None, text.split(",")):
        ends = item.replace("至", "~").split("~")
        first, last = _date(ends[0]), _date(ends[-1])
        if len(ends) > 2 or first is None or last is None:
            raise ValidationError(
                _(
                    "Line %(line)s: “%(text)s” is not a date or a range of dates "
                    "(2027-02-05 or 2027-02-05~2027-02-12)."
                )
                % {"line": number, "text": item}
            )
        if last < first:
            raise ValidationError(
                _("Line %(line)s: the range %(text)s ends before it starts.")
                % {"line": number, "text": item}
            )
        if (last - first).days >= LONGEST:
            raise ValidationError(
                _("Line %(line)s: %(text)s is longer than any holiday (%(days)s days at most).")
                % {"line": number, "text": item, "days": LONGEST}
            )
        days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return days


def _in_year(day: date, year: int, holiday: str) -> bool:
    """A day of `year`'s notice: in the year, or for 元旦 in the last week of the year before."""
    if day.year == year:
        return True
    return holiday == Holiday.NEW_YEAR and day.year == year - 1 and day >= date(year - 1, 12, 25)


def _line(text: str, number: int, year: int) -> list[Day]:
    text = text.translate(SAME).replace("\u3000", " ")
    parts = MAKE_UP.split(text, maxsplit=1)
    rest, make_up = parts[0], parts[1] if len(parts) > 1 else ""
    name, _space, off = rest.strip().partition(" ")
    holiday = ALIASES.get(name.removesuffix("节"))
    if holiday is None:
        raise ValidationError(
            _("Line %(line)s: “%(name)s” is not a statutory holiday; write one of %(names)s.")
            % {"line": number, "name": name, "names": "、".join(Holiday.values)}
        )
    off_days = _dates(re.sub(r"\s+", "", off), number)
    if not off_days:
        raise ValidationError(
            _("Line %(line)s: give the days off after the holiday's name.") % {"line": number}
        )
    if len(parts) > 1 and not make_up.strip():
        raise ValidationError(
            _("Line %(line)s: give the make-up working days after 调休, or leave 调休 out.")
            % {"line": number}
        )
    work_days = _dates(re.sub(r"\s+", "", make_up), number)
    for day in [*off_days, *work_days]:
        if not _in_year(day, year, holiday):
            raise ValidationError(
                _("Line %(line)s: %(day)s is not in %(year)s.")
                % {"line": number, "day": day.isoformat(), "year": year}
            )
    for day in work_days:
        if day.weekday() < 5:
            raise ValidationError(
                _(
                    "Line %(line)s: %(day)s is a weekday; a make-up working day is a Saturday "
                    "or a Sunday."
                )
                % {"line": number, "day": day.isoformat()}
            )
    return [Day(day, DayKind.REST, holiday, number) for day in off_days] + [
        Day(day, DayKind.WORK, holiday, number) for day in work_days
    ]


def parse(text: str, year: int) -> list[Day]:
    """The days of `year` typed in `text`, in date order; ValidationError naming the first line
    that is wrong (and its number) otherwise."""
    days: dict[date, Day] = {}
    holidays: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _line(line, number, year)
        holiday = found[0].holiday
        if holiday in holidays:
            raise ValidationError(
                _("Line %(line)s: %(name)s is already given on line %(other)s.")
                % {"line": number, "name": holiday, "other": holidays[holiday]}
            )
        holidays[holiday] = number
        for day in found:
            if day.day in days:
                raise ValidationError(
                    _("Line %(line)s: %(day)s is already given on line %(other)s.")
                    % {"line": number, "day": day.day.isoformat(), "other": days[day.day].line}
                )
            days[day.day] = day
    if not days:
        raise ValidationError(_("Enter the year's holidays, one a line."))
    return sorted(days.values(), key=lambda day: day.day)


def _ranges(days: list[date]) -> str:
    """2027-02-05~2027-02-12,2027-02-14: runs of consecutive days as ranges."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}~{run[-1].isoformat()}"
        for run in runs
    )


def grouped(days: Iterable[tuple[date, str, str]]) -> list[tuple[str, str, str, int]]:
    """(date, kind, holiday) by holiday, in the order of its first day: the holiday, its days
    off and its make-up days as typed (ranges), and how many days off."""
    by_holiday: dict[str, dict[str, list[date]]] = {}
    for day, kind, holiday in sorted(days):
        by_holiday.setdefault(holiday, {DayKind.REST: [], DayKind.WORK: []})[kind].append(day)
    ordered = sorted(
        by_holiday.items(), key=lambda item: min(item[1][DayKind.REST] + item[1][DayKind.WORK])
    )
    return [
        (holiday, _ranges(kinds[DayKind.REST]), _ranges(kinds[DayKind.WORK]), len(kinds["rest"]))
        for holiday, kinds in ordered
    ]


def format_lines(days: Iterable[tuple[date, str, str]]) -> str:
    """(date, kind, holiday) as the lines `parse` reads."""
    return "\n".join(
        f"{holiday} {rest} 调休 {work}" if work else f"{holiday} {rest}"
        for holiday, rest, work, _count in grouped(days)
    )
