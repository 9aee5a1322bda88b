"""Forms of the activity pages: the activity with its attendees and files, and uploads.

Who may record an office-wide (全办) activity: everyone who may add activities, i.e. the staff
and grid workers of the office's communities. An office-wide meeting or study session is
recorded by whoever kept its sign-in sheet, and every office worker already sees and edits the
office-wide rows (OfficeWideQuerySet), so a narrower rule here would protect nothing. Leaders
and county users read activities; they do not record them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import Activity, AttachmentKind
from campaigns.office_wide import WHOLE_OFFICE_CHOICE
from core.uploads.fields import MultipleFileField, MultipleFileInput, PhotosField
from ledgers.forms import ScopedModelForm
from ledgers.models import MINORITY_CODES, Place, Resident

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def photos_field(**kwargs: Any) -> PhotosField:
    """Photos from a phone's camera (capture) or its gallery, several at once."""
    field = PhotosField(**kwargs)
    field.widget = MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"})
    return field


class AttachmentsField(MultipleFileField):
    """Several files at once (sign-in sheets, slides); each is checked by its content when
    stored (core.uploads.attachments)."""

    widget = MultipleFileInput(
        attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,image/*"}
    )


class ActivityForm(ScopedModelForm):
    """An activity, its named attendees (chosen through the search on the page), and photos and
    files uploaded with it. With attendees, the counts are theirs (campaigns.activities.rules)."""

    attendees = forms.ModelMultipleChoiceField(
        label=_("named attendees"),
        queryset=Resident.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    photos = photos_field(label=_("Photos"), required=False)
    attachments = AttachmentsField(
        label=_("Files"),
        required=False,
        help_text=_("Sign-in sheet, slides or notes: PDF, Word, Excel, PowerPoint or a photo."),
    )
    attachment_kind = forms.ChoiceField(
        label=_("kind of file"), choices=AttachmentKind.choices, initial=AttachmentKind.SIGN_IN
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "theme",
            "held_on",
            "starts_at",
            "ends_at",
            "community",
            "place",
            "place_text",
            "organiser",
            "participants",
            "minority_participants",
            "summary",
        ]
        widgets = {
            "starts_at": TIME,
            "ends_at": TIME,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "minority_participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        community = self.fields["community"]
        community.required = False
        community.empty_label = WHOLE_OFFICE_CHOICE  # type: ignore[attr-defined]
        community.help_text = _("Choose “whole office” for an activity of all communities.")
        # An office-wide activity may be held at another community's place and name residents
        # of every community: what the user does not see stays, off their page.
        places = Place.objects.for_user(user).select_related("community")
        places = places.order_by("community__code", "name")
        self.limit_choices("place", places, visible=places)
        if "place" in self.fields:
            self.fields["place"].label_from_instance = lambda p: f"{p.name}（{p.community.name}）"  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["attendees"] = list(
                self.instance.attendances.values_list("resident_id", flat=True)
            )
        residents = Resident.objects.for_user(user)
        self.limit_choices("attendees", residents, visible=residents)
        self.fields["attendees"].error_messages["invalid_choice"] = _(
            "Choose attendees among the residents of your communities."
        )
        for name in ("participants", "minority_participants"):
            self.fields[name].required = False  # derived when attendees are named
        self.fields["title"].widget.attrs["placeholder"] = _("e.g. 民族团结进步政策宣讲")

    def kept_attendees(self) -> dict[str, int]:
        """How many attendees of other communities the activity keeps, and of a minority: the
        page counts them without naming them."""
        pks = self.kept.get("attendees", [])
        if not pks:
            return {"count": 0, "minority": 0}
        minority = Resident.objects.filter(pk__in=pks, ethnicity__in=MINORITY_CODES).count()
        return {"count": len(pks), "minority": minority}

    def chosen_attendees(self) -> list[Resident]:
        """The attendees the page shows as chosen: bound values, or those saved."""
        value = self["attendees"].value() or []
        pks = [int(v) for v in value if str(v).isdigit()]
        if not pks:
            return []
        residents = (
            Resident.objects.for_user(self.user)
            .filter(pk__in=pks)
            .select_related("household", "community")
        )
        return sorted(residents, key=lambda r: pks.index(r.pk))

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data.get("held_on")
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError(_("The activity is recorded after it was held."))
        return held_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attendees = list(data.get("attendees") or [])
        community = data.get("community")
        if attendees:
            hidden = set(self.kept.get("attendees", []))
            others = [r for r in attendees if community and r.community_id != community.pk]
            if names := [r.name for r in others if r.pk not in hidden]:
                self.add_error(
                    "attendees",
                    _("Attendees of a community's activity are its own residents: %(names)s.")
                    % {"names": "、".join(names)},
                )
            if any(r.pk in hidden for r in others):  # named by someone who sees them: no names
                self.add_error(
                    "community",
                    _("Residents of other communities attended: the activity stays office-wide."),
                )
            data["participants"] = len(attendees)
            data["minority_participants"] = sum(r.ethnicity in MINORITY_CODES for r in attendees)
        else:
            if data.get("participants") is None and "participants" not in self.errors:
                self.add_error(
                    "participants", _("Give the number of participants, or name the attendees.")
                )
            if data.get("minority_participants") is None:
                data["minority_participants"] = 0
        return data


class PhotoUploadForm(forms.Form):
    photos = photos_field(label=_("Photos"))


class AttachmentUploadForm(forms.Form):
    attachments = AttachmentsField(label=_("Files"))
    attachment_kind = forms.ChoiceField(
        label=_("kind of file"), choices=AttachmentKind.choices, initial=AttachmentKind.SIGN_IN
    )
