"""The statistics' form: a period (a year by default, a half, quarter or month of it, the last
two full years, or a range of days) and a community or the whole office."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import MAX_YEAR, MIN_YEAR
from ledgers.models import Community
from reports.county.forms import period_choices
from reports.forms import year_field
from reports.yearly.periods import LAST_TWO_YEARS, MAX_YEARS, RANGE, StatPeriod

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def statistics_period_choices() -> list[tuple[Any, Any]]:
    """The county workbook's periods of a year, then the shortcuts and a range of days."""
    others = [(LAST_TWO_YEARS, _("Last two full years")), (RANGE, _("From … to …"))]
    return [*period_choices(), (_("Other periods"), others)]


class YearlyForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=statistics_period_choices,
        required=False,  # a whole year unless asked
        initial="year-1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = year_field()
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("The whole office"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False  # this year unless asked
        field = self.fields["community"]
        field.queryset = Community.objects.for_user(user).order_by("code")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("period") == RANGE:
            start, end = cleaned.get("start"), cleaned.get("end")
            for name, day in (("start", start), ("end", end)):
                if day is None and name not in self.errors:
                    self.add_error(name, _("Give the first and the last day of the range."))
                elif day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
                    self.add_error(
                        name,
                        _("Give a day from %(first)d to %(last)d.")
                        % {"first": MIN_YEAR, "last": MAX_YEAR},
                    )
            if start and end and not self.errors:
                if end < start:
                    self.add_error("end", _("The last day is before the first."))
                elif end >= _years_after(start, MAX_YEARS):
                    self.add_error(
                        "end", _("A range is at most %(years)d years.") % {"years": MAX_YEARS}
                    )
        return cleaned

    def statistics_period(self) -> StatPeriod:
        """The period asked for (call once the form is valid)."""
        data = self.cleaned_data
        choice = data.get("period") or "year-1"
        if choice == RANGE:
            return StatPeriod(data["start"], data["end"])
        today = timezone.localdate()
        if choice == LAST_TWO_YEARS:
            return StatPeriod.last_two_years(today)
        kind, _dash, number = choice.partition("-")
        return StatPeriod.of(kind, data.get("year") or today.year, int(number))


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
