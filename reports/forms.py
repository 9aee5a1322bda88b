"""The form field the reports share: the year asked for."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import MIN_YEAR

FIRST_YEAR = MIN_YEAR  # the first year any list or report is asked for


def year_field() -> forms.IntegerField:
    this_year = timezone.localdate().year
    return forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=this_year + 1,
        initial=this_year,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
