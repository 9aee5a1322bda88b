"""Working days on China's official calendar (法定节假日 and 调休), for working-day deadlines.

The calendar is the table the office keeps (core.models.CalendarYear and CalendarDay): the years
entered from the State Council's notices (`known_years()`), seeded from the chinese-calendar
package for the years it knew. A year not entered is provisional (预计, `is_provisional`): its
days off are the fixed statutory holidays (`statutory_days`: 元旦, 春节 from New Year's Eve to the
third day, 清明, 劳动节 1–2 May, 端午, 中秋, 国庆 1–3 October; the lunar dates from lunar-python),
without the make-up working days the notice will add. Deadlines that reach into such a year are
estimates, labelled as such, and recomputed when the year is entered (`followers`).

The table is read once per process into sets, and a sorted list of the days that break the
Monday-to-Friday rule with the running sum of what they add, so every answer is arithmetic and a
bisection: computing deadlines for every row of a long list makes no query. The copy is dropped
at once when this process changes the table (`invalidate`, called by the models' signals and by
the entry of a year); other processes (gunicorn's workers) ask for the newest entry time at most
once every CHECK_EVERY seconds and read the table again when it moved.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from lunar_python import Lunar

from core.models.calendar import CalendarDay, CalendarYear, DayKind, Holiday

CHECK_EVERY = 60.0  # seconds between two looks at whether another process changed the table
_clock = time.monotonic  # tests move it on

# What a follower is given and returns: see register_follower.
Follower = Callable[[int], Callable[[], Any]]
followers: list[Follower] = []


@dataclass
class _Calendar:
    """The table as this process read it, and what has been worked out from it so far."""

    stamp: tuple[datetime | None, int]  # the newest entry time and the number of years
    checked_at: float
    entered: frozenset[int]
    by_year: dict[int, dict[int, bool]]  # year → ordinal → a working day, as the table says
    exceptions: dict[int, frozenset[int]] = field(default_factory=dict)  # filled per year
    # The adjustments over whole years (extended when a day outside them is asked): the first
    # and last year, their first and last ordinal, the exceptions in order and running sums.
    window: tuple[int, int, int, int, list[int], list[int]] = (0, -1, 1, 0, [], [])


_current: _Calendar | None = None


def invalidate() -> None:
    """Forget the table: the next answer reads it again (this process changed it)."""
    global _current
    _current = None


def _stamp() -> tuple[datetime | None, int]:
    found = CalendarYear.objects.aggregate(latest=Max("entered_at"), years=Count("pk"))
    return found["latest"], found["years"]


def _load() -> _Calendar:
    years = list(CalendarYear.objects.values_list("year", "entered_at"))
    by_year: dict[int, dict[int, bool]] = {}
    for day, kind in CalendarDay.objects.values_list("day", "kind"):
        by_year.setdefault(day.year, {})[day.toordinal()] = kind == DayKind.WORK
    return _Calendar(
        stamp=(max((at for _, at in years), default=None), len(years)),
        checked_at=_clock(),
        entered=frozenset(year for year, _ in years),
        by_year=by_year,
    )


def _calendar() -> _Calendar:
    """The table as read, read again when this process dropped it or another one changed it."""
    global _current
    calendar = _current
    if calendar is None:
        calendar = _current = _load()
    elif _clock() - calendar.checked_at >= CHECK_EVERY:
        if _stamp() == calendar.stamp:
            calendar.checked_at = _clock()
        else:
            calendar = _current = _load()
    return calendar


@cache
def statutory_days(year: int) -> tuple[tuple[date, Holiday], ...]:
    """The fixed statutory days off of `year` (全体公民放假的节日, 13 days; 12 when 中秋 falls on
    国庆's), in date order."""
    new_year = Lunar.fromYmd(year, 1, 1)
    spring = new_year.getSolar()
    eve = date(spring.getYear(), spring.getMonth(), spring.getDay()) - timedelta(days=1)
    qingming = new_year.getJieQiTable()["清明"]

    def lunar(month: int, day: int) -> date:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())

    days = [
        (date(year, 1, 1), Holiday.NEW_YEAR),
        *((eve + timedelta(days=n), Holiday.SPRING_FESTIVAL) for n in range(4)),
        (date(year, qingming.getMonth(), qingming.getDay()), Holiday.QINGMING),
        (date(year, 5, 1), Holiday.LABOUR_DAY),
        (date(year, 5, 2), Holiday.LABOUR_DAY),
        (lunar(5, 5), Holiday.DRAGON_BOAT),
        *((date(year, 10, day), Holiday.NATIONAL_DAY) for day in (1, 2, 3)),
        (lunar(8, 15), Holiday.MID_AUTUMN),  # on 国庆's days some years (2028-10-03): one day
    ]
    by_day: dict[date, Holiday] = {}
    for day, holiday in days:
        by_day.setdefault(day, holiday)
    return tuple(sorted(by_day.items()))


