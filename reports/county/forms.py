"""The county workbook's form: a year, a period of it, communities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ledgers.models import Community
from reports.county.models import PaperSize, Period, PeriodKind
from reports.forms import year_field


def period_choices() -> list[tuple[Any, Any]]:
    """One drop-down of every period of a year, grouped by kind ("quarter-2" …)."""
    halves = [("half-1", _("First half")), ("half-2", _("Second half"))]
    quarters = [(f"quarter-{n}", _("Quarter %(n)d") % {"n": n}) for n in range(1, 5)]
    months = [(f"month-{n}", _("Month %(n)d") % {"n": n}) for n in range(1, 13)]
    return [
        ("year-1", _("Whole year")),
        (PeriodKind.HALF.label, halves),
        (PeriodKind.QUARTER.label, quarters),
        (PeriodKind.MONTH.label, months),
    ]


class CountyWorkbookForm(forms.Form):
    year = year_field()
    period = forms.ChoiceField(
        label=_("Period"),
        choices=period_choices,
        initial="year-1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"),
        queryset=Community.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one community.")},
    )
    paper = forms.ChoiceField(
        label=_("Paper"),
        choices=PaperSize.choices,
        initial=PaperSize.A4,
        required=False,  # A4 unless asked
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_(
            "A sheet too wide for the paper at 9 pt is printed across pages, with its number "
            "and name columns repeated on each."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = Community.objects.for_user(user).order_by("code")
        field = self.fields["communities"]
        field.queryset = mine  # type: ignore[attr-defined]
        field.initial = list(mine)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "year" in data and "period" in data:
            kind, _sep, number = data["period"].partition("-")
            data["period"] = Period(kind, data["year"], int(number))
        data["paper"] = data.get("paper") or PaperSize.A4
        return data
