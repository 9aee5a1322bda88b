"""The holiday calendar's pages: the years (entered, or provisional up to the year after next),
a year's days, and a year entered from the State Council's notice."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from core import workdays
from core.calendar.entry import EntryRefused, enter_year, lines_of, seen_token
from core.calendar.forms import CalendarYearForm
from core.calendar.lines import format_lines, grouped
from core.models import CalendarYear, DayKind

ENTER = "core.change_calendaryear"
FIRST_YEAR = 2000  # years before the statutory holidays took their present shape: no page


def _year(year: int) -> CalendarYear | None:
    """The year as entered (None while provisional); 404 for a year no page is for."""
    entry = CalendarYear.objects.select_related("entered_by").filter(year=year).first()
    if entry is None and not FIRST_YEAR <= year <= timezone.localdate().year + 5:
        raise Http404
    return entry


def _statutory(year: int) -> list[tuple[date, str, str]]:
    return [(day, DayKind.REST, holiday) for day, holiday in workdays.statutory_days(year)]


def _runs(typed: str) -> list[list[str]]:
    """2027-02-05~2027-02-12,2027-02-14 as [[first, last], [day]]: a phone breaks the line
    between the ranges and after a range's "~", never inside a date."""
    return [run.split("~") for run in typed.split(",") if run]


@login_required
@permission_required(ENTER, raise_exception=True)
def year_list(request: HttpRequest) -> HttpResponse:
    rest, work = Q(days__kind=DayKind.REST), Q(days__kind=DayKind.WORK)
    entered = {
        entry.year: entry
        for entry in CalendarYear.objects.select_related("entered_by").annotate(
            days_off=Count("days", filter=rest), make_up=Count("days", filter=work)
        )
    }
    this_year = timezone.localdate().year
    first = min([*entered, this_year])
    years = [(year, entered.get(year)) for year in range(this_year + 2, first - 1, -1)]
    missing = [year for year in (this_year, this_year + 1) if year not in entered]
    return render(request, "core/calendar_list.html", {"years": years, "missing": missing})


@login_required
@permission_required(ENTER, raise_exception=True)
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    entry = _year(year)
    days = entry.days.values_list("day", "kind", "holiday") if entry else _statutory(year)
    holidays = [
        (holiday, _runs(rest), _runs(work), count) for holiday, rest, work, count in grouped(days)
    ]
    context = {"year": year, "entry": entry, "holidays": holidays}
    return render(request, "core/calendar_year.html", context)


@login_required
@permission_required(ENTER, raise_exception=True)
def year_edit(request: HttpRequest, year: int) -> HttpResponse:
    entry = _year(year)
    if request.method != "POST":
        initial = {
            "notice_number": entry.notice_number if entry else "",
            "notice_date": entry.notice_date if entry else None,
            "days": lines_of(entry) if entry else format_lines(_statutory(year)),
            "seen": seen_token(entry),
        }
        form = CalendarYearForm(initial=initial, year=year)
    else:
        form = CalendarYearForm(request.POST, year=year)
        if form.is_valid():
            data = form.cleaned_data
            try:
                results = enter_year(
                    year,
                    data["notice_number"],
                    data["notice_date"],
                    data["days"],
                    request.user,
                    request,
                    seen=data["seen"],
                )
            except EntryRefused as refused:
                form.add_error(None, refused.message)
            else:
                moved = sum(len(result) for result in results if isinstance(result, list))
                messages.success(
                    request,
                    ngettext(
                        "The holidays of %(year)s are entered from %(notice)s; %(count)s "
                        "deadline counted on the old calendar was recomputed.",
                        "The holidays of %(year)s are entered from %(notice)s; %(count)s "
                        "deadlines counted on the old calendar were recomputed.",
                        moved,
                    )
                    % {"year": year, "notice": data["notice_number"], "count": moved},
                )
                return redirect("calendar:year", year=year)
    context = {"year": year, "entry": entry, "form": form}
    return render(request, "core/calendar_form.html", context)
