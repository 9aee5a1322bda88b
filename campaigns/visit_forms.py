"""Forms of visits, of what a visit opens (a hazard, an assistance case), of a household's
anti-fraud answer and of publicity items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity, AntiFraudCoverage, AntiFraudStatus, Publicity, Visit
from campaigns.visits import household_head
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


class PublicityForm(ScopedModelForm):
    """An item of a community or, with no community, of the whole office; it may report one of
    the activities of the last two years."""

    # The model's validator allows http and https only; a bare address is taken as https.
    link = forms.URLField(
        label=_("link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    class Meta:
        model = Publicity
        fields = ["community", "title", "kind", "outlet", "published_on", "link", "activity"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["community"].empty_label = _("Whole office")  # type: ignore[attr-defined]
        since = timezone.localdate() - timedelta(days=730)
        mine = Activity.objects.for_user(user)
        recent = mine.filter(held_on__gte=since).select_related("community")
        # An older activity the item reports stays a choice; an office-wide item's activity of
        # a community the user does not see stays linked, off their form.
        self.limit_choices("activity", recent.order_by("-held_on", "-pk"), visible=mine)
        if "activity" not in self.fields:
            return
        activity = self.fields["activity"]
        activity.label_from_instance = activity_label  # type: ignore[attr-defined]
        activity.help_text = _("The activity the item reports, if any (last two years).")


def activity_label(activity: Activity) -> str:
    return f"{activity.held_on:%Y-%m-%d} {activity.title}（{activity.area}）"
