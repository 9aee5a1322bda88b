"""From October (the month an administrator may change), the next year's holidays not yet
entered: those who enter them are told, until they are (the State Council publishes them
between October and December)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import workdays
from core.models import CalendarYear
from core.notices.people import holders
from core.notices.registry import Context, Due, Rule, register

ENTER = "core.change_calendaryear"


def next_year_missing(today_year: int, month: int, from_month: int) -> bool:
    return month >= from_month and workdays.is_provisional(today_year + 1)


def missing(context: Context) -> Iterator[Due]:
    today = context.today
    from_month = context.thresholds[0] if context.thresholds else 10
    if not next_year_missing(today.year, today.month, from_month):
        return
    this_year = CalendarYear.objects.filter(year=today.year).first()
    if this_year is None:  # the notice hangs on this year's row; without it, the page says so
        return
    people = set(holders(ENTER).values_list("pk", flat=True))
    title = _(
        "The holidays of %(year)d are not entered yet: enter them from the State Council's "
        "notice; until then deadlines in %(year)d are estimates."
    ) % {"year": today.year + 1}
    url = reverse("calendar:year_edit", args=[today.year + 1])
    yield Due(this_year, str(today.year + 1), people, title, url)


def register_rules() -> None:
    register(
        Rule(
            "calendar_next_year",
            gettext_lazy("Next year's holidays not entered"),
            missing,
            thresholds=(10,),
            help=gettext_lazy(
                "From this month of the year, those who enter the holiday calendar are told "
                "while next year's holidays are not entered."
            ),
            order=90,
        )
    )
