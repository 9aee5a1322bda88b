"""The form of a household's answer about the anti-fraud app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.antifraud.models import AntiFraudCoverage, AntiFraudStatus


class AntiFraudForm(forms.ModelForm):
    """A household's answer: installed (when, with whose help) or refused (why)."""

    class Meta:
        model = AntiFraudCoverage
        fields = ["status", "recorded_on", "installer", "refused_reason"]
        labels = {"refused_reason": _("reason for refusing to install")}
        widgets = {
            "status": forms.RadioSelect,
            "recorded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = AntiFraudStatus.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("status") == AntiFraudStatus.INSTALLED:
            # The reason field stays on the page when the answer changes: a reason of an
            # earlier refusal is no longer true.
            data["refused_reason"] = ""
            self.instance.refused_reason = ""
        day = data.get("recorded_on")
        if day and day > timezone.localdate():
            self.add_error("recorded_on", _("The date is in the future."))
        return data
