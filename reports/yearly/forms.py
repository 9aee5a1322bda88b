"""The yearly statistics' form: a year, and a community or the whole office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ledgers.models import Community
from reports.forms import year_field


class YearlyForm(forms.Form):
    year = year_field()
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("The whole office"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        field.queryset = Community.objects.for_user(user).order_by("code")  # type: ignore[attr-defined]
