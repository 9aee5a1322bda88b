"""Forms of a hazard: its facts and 五定, and one small form per step of its closed loop."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.hazards.models import Hazard, HazardLevel, HazardPhoto
from core.people import person_name
from core.uploads.fields import PhotosField
from ledgers.forms import DATE, ScopedModelForm
from ledgers.models import Place

# What the hazard's form stops offering once it is assigned (交办).
STEP_FIELDS = ["level", "deadline", "deadline_working_days"]


class HazardForm(ScopedModelForm):
    photos = PhotosField(label=_("Photos before rectification"), required=False)

    class Meta:
        model = Hazard
        fields = [
            "community",
            "grid",
            "place",
            "location",
            "description",
            "category",
            "level",
            "mode",
            "source",
            "found_on",
            "found_by",
            "interim_measures",
            "responsible_unit",
            "responsible_person",
            "responsible_phone",
            "measures",
            "funding",
            "deadline",
            "deadline_working_days",
            "reviewer",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            "interim_measures": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "found_on": DATE,
            "deadline": DATE,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        places = Place.objects.for_user(user).select_related("community").order_by("name")
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        # The reviewer: a leader, or someone who works in these communities.
        communities = self.fields["community"].queryset  # type: ignore[attr-defined]
        reviewers = (
            get_user_model()
            .objects.filter(
                Q(assignments__community__in=communities)
                | Q(groups__permissions__codename="review_hazard"),
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )
        self.limit_choices("reviewer", reviewers)  # one named before stays a choice
        self.fields["reviewer"].label_from_instance = person_name  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["photos"]  # later photos come with the steps
        if self.instance.pk and self.instance.is_assigned:
            # Once assigned, the deadline moves by an approved extension and the level by a
            # leader's change of level: steps with a reason, on the timeline.
            for name in STEP_FIELDS:
                del self.fields[name]
        else:
            self.fields["deadline"].help_text = _(
                "A date; or leave it empty and give working days below."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        place = data.get("place")
        if (
            place is not None
            and data.get("community")
            and place.community_id != data["community"].pk
        ):
            self.add_error("place", _("This place is in another community."))
        if data.get("deadline") and data.get("deadline_working_days") is not None:
            # A deadline is one thing: what the person just gave replaces what was kept.
            if "deadline" not in self.changed_data:
                data["deadline"] = None
            elif "deadline_working_days" not in self.changed_data:
                data["deadline_working_days"] = None
            else:
                self.add_error(
                    "deadline_working_days",
                    _("Give the deadline as a date or in working days, not both."),
                )
        return data


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(label=_("Photos"), required=False)


class PanelForm(forms.Form):
    """A step's form in its own panel of the hazard's page, beside the progress form: its ids
    are its own (`id_extension_note`, not a second `id_note`); its fields post the same names."""

    panel = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.panel}_%s")
        super().__init__(*args, **kwargs)


class ExtensionForm(PanelForm):
    panel = "extension"
    new_deadline = forms.DateField(label=_("new deadline"), widget=DATE)
    note = forms.CharField(label=_("reason for extension"), max_length=300)


class DecisionForm(PanelForm):
    panel = "decision"
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label=_("note"), required=False)
    # The requested deadline the leader saw: another request is not decided in its place.
    seen_request = forms.DateField(widget=forms.HiddenInput, required=False)


class ReportForm(PanelForm):
    """上报 of a major hazard: to whom, on which day."""

    panel = "report"
    to = forms.CharField(
        label=_("reported to"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the party work committee")}),
    )
    on = forms.DateField(
        label=_("reported upward on"), widget=DATE, required=False, initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LevelForm(forms.Form):
    """调整等级: the new level and why."""

    prefix = "level"  # its fields beside the other step forms on the hazard's page
    level = forms.ChoiceField(label=_("level"), choices=HazardLevel.choices)
    note = forms.CharField(
        label=_("reason for the change of level"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


STAGE_OF_STEP = {
    "progress": HazardPhoto.Stage.PROGRESS,
    "submit": HazardPhoto.Stage.AFTER,
}


class SupervisionForm(forms.Form):
    """督办: why, and the date by which the hazard must be rectified."""

    reason = forms.CharField(
        label=_("grounds for the order"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is wrong and what is ordered: it is printed on the notice."),
    )
    due_by = forms.DateField(label=_("to be rectified by"), widget=DATE)


class CircularForm(forms.Form):
    """The 通报's period: the orders issued in it."""

    start = forms.DateField(label=_("orders issued from"), widget=DATE, required=False)
    end = forms.DateField(label=_("to"), widget=DATE, required=False)
