"""The years the installed chinese-calendar package knows, as rows of the holiday calendar: the
data migration seeds them, and a flush that emptied the table (a transactional test) again."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from importlib.metadata import version
from typing import Any

# The package's holiday names, as the notices give them.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def from_package(apps: Any, schema_editor: Any = None) -> list[int]:
    """Enter every year the package knows that the table lacks, as "seeded from" it; the years
    entered. `apps` is a migration's (or django.apps.apps)."""
    from chinese_calendar import constants

    calendar_year = apps.get_model("core", "CalendarYear")
    calendar_day = apps.get_model("core", "CalendarDay")
    known = {day.year for day in constants.holidays}
    by_notice: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for days, kind in ((constants.holidays, "rest"), (constants.workdays, "work")):
        for day, name in days.items():
            name = getattr(name, "value", name)
            # 元旦's days in the December before belong to the next year's notice.
            year = day.year + 1 if name == "New Year's Day" and day.month == 12 else day.year
            by_notice[year].append((day, kind, NAMES[name]))
    present = set(calendar_year.objects.values_list("year", flat=True))
    source = f"chinese-calendar {version('chinese-calendar')}"
    entered = sorted((known & set(by_notice)) - present)
    for year in entered:
        entry = calendar_year.objects.create(year=year, seeded_from=source)
        calendar_day.objects.bulk_create(
            calendar_day(calendar=entry, day=day, kind=kind, holiday=holiday)
            for day, kind, holiday in sorted(by_notice[year])
        )
    return entered


def after_flush(sender: Any, apps: Any = None, **kwargs: Any) -> None:
    """post_migrate (which a flush sends too, without `apps`): an emptied calendar is seeded
    again."""
    from django.apps import apps as installed

    from core import workdays

    apps = apps or installed
    try:
        calendar_year = apps.get_model("core", "CalendarYear")
    except LookupError:  # migrated back to before the calendar
        return
    if not calendar_year.objects.exists():
        from_package(apps)
        workdays.invalidate()
