"""The forms of transfers: propose, accept (grid, household), refuse, correct."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledgers.codes import RelationToHead
from ledgers.forms import DATE, EMPTY_CHOICE
from ledgers.models import Community, Grid, Household


class TransferProposeForm(forms.Form):
    """转出: to which community of the office, on which day, why."""

    to_community = forms.ModelChoiceField(
        queryset=Community.objects.none(), label=_("to community"), empty_label=EMPTY_CHOICE
    )
    moved_on = forms.DateField(label=_("date of the move"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args: Any, from_community_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any community of the office: the receiving one need not be the user's.
        self.fields["to_community"].queryset = Community.objects.exclude(  # type: ignore[attr-defined]
            pk=from_community_id
        ).order_by("code")
        self.fields["moved_on"].initial = timezone.localdate()


class TransferAcceptForm(forms.Form):
    """转入: the grid of the receiving community and, for one person, the household joined."""

    grid = forms.ModelChoiceField(
        queryset=Grid.objects.none(), label=_("grid"), required=False, empty_label=EMPTY_CHOICE
    )
    household_number = forms.CharField(
        label=_("household joined"),
        required=False,
        help_text=_("The 户号 of one of your households; leave empty for none."),
    )
    relation_to_head = forms.ChoiceField(
        label=_("relation to head"),
        required=False,
        choices=[("", EMPTY_CHOICE), *RelationToHead.choices],
    )

    def __init__(self, *args: Any, transfer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transfer = transfer
        self.fields["grid"].queryset = Grid.objects.filter(  # type: ignore[attr-defined]
            community_id=transfer.to_community_id
        ).order_by("code")
        if transfer.household_id:
            del self.fields["household_number"]
            del self.fields["relation_to_head"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["household"] = None
        number = (data.get("household_number") or "").strip()
        if number:
            household = Household.objects.filter(
                community_id=self.transfer.to_community_id,
                number=number,
                dissolved_on__isnull=True,
            ).first()
            if household is None:
                self.add_error(
                    "household_number", _("No household with this number in your community.")
                )
            elif not data.get("relation_to_head"):
                self.add_error("relation_to_head", _("Give the relation to the head of household."))
            data["household"] = household
        return data


class ReasonForm(forms.Form):
    """Refusing or correcting a transfer: the reason is required."""

    reason = forms.CharField(label=_("reason"), max_length=200)
