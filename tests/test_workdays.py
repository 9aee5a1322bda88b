"""Working days on China's official calendar (core.workdays): holidays, make-up days, years not
entered (provisional), deadlines. The years seeded from chinese-calendar agree with it daily."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import chinese_calendar
import pytest

from core import workdays
from core.workdays import (
    add_working_days,
    is_provisional,
    is_working_day,
    known_years,
    statutory_days,
    working_days_between,
)

pytestmark = pytest.mark.django_db  # the calendar is a table

UNKNOWN_YEAR = 2099


def first_known() -> int:
    return known_years()[0]


def last_known() -> int:
    return known_years()[-1]


def provisional_working_day(day: date) -> bool:
    """Monday to Friday, less the statutory days off: a year not entered."""
    return day.weekday() < 5 and day not in {d for d, _ in statutory_days(day.year)}


def days_from(first: date, last: date) -> Iterator[date]:
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


def package_deadline(start: date, days: int) -> date:
    """The deadline counted one day at a time on the package's own calendar."""
    day = start
    while days:
        day += timedelta(days=1)
        days -= chinese_calendar.is_workday(day)
    return day


def package_count(start: date, end: date) -> int:
    return sum(chinese_calendar.is_workday(day) for day in days_from(start, end)) - (
        chinese_calendar.is_workday(start)
    )


def test_the_seeded_years_are_the_years_the_package_answers_for() -> None:
    years = known_years()
    assert years == tuple(range(first_known(), last_known() + 1))
    assert 2024 in years
    assert 2025 in years
    chinese_calendar.is_workday(date(first_known(), 1, 1))
    chinese_calendar.is_workday(date(last_known(), 12, 31))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(last_known() + 1, 1, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(first_known() - 1, 12, 31))
    assert not is_provisional(date(last_known(), 6, 1))
    assert is_provisional(last_known() + 1)


def test_every_day_of_every_known_year_agrees_with_the_package() -> None:
    first, last = date(first_known(), 1, 1), date(last_known(), 12, 31)
    disagree = [
        d for d in days_from(first, last) if is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert disagree == []


def test_national_day_holiday_is_not_a_working_day() -> None:
    # Read in chinese_calendar/constants.py: 2024-10-01 to 10-07 are national_day holidays.
    assert not is_working_day(date(2024, 10, 1))
    assert not is_working_day(date(2024, 10, 3))  # a Thursday
    assert not is_working_day(date(2024, 10, 7))  # a Monday
    assert is_working_day(date(2024, 10, 8))


def test_make_up_days_are_working_days() -> None:
    # 调休: constants.workdays lists Sunday 2024-09-29 and Saturday 2024-10-12.
    assert date(2024, 9, 29).weekday() == 6
    assert is_working_day(date(2024, 9, 29))
    assert is_working_day(date(2024, 10, 12))
    assert is_working_day(date(2025, 1, 26))  # Sunday before Spring Festival 2025
    assert is_working_day(date(2025, 2, 8))  # Saturday after it


def test_ordinary_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2024, 9, 28))  # Saturday
    assert not is_working_day(date(2024, 11, 10))  # Sunday
    assert is_working_day(date(2024, 11, 11))  # Monday


def test_spring_festival_2025() -> None:
    # Holidays 2025-01-28 to 02-04; Monday 02-03 and Tuesday 02-04 are days in lieu.
    assert [d.day for d in days_from(date(2025, 1, 27), date(2025, 2, 5)) if is_working_day(d)] == [
        27,
        5,
    ]
    assert add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)  # Friday → make-up Sunday
    # After Friday 01-24: 01-26 (make-up Sunday), 01-27, 02-05, 02-06, 02-07, 02-08 (make-up
    # Saturday).
    start, end = date(2025, 1, 24), date(2025, 2, 8)
    assert working_days_between(start, end) == package_count(start, end) == 6


def test_new_year_across_the_year_boundary() -> None:
    assert not is_working_day(date(2025, 1, 1))  # a Wednesday
    assert add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)
    assert working_days_between(date(2024, 12, 30), date(2025, 1, 2)) == 2
    # New Year 2026: 01-01 to 01-03 off, Sunday 01-04 is a make-up working day.
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 5)


def test_deadline_over_national_day_2024() -> None:
    start = date(2024, 9, 27)  # Friday
    assert start.weekday() == 4
    expected = package_deadline(start, 3)
    assert add_working_days(start, 3) == expected == date(2024, 10, 8)
    # 09-29 (make-up Sunday) and 09-30 count, then nothing until 10-08.
    assert add_working_days(start, 1) == date(2024, 9, 29)
    assert add_working_days(start, 2) == date(2024, 9, 30)


def test_zero_days_is_the_start_even_on_a_holiday() -> None:
    assert add_working_days(date(2024, 10, 3), 0) == date(2024, 10, 3)


def test_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert add_working_days(date(2024, 10, 3), 1) == date(2024, 10, 8)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2024, 10, 3), -1)


@pytest.mark.parametrize("days", [1, 2, 3, 5, 10, 30])
def test_deadlines_match_the_package_from_every_day_of_2024_and_2025(days: int) -> None:
    for start in days_from(date(2024, 1, 1), date(2025, 12, 31)):
        assert add_working_days(start, days) == package_deadline(start, days), start


