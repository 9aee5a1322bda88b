"""Forms of an inspection (its facts, and the whole checklist as one formset of radio buttons)
and of an inspection plan."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.inspections.models import (
    ChecklistItem,
    Festival,
    Inspection,
    InspectionPlan,
    InspectionResult,
)
from casework.inspections.workflow import Answer, WorkflowError, check_answers
from core.people import person_name
from core.scope import sees_all_communities
from core.uploads.fields import PhotosField
from ledgers.forms import ScopedModelForm
from ledgers.models import Place

# The empty community of an office-wide record (the campaigns' targets say the same).
WHOLE_OFFICE = _("Whole office (all communities)")


class InspectionForm(ScopedModelForm):
    photos = PhotosField(label=_("Photos"), required=False)

    class Meta:
        model = Inspection
        fields = ["community", "place", "location", "inspected_on", "inspectors", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        places = Place.objects.for_user(user).select_related("community").order_by("name")
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["photos"]  # more photos are added on the inspection's page
        else:
            self.fields["inspectors"].initial = person_name(user)


class ChecklistForm(forms.Form):
    """One checklist item: 合格 / 不合格 / 不适用, and a note."""

    item = forms.ChoiceField(choices=ChecklistItem.choices, widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("result"),
        choices=InspectionResult.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": _("Choose passed, failed or not applicable.")},
    )
    note = forms.CharField(
        label=_("note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("What was found"), "class": "form-control"}),
    )

    def __init__(self, *args: Any, locked: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locked = self.initial.get("item") in locked
        self.fields["note"].widget.attrs["aria-label"] = f"{self.label} {_('note')}"
        if self.locked:  # it has become a hazard: the result stays 不合格
            self.fields["result"].disabled = True

    @property
    def label(self) -> str:
        value = self.initial.get("item") or self["item"].value()
        return str(ChecklistItem(value).label) if value in ChecklistItem.values else str(value)


class BaseChecklistFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        try:
            check_answers(self.answers())
        except WorkflowError as error:
            raise ValidationError(error.message) from None

    def answers(self) -> list[Answer]:
        return [
            Answer(
                form.cleaned_data["item"], form.cleaned_data["result"], form.cleaned_data["note"]
            )
            for form in self.forms
        ]


ChecklistFormSet = forms.formset_factory(
    ChecklistForm,
    formset=BaseChecklistFormSet,
    extra=0,
    # Ten rows, never more whatever the management form says; check_answers says what is wrong.
    min_num=len(ChecklistItem.values),
    max_num=len(ChecklistItem.values),
    absolute_max=len(ChecklistItem.values),
)


def checklist_formset(data: Any, inspection: Inspection | None) -> BaseChecklistFormSet:
    """The checklist of `inspection` (every item, in checklist order), or a blank one."""
    items = {item.item: item for item in inspection.items.all()} if inspection else {}
    initial = []
    for value in ChecklistItem.values:
        item = items.get(value)
        initial.append(
            {"item": value, "result": item.result, "note": item.note} if item else {"item": value}
        )
    locked = frozenset(value for value, item in items.items() if item.hazard_id)
    formset = ChecklistFormSet(
        data, initial=initial, prefix="items", form_kwargs={"locked": locked}
    )
    return cast(BaseChecklistFormSet, formset)


class InspectionPhotoForm(forms.Form):
    """More photos, from the inspection's page."""

    photos = PhotosField(label=_("Photos"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["class"] = "form-control"


class PlanForm(ScopedModelForm):
    """An inspection plan: of one of the user's communities or, for those who see every
    community, of the whole office."""

    festivals = forms.MultipleChoiceField(
        label=_("festivals"),
        choices=Festival.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For plans before festivals: 春节 is known; 古尔邦节 and 开斋节 are entered "
            "each year by the administrator."
        ),
    )

    class Meta:
        model = InspectionPlan
        fields = [
            "name",
            "community",
            "place_kind",
            "place",
            "frequency",
            "festivals",
            "days_before",
            "active_from",
            "active_to",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        community = self.fields["community"]
        if sees_all_communities(user):
            community.required = False
            community.empty_label = WHOLE_OFFICE  # type: ignore[attr-defined]
        else:
            community.required = True
            community.help_text = ""
        places = Place.objects.for_user(user).select_related("community").order_by("name")
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["days_before"].widget.attrs.update(min=1, max=60)
