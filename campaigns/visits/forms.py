"""Forms of visits and of what a visit opens (a hazard, an assistance case)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.visits.follow_ups import household_head
from campaigns.visits.models import Visit
from casework.models import AssistanceKind, HazardLevel
from core.people import person_name
from ledgers.codes import HazardCategory
from ledgers.forms import EMPTY_CHOICE, ScopedModelForm
from ledgers.models import Household, Resident, ResidentStatus

TEXT = forms.Textarea(attrs={"rows": 3})


def chosen_household(households: Any, value: Any) -> Household | None:
    """The household a form names (its pk), if it is one of `households`."""
    try:
        return households.filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None


def community_staff(household: Household | None) -> Any:
    """The users who work in the household's community: staff and its grid workers."""
    users = get_user_model().objects.filter(is_active=True)
    if household is None:
        return users.none()
    return (
        users.filter(assignments__community=household.community_id)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class VisitForm(ScopedModelForm):
    """The household is chosen by search above the form (a hidden field here); the visitors
    are the people who work in its community, the user by default."""

    class Meta:
        model = Visit
        fields = [
            "household",
            "visited_on",
            "purpose",
            "visitors",
            "visitor_names",
            "findings",
            "follow_up",
        ]
        widgets = {
            "household": forms.HiddenInput,
            "visitors": forms.CheckboxSelectMultiple,
            "findings": TEXT,
            "follow_up": TEXT,
        }
        error_messages = {"household": {"required": _("Find the household and choose it.")}}

    def __init__(self, *args: Any, user: Any, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        households = Household.objects.for_user(user).select_related("community", "grid")
        field = self.fields["household"]
        field.queryset = households  # type: ignore[attr-defined]
        value = self.data.get("household") or household or self.instance.household_id
        self.household = chosen_household(households, value)
        linked = self.instance.pk and (self.instance.hazard_id or self.instance.assistance_case_id)
        if linked:  # what the visit opened stays with its household
            field.disabled = True
            self.household = self.instance.household
        elif self.household is not None:
            self.initial["household"] = self.household.pk
        staff = community_staff(self.household)
        visitors = self.fields["visitors"]
        self.limit_choices("visitors", staff)  # one who has left the community stays a choice
        visitors.label_from_instance = person_name  # type: ignore[attr-defined]
        visitors.help_text = _("People who work in the household's community.")
        if not self.instance.pk and self.household is not None:
            visitors.initial = [user.pk] if staff.filter(pk=user.pk).exists() else []

    def clean_visited_on(self) -> Any:
        day = self.cleaned_data.get("visited_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be in the future."))
        return day


class OpenHazardForm(forms.Form):
    """转为隐患: what the visit does not say about the hazard."""

    category = forms.ChoiceField(
        label=_("category"), choices=[("", EMPTY_CHOICE), *HazardCategory.choices]
    )
    level = forms.ChoiceField(
        label=_("level"), choices=HazardLevel.choices, initial=HazardLevel.ORDINARY
    )
    description = forms.CharField(
        label=_("description"),
        widget=TEXT,
        help_text=_("What was found on the visit; complete it if needed."),
    )

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "hazard")
        super().__init__(*args, **kwargs)
        self.fields["description"].initial = visit.findings


class OpenCaseForm(forms.Form):
    """申请救助: the type of assistance and who applies."""

    kind = forms.ChoiceField(
        label=_("assistance type"), choices=[("", EMPTY_CHOICE), *AssistanceKind.choices]
    )
    applicant = forms.ModelChoiceField(
        label=_("applicant"), queryset=Resident.objects.none(), empty_label=EMPTY_CHOICE
    )
    reason = forms.CharField(
        label=_("reason for applying"),
        widget=TEXT,
        help_text=_("What was found on the visit; complete it if needed."),
    )

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "case")
        super().__init__(*args, **kwargs)
        members = Resident.objects.filter(
            household=visit.household_id, status=ResidentStatus.ACTIVE
        ).order_by("relation_to_head", "birth_date")
        self.fields["applicant"].queryset = members  # type: ignore[attr-defined]
        head = household_head(visit)
        self.fields["applicant"].initial = head.pk if head else None
        self.fields["reason"].initial = visit.findings