def test_deadlines_match_find_workday_from_working_days() -> None:
    # The package's own search counts from a working day the same way.
    for start in days_from(date(2023, 12, 1), date(2026, 3, 31)):
        if chinese_calendar.is_workday(start):
            assert add_working_days(start, 5) == chinese_calendar.find_workday(5, start), start


def test_longest_holiday_run_does_not_trip_the_search() -> None:
    # Spring Festival 2026: 02-15 to 02-23 is nine days off in a row.
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert package_deadline(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_a_year_not_entered_keeps_the_statutory_days_off_without_make_up_days() -> None:
    assert is_provisional(UNKNOWN_YEAR)
    assert not is_working_day(date(UNKNOWN_YEAR, 1, 1))  # a Thursday: 元旦
    assert not is_working_day(date(UNKNOWN_YEAR, 10, 1))  # Thursday: 国庆 1–3 October
    assert not is_working_day(date(UNKNOWN_YEAR, 10, 2))
    assert not is_working_day(date(UNKNOWN_YEAR, 10, 3))  # Saturday
    assert is_working_day(date(UNKNOWN_YEAR, 10, 5))  # Monday: no days in lieu are guessed
    assert not is_working_day(date(UNKNOWN_YEAR, 10, 4))  # Sunday, and not a make-up day
    assert add_working_days(date(UNKNOWN_YEAR, 1, 2), 1) == date(UNKNOWN_YEAR, 1, 5)  # Fri → Mon
    statutory_weekdays = sum(d.weekday() < 5 for d, _ in statutory_days(UNKNOWN_YEAR))
    assert working_days_between(date(UNKNOWN_YEAR - 1, 12, 31), date(UNKNOWN_YEAR, 12, 31)) == (
        261 - statutory_weekdays  # 2099 has 261 weekdays
    )


def test_statutory_days_follow_the_lunar_calendar() -> None:
    days: dict[str, list[date]] = {}
    for day, holiday in statutory_days(2027):
        days.setdefault(str(holiday), []).append(day)
    assert len(statutory_days(2027)) == 13
    # 2027's Spring Festival is Saturday 02-06: New Year's Eve to the third day.
    assert days["春节"] == [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]
    assert days["清明节"] == [date(2027, 4, 5)]
    assert days["端午节"] == [date(2027, 6, 9)]
    assert days["中秋节"] == [date(2027, 9, 15)]
    # The statutory days of the years under the present rules (from 2025) are days off in them.
    for year in (2025, 2026):
        for day, _ in statutory_days(year):
            assert not chinese_calendar.is_workday(day), day


def test_deadline_from_the_last_known_year_into_an_unknown_one() -> None:
    start = date(last_known(), 12, 31)
    expected = start
    for _ in range(10):
        expected += timedelta(days=1)
        while not provisional_working_day(expected):
            expected += timedelta(days=1)
    assert add_working_days(start, 10) == expected


def test_days_overdue() -> None:
    deadline = date(2024, 9, 27)
    assert working_days_between(deadline, deadline) == 0
    assert working_days_between(deadline, date(2024, 9, 26)) == 0  # not yet due
    assert working_days_between(deadline, date(2024, 9, 28)) == 0  # Saturday
    assert working_days_between(deadline, date(2024, 9, 29)) == 1  # make-up Sunday
    assert working_days_between(deadline, date(2024, 10, 7)) == 2
    assert working_days_between(deadline, date(2024, 10, 8)) == 3


def test_between_and_add_agree() -> None:
    for start in days_from(date(2024, 1, 1), date(2024, 12, 31)):
        for days in (1, 7, 40):
            assert working_days_between(start, add_working_days(start, days)) == days


def test_between_matches_the_package_over_long_spans() -> None:
    start = date(first_known(), 1, 1)
    end = date(last_known(), 12, 31)
    assert working_days_between(start, end) == package_count(start, end)
    assert working_days_between(date(2020, 6, 15), date(2025, 3, 3)) == package_count(
        date(2020, 6, 15), date(2025, 3, 3)
    )


def test_between_across_known_and_unknown_years() -> None:
    last = last_known()
    start, end = date(last, 7, 1), date(last + 2, 6, 30)
    weekdays_after = sum(provisional_working_day(d) for d in days_from(date(last + 1, 1, 1), end))
    assert working_days_between(start, end) == package_count(start, date(last, 12, 31)) + (
        weekdays_after
    )


def test_a_long_list_makes_no_query_once_the_calendar_is_read(
    django_assert_num_queries: Any,
) -> None:
    workdays.invalidate()
    add_working_days(date(2024, 1, 1), 1)
    start = date(2024, 1, 1)
    with django_assert_num_queries(0):
        for n in range(10_000):
            deadline = add_working_days(start + timedelta(days=n % 1100), 1 + n % 30)
            is_working_day(deadline)
            working_days_between(deadline, date(2026, 6, 1))
            is_provisional(deadline)


def test_cache_is_per_year() -> None:
    assert workdays._exceptions(2024) is workdays._exceptions(2024)
    assert workdays._exceptions(UNKNOWN_YEAR) == {
        d.toordinal() for d, _ in statutory_days(UNKNOWN_YEAR) if d.weekday() < 5
    }
