"""Working days on China's official calendar (法定节假日 and 调休), for working-day deadlines.

The calendar comes from the `chinese-calendar` package, which knows only the years the State
Council has announced so far (see `known_years()`). For any other year a working day is simply
Monday to Friday: holidays and make-up working days of such a year are not yet known, so
deadlines that reach into it are estimates, and the UI warns about them. Nothing is logged.

The package is asked about each day of a known year once; after that every answer comes from
cached sets and arithmetic, so computing deadlines for every row of a long list stays cheap.
"""

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import accumulate

import chinese_calendar
from chinese_calendar.constants import holidays as _official_holidays


@lru_cache(maxsize=1)
def known_years() -> range:
    """The years whose official holidays and make-up working days the installed package knows."""
    years = [day.year for day in _official_holidays]
    return range(min(years), max(years) + 1)


@cache
def _exceptions(year: int) -> frozenset[int]:
    """Ordinals of the days of `year` that break the Monday–Friday rule.

    These are weekdays off (holidays and the days in lieu) and weekend days that are make-up
    working days. Empty for a year the package does not know.
    """
    if year not in known_years():
        return frozenset()
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(
        day.toordinal() for day in days if chinese_calendar.is_workday(day) != (day.weekday() < 5)
    )


@lru_cache(maxsize=1)
def _adjustments() -> tuple[list[int], list[int]]:
    """All exceptions in date order, and the running sum of what they add to a weekday count.

    A make-up working day adds one working day, a weekday off takes one away.
    """
    ordinals = sorted(o for year in known_years() for o in _exceptions(year))
    signs = (1 if date.fromordinal(o).weekday() >= 5 else -1 for o in ordinals)
    return ordinals, [0, *accumulate(signs)]


def _weekdays_through(ordinal: int) -> int:
    """How many Mondays to Fridays there are from 0001-01-01 (a Monday) to `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _working_days_through(ordinal: int) -> int:
    """How many working days there are from 0001-01-01 up to and including `ordinal`."""
    ordinals, running = _adjustments()
    return _weekdays_through(ordinal) + running[bisect_right(ordinals, ordinal)]


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day: official where known, else Monday to Friday."""
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
