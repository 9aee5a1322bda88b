"""Entering a year of the holiday calendar from the State Council's notice: its days replaced in
one transaction, what was derived from the old calendar recomputed, the entry in the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, workdays
from core.calendar.lines import Day, format_lines
from core.models import AuditAction, CalendarDay, CalendarYear


class EntryRefused(Exception):
    """The year cannot be entered as asked; `message` tells the person why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def seen_token(entry: CalendarYear | None) -> str:
    """What the form remembers of the year it showed: when it was last entered."""
    return entry.entered_at.isoformat() if entry is not None else ""


def lines_of(entry: CalendarYear) -> str:
    return format_lines(entry.days.values_list("day", "kind", "holiday"))


def _summary(entry: CalendarYear) -> dict[str, Any]:
    """A year as the audit log keeps it: the notice and the days as typed."""
    return {
        "notice_number": entry.notice_number,
        "notice_date": entry.notice_date.isoformat() if entry.notice_date else None,
        "seeded_from": entry.seeded_from,
        "days": lines_of(entry),
    }


def taken_elsewhere(year: int, days: Sequence[Day]) -> list[tuple[Day, int]]:
    """The days already in another year's calendar (a 元旦 make-up day of December), with it."""
    by_day = {day.day: day for day in days}
    found = (
        CalendarDay.objects.filter(day__in=by_day)
        .exclude(calendar__year=year)
        .values_list("day", "calendar__year")
    )
    return [(by_day[day], other) for day, other in found]


def enter_year(
    year: int,
    notice_number: str,
    notice_date: date,
    days: Sequence[Day],
    user: Any,
    request: HttpRequest | None = None,
    seen: str | None = None,
) -> list[Any]:
    """Enter `year` from its notice: its days become `days`.

    `seen` is what the page showed (`seen_token`); if someone entered the year since, nothing
    changes (EntryRefused). Each of workdays.followers is called before the days change and
    its callable after; their results are returned, in the followers' order (casework's: the
    hazards whose deadline moved, as (hazard, old, new)).
    """
    try:
        with transaction.atomic():
            results = _enter(year, notice_number, notice_date, days, user, request, seen)
    finally:
        workdays.invalidate()  # committed or rolled back, the days are read again
    return results


def _enter(
    year: int,
    notice_number: str,
    notice_date: date,
    days: Sequence[Day],
    user: Any,
    request: HttpRequest | None,
    seen: str | None,
) -> list[Any]:
    entry = CalendarYear.objects.select_for_update().filter(year=year).first()
    if seen is not None and seen != seen_token(entry):
        raise EntryRefused(
            _(
                "Someone entered this year's holidays while you were editing. Nothing was "
                "changed; reload the page and check the days before entering them again."
            )
        )
    before = _summary(entry) if entry is not None else {}
    afters = [follower(year) for follower in workdays.followers]

    if entry is None:
        entry = CalendarYear(year=year)
    entry.notice_number = notice_number
    entry.notice_date = notice_date
    entry.seeded_from = ""
    entry.entered_by = user
    entry.entered_at = timezone.now()
    entry.save()
    entry.days.all().delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(calendar=entry, day=day.day, kind=day.kind, holiday=day.holiday) for day in days
    )
    workdays.invalidate()  # the followers' second half counts on the new days
    # Read meanwhile by another thread of this process, the old days are dropped at the commit.
    transaction.on_commit(workdays.invalidate)

    results = [after() for after in afters]
    audit.record(
        request,
        AuditAction.CALENDAR_ENTERED,
        user=user,
        target=f"{year} {notice_number}",
        year=year,
        before=before,
        after=_summary(entry),
        recomputed=sum(len(result) for result in results if isinstance(result, list)),
    )
    return results
