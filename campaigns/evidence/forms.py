"""The form that asks for an evidence pack: which community, which period, which records."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import ActivityKind
from campaigns.evidence.models import EvidencePack, EvidenceRecord
from campaigns.office_wide import WHOLE_OFFICE_CHOICE
from core.scope import sees_all_communities
from ledgers.forms import DATE
from ledgers.models import Community

MAX_YEARS = 3


def presets(today: date) -> list[tuple[Any, date, date]]:
    """(label, first day, last day) of the periods inspectors usually ask for."""
    quarter = (today.month - 1) // 3
    quarter_start = date(today.year, 3 * quarter + 1, 1)
    next_quarter = (
        date(today.year, 3 * quarter + 4, 1) if quarter < 3 else date(today.year + 1, 1, 1)
    )
    quarter_end = next_quarter - timedelta(days=1)
    return [
        (_("This year"), date(today.year, 1, 1), date(today.year, 12, 31)),
        (_("Last year"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        (_("This quarter"), quarter_start, quarter_end),
    ]


def years_later(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class EvidencePackForm(forms.ModelForm):
    indicators = forms.MultipleChoiceField(
        label=_("Records"),
        choices=EvidenceRecord.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[EvidenceRecord.ACTIVITIES, EvidenceRecord.VISITS, EvidenceRecord.PUBLICITY],
        error_messages={"required": _("Choose at least one kind of record.")},
    )
    activity_kinds = forms.MultipleChoiceField(
        label=_("Kinds of activity"),
        choices=ActivityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: activities of every kind."),
    )

    class Meta:
        model = EvidencePack
        fields = [
            "community",
            "include_office_wide",
            "period_start",
            "period_end",
            "indicators",
            "activity_kinds",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field: Any = self.fields["community"]
        field.queryset = Community.objects.for_user(user)
        if sees_all_communities(user):
            field.required = False
            field.empty_label = WHOLE_OFFICE_CHOICE
        else:
            field.required = True
            field.empty_label = None  # one of the user's own: nothing to leave empty
        field.help_text = ""
        self.fields["include_office_wide"].help_text = _(
            "For a community: also the activities and publicity of the whole office."
        )
        self.presets = presets(timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("community", css_class="col-12 col-md-6"),
                Column("include_office_wide", css_class="col-12 col-md-6 pt-md-4"),
            ),
            Row(
                Column("period_start", css_class="col-6 col-md-3"),
                Column("period_end", css_class="col-6 col-md-3"),
                Column(
                    HTML('{% include "campaigns/includes/evidence_presets.html" %}'),
                    css_class="col-12 col-md-6 pt-md-4",
                ),
            ),
            InlineCheckboxes("indicators"),
            InlineCheckboxes("activity_kinds"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The period must end on or after its first day."))
            elif end >= years_later(start, MAX_YEARS):
                self.add_error(
                    "period_end",
                    _("A pack covers at most %(years)d years; choose a shorter period.")
                    % {"years": MAX_YEARS},
                )
        if EvidenceRecord.ACTIVITIES not in data.get("indicators", []):
            data["activity_kinds"] = []
        if not data.get("community"):
            data["include_office_wide"] = True  # the whole office's pack holds them anyway
        return data

    def save(self, commit: bool = True) -> EvidencePack:
        pack: EvidencePack = super().save(commit=False)
        pack.requested_by = self.user
        # The sheets come in the order of the choices, whatever order the boxes were ticked in.
        chosen = set(self.cleaned_data["indicators"])
        pack.indicators = [key for key in EvidenceRecord.values if key in chosen]
        pack.activity_kinds = list(self.cleaned_data["activity_kinds"])
        if commit:
            pack.save()
        return pack