def known_years() -> tuple[int, ...]:
    """The years entered from the State Council's notices (or seeded), in order."""
    return tuple(sorted(_calendar().entered))


def is_provisional(day_or_year: date | int) -> bool:
    """Whether the year (of a day) is not entered yet: its working days are an estimate (预计)."""
    year = day_or_year.year if isinstance(day_or_year, date) else day_or_year
    return year not in _calendar().entered


def _year_exceptions(calendar: _Calendar, year: int) -> frozenset[int]:
    """Ordinals of the days of `year` that break the Monday–Friday rule: weekdays off, and
    weekend days that are make-up working days. A provisional year has only its statutory days
    off, and any day a neighbouring year's notice placed in it."""
    found = calendar.exceptions.get(year)
    if found is None:
        working: dict[int, bool] = {}
        if year not in calendar.entered:
            working = {day.toordinal(): False for day, _ in statutory_days(year)}
        working.update(calendar.by_year.get(year, {}))
        found = frozenset(o for o, works in working.items() if works != ((o - 1) % 7 < 5))
        calendar.exceptions[year] = found
    return found


def _exceptions(year: int) -> frozenset[int]:
    return _year_exceptions(_calendar(), year)


def _cover(calendar: _Calendar, year: int) -> None:
    """Work out the adjustments over whole years up to `year`, if they do not reach it yet.

    A make-up working day adds one working day to a weekday count, a weekday off takes one away.
    """
    first, last = calendar.window[:2]
    if first <= year <= last:
        return
    if last < first:  # nothing worked out yet
        today = timezone.localdate().year
        first = min([*calendar.entered, today, year])
        last = max([*calendar.entered, today + 1, year])
    else:
        first, last = min(first, year), max(last, year)
    ordinals = sorted(o for y in range(first, last + 1) for o in _year_exceptions(calendar, y))
    signs = (1 if (o - 1) % 7 >= 5 else -1 for o in ordinals)
    # One assignment: another thread reading meanwhile sees the old window or the new one.
    calendar.window = (
        first,
        last,
        date(first, 1, 1).toordinal(),
        date(last, 12, 31).toordinal(),
        ordinals,
        [0, *accumulate(signs)],
    )


def _weekdays_through(ordinal: int) -> int:
    """How many Mondays to Fridays there are from 0001-01-01 (a Monday) to `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _working_days_through(ordinal: int) -> int:
    """How many working days there are from the first year covered up to and including
    `ordinal` (only differences of it mean anything)."""
    calendar = _calendar()
    _, _, low, high, ordinals, running = calendar.window
    if not low <= ordinal <= high:
        _cover(calendar, date.fromordinal(ordinal).year)
        _, _, _, _, ordinals, running = calendar.window
    return _weekdays_through(ordinal) + running[bisect_right(ordinals, ordinal)]


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day: as entered, or on the statutory days of a provisional
    year."""
    return (day.weekday() < 5) != (day.toordinal() in _exceptions(day.year))


def last_working_day(on_or_before: date) -> date:
    """The latest working day on or before the given day (the day itself when it is one)."""
    day = on_or_before
    while not is_working_day(day):  # at most a holiday's length: a handful of steps
        day -= timedelta(days=1)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`.

    With `start` a deadline and `end` today, this is how many working days it is overdue.
    """
    if end <= start:
        return 0
    return _working_days_through(end.toordinal()) - _working_days_through(start.toordinal())


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (`start` itself does not count).

    A deadline of 3 working days set on Friday 2024-09-27 falls on 2024-10-08: Sunday 09-29 is
    a make-up working day, and 10-01 to 10-07 is the National Day holiday.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, not {days}")
    if days == 0:
        return start
    origin = start.toordinal()
    target = _working_days_through(origin) + days
    # The count only grows on working days, so the first day that reaches the target is one.
    low, high = origin, origin + 2 * days
    while _working_days_through(high) < target:  # holidays can run longer than a week
        low, high = high, high + 2 * days
    while low < high:
        middle = (low + high) // 2
        if _working_days_through(middle) < target:
            low = middle + 1
        else:
            high = middle
    return date.fromordinal(low)


def register_follower(follower: Follower) -> None:
    """Have `follower` called when a year of the calendar is entered (core.calendar.entry).

    Inside the entry's transaction, before the table changes, it is given the year and finds
    what it derived from the calendar as it is (the old one); it returns a callable, run in the
    same transaction once the new days are in, which recomputes those and returns what changed
    (casework's returns the hazards whose deadline moved: a list of (hazard, old, new)). The
    entry hands each follower's result back to its caller, for the people concerned to be told.
    """
    if follower not in followers:
        followers.append(follower)
