"""The forms of the duplicate finder: which rule to list by, and the merge's confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ledgers.moves.duplicates import Reason


class ReasonFilterForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("reason"),
        required=False,
        choices=[("", _("Every reason")), *Reason.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class MergeForm(forms.Form):
    """The merge as the page showed it: the record kept, the versions seen, and why."""

    keep = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason"),
        max_length=200,
        help_text=_("How you know these are one person, e.g. checked with the identity card."),
    )

    def __init__(self, *args: Any, choices: tuple[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices

    def clean_keep(self) -> int:
        keep: int = self.cleaned_data["keep"]
        if keep not in self.choices:
            raise forms.ValidationError(_("Choose one of the two records."))
        return keep
