"""The form a year of the holiday calendar is entered with, from the State Council's notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar.entry import taken_elsewhere
from core.calendar.lines import Day, parse


class CalendarYearForm(forms.Form):
    notice_number = forms.CharField(
        label=_("notice's document number"),
        max_length=100,
        help_text=_("As printed on the notice, e.g. 国办发明电〔2026〕9号."),
    )
    notice_date = forms.DateField(
        label=_("notice date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    days = forms.CharField(
        label=_("holidays"),
        widget=forms.Textarea(attrs={"rows": 9, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_(
            "One holiday a line: its name, its days off, and after 调休 the weekend days worked "
            "instead, e.g. 春节 2027-02-05~2027-02-12 调休 2027-02-14,2027-02-20. Filled in with "
            "the statutory days: correct them as the notice gives them and add the 调休 days."
        ),
    )
    # When the year shown was last entered: a year entered meanwhile is not overwritten.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_notice_date(self) -> date:
        notice_date: date = self.cleaned_data["notice_date"]
        if notice_date > timezone.localdate():
            raise forms.ValidationError(_("The notice date cannot be in the future."))
        if notice_date.year not in (self.year - 1, self.year):
            raise forms.ValidationError(
                _("The notice for %(year)s is dated in %(before)s or %(year)s.")
                % {"year": self.year, "before": self.year - 1}
            )
        return notice_date

    def clean_days(self) -> list[Day]:
        days = parse(self.cleaned_data["days"], self.year)
        taken = taken_elsewhere(self.year, days)
        if taken:
            day, other = taken[0]
            raise forms.ValidationError(
                _("Line %(line)s: %(day)s is already in the calendar of %(other)s.")
                % {"line": day.line, "day": day.day.isoformat(), "other": other}
            )
        return days
