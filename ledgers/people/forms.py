"""The forms of households, residents and the records kept on a resident."""

from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ledgers import identifiers
from ledgers.codes import NewSocialStratum
from ledgers.forms import DATE, SENSITIVE, ScopedModelForm
from ledgers.models import (
    DISSOLVED,
    DocumentType,
    FloatingRecord,
    Household,
    OverseasTie,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
    Tag,
)
from ledgers.moves import duplicates, periods
from ledgers.moves.models import MoveEvent

CITIZEN_LIKE = {DocumentType.CITIZEN, DocumentType.HMT, DocumentType.FOREIGN_PR}


class HouseholdForm(ScopedModelForm):
    class Meta:
        model = Household
        fields = [
            "community",
            "grid",
            "number",
            "address",
            "building",
            "unit",
            "room",
            "housing_type",
            "kind",
            "hardship",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            # Its members live in its community: the household moves with them, by a transfer.
            community = self.fields["community"]
            community.disabled = True
            community.help_text = _("To move the household to another community, use a transfer.")


def id_number_error_link(duplicate: Resident, user: Any) -> str:
    """The message for an ID number already registered: a link only if the user may open it."""
    if Resident.objects.for_user(user).filter(pk=duplicate.pk).exists():
        return format_html(
            '{} <a href="{}">{}</a>',
            _("This ID number is already registered:"),
            reverse("ledgers:resident", args=[duplicate.pk]),
            duplicate.name,
        )
    return str(duplicates.NUMBER_ELSEWHERE)


class ResidentForm(ScopedModelForm):
    """Adds or edits a person; gender and birth date come from a citizen ID number."""

    household_number = forms.CharField(
        label=_("household number"),
        required=False,
        help_text=_("The 户号 of a household in the chosen community."),
    )

    # Shown only when the person is likely registered in a community the user does not see.
    not_a_duplicate = forms.BooleanField(
        label=_("I checked: this is another person"), required=False
    )

    restricted_fields = {"religion": SENSITIVE}

    class Meta:
        model = Resident
        fields = [
            "document_type",
            "id_number",
            "gender",
            "birth_date",
            "name",
            "former_name",
            "pinyin_override",
            "ethnicity",
            "native_place",
            "marital_status",
            "political_status",
            "education",
            "religion",
            "occupation",
            "employer",
            "phone",
            "community",
            "grid",
            "relation_to_head",
            "residence_type",
            "hukou_place",
            "hukou_address",
            "current_address",
            "lives_at_registration",
            "tags",
            "notes",
        ]
        widgets = {
            "tags": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["gender"].required = False
        self.fields["birth_date"].required = False
        self.fields["gender"].help_text = _("Filled from a citizen ID number.")
        self.fields["birth_date"].help_text = _("Filled from a citizen ID number.")
        tags = Tag.objects.all()
        if not user.has_perm(SENSITIVE):
            tags = tags.filter(sensitive=False)
        self.limit_choices("tags", tags, visible=tags)
        self._arrival_fields()
        if self.instance.pk:
            # A change of ethnicity is its own recorded action, not a free edit.
            self.fields["ethnicity"].disabled = True
            self.fields["ethnicity"].help_text = _("Use “Change ethnicity” to record a change.")
            if self.instance.household_id:
                self.fields["household_number"].initial = self.instance.household.number
        id_field = self.fields["id_number"]
        id_field.widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse("ledgers:resident_check_id"),
                "hx-trigger": "input changed delay:400ms, change",
                "hx-include": "[name=document_type], [name=id_number]",
                "hx-target": "#id-number-check",
                "hx-vals": f'{{"pk": "{self.instance.pk or ""}"}}',
            }
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Identity document"),
                Row(Column("document_type", css_class="col-md-4"), Column("id_number")),
                HTML('<div id="id-number-check" class="mb-3" aria-live="polite"></div>'),
                Row(Column("gender"), Column("birth_date")),
            ),
            Fieldset(
                _("Person"),
                Row(Column("name"), Column("former_name"), Column("pinyin_override")),
                Row(Column("ethnicity"), Column("native_place")),
                Row(Column("marital_status"), Column("political_status"), Column("education")),
                *(["religion"] if "religion" in self.fields else []),
            ),
            Fieldset(
                _("Work and contact"),
                Row(Column("occupation"), Column("employer"), Column("phone")),
            ),
            Fieldset(
                _("Household and residence"),
                Row(Column("community"), Column("grid")),
                Row(Column("household_number"), Column("relation_to_head")),
                *(
                    [Row(Column("arrival"), Column("arrived_on"))]
                    if "arrival" in self.fields
                    else []
                ),
                Row(Column("residence_type"), Column("lives_at_registration", css_class="pt-md-4")),
                Row(Column("hukou_place"), Column("hukou_address")),
                "current_address",
            ),
            Fieldset(_("Tags and notes"), InlineCheckboxes("tags"), "notes"),
        )

    def _arrival_fields(self) -> None:
        """A new person: registered here, or moved in from outside the office (迁入) on a day.
        An existing one keeps their community: a move is a transfer."""
        if self.instance.pk:
            community = self.fields["community"]
            community.disabled = True
            community.help_text = _("To move the person to another community, use a transfer.")
            return
        self.fields["arrival"] = forms.ChoiceField(
            label=_("how they came"),
            choices=[
                (MoveEvent.REGISTERED.value, _("Registered here")),
                (MoveEvent.MOVED_IN.value, _("Moved in from outside the office")),
            ],
            initial=MoveEvent.REGISTERED,
            required=False,  # registered here unless they moved in
        )
        self.fields["arrived_on"] = forms.DateField(
            label=_("date moved in"), required=False, widget=DATE
        )

    def clean_arrived_on(self) -> Any:
        on = self.cleaned_data.get("arrived_on")
        if self.cleaned_data.get("arrival") == MoveEvent.MOVED_IN:
            if on is None:
                raise forms.ValidationError(_("Give the date they moved in."))
            if on > timezone.localdate():
                raise forms.ValidationError(_("The date cannot be in the future."))
        return on

    def save(self, commit: bool = True) -> Any:
        if not self.instance.pk and self.cleaned_data.get("arrival") == MoveEvent.MOVED_IN:
            periods.record(
                self.instance,
                periods.Move(
                    MoveEvent.MOVED_IN, on=self.cleaned_data["arrived_on"], user=self.user
                ),
            )
        return super().save(commit)

    def clean_id_number(self) -> str:
        return identifiers.normalise_id(self.cleaned_data.get("id_number", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        document_type = data.get("document_type")
        number = data.get("id_number", "")
        if document_type and number:
            try:
                number = identifiers.check_document(document_type, number)
            except identifiers.IdentifierError as error:
                self.add_error("id_number", error.message)
                return data
            data["id_number"] = number
            self.instance.id_number = number
            duplicate = (
                Resident.objects.filter(document_type=document_type, id_number=number)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if duplicate:
                self.add_error("id_number", id_number_error_link(duplicate, self.user))
        if document_type in CITIZEN_LIKE and number and "id_number" not in self.errors:
            parsed = identifiers.parse_citizen_id(number)
            self._fill_or_check(
                data, "gender", parsed.gender, _("The gender does not match the ID number.")
            )
            self._fill_or_check(
                data,
                "birth_date",
                parsed.birth_date,
                _("The birth date does not match the ID number."),
            )
        elif document_type == DocumentType.CITIZEN and not number:
            self.add_error("id_number", _("Enter the ID number of the identity card."))
        for field in ("gender", "birth_date"):
            if not data.get(field) and field not in self.errors and "id_number" not in self.errors:
                self.add_error(field, _("This field is required."))
        self._resolve_household(data)
        self._warn_of_duplicate(data)
        return data

    def _warn_of_duplicate(self, data: dict[str, Any]) -> None:
        """A new person with the name and birth date of someone registered in a community the
        user does not see: a warning (revealing neither who nor where) they may confirm past."""
        if self.instance.pk or self.errors or data.get("not_a_duplicate"):
            return
        key = (data.get("name", ""), data.get("birth_date"))
        if duplicates.registered_elsewhere(self.user, [key]):
            self.add_error(None, duplicates.ELSEWHERE)
            self.helper.layout.fields.insert(0, "not_a_duplicate")

    def _fill_or_check(self, data: dict[str, Any], field: str, derived: Any, message: Any) -> None:
        if data.get(field) and data[field] != derived:
            self.add_error(field, message)
        else:
            data[field] = derived

    def _resolve_household(self, data: dict[str, Any]) -> None:
        number = (data.get("household_number") or "").strip()
        community = data.get("community")
        self.instance.household = None
        if not number or community is None:
            return
        household = (
            Household.objects.for_user(self.user).filter(community=community, number=number).first()
        )
        if household is None:
            self.add_error(
                "household_number", _("No household with this number in the chosen community.")
            )
        elif household.dissolved_on and self.instance.status == ResidentStatus.ACTIVE:
            self.add_error("household_number", DISSOLVED)
        else:
            self.instance.household = household
            if not data.get("relation_to_head"):
                self.add_error("relation_to_head", _("Give the relation to the head of household."))


class StatusForm(ScopedModelForm):
    """The life events of a resident, each with its day and reason, recorded as a move
    (ledgers.moves.periods): 迁出本办, 死亡, 归档 — or 回迁, back on the register in one of the
    user's communities. Residents are never deleted."""

    LEAVING = {
        MoveEvent.MOVED_OUT: ResidentStatus.MOVED_OUT,
        MoveEvent.DECEASED: ResidentStatus.DECEASED,
        MoveEvent.ARCHIVED: ResidentStatus.ARCHIVED,
    }

    event = forms.ChoiceField(label=_("what happened"))
    on = forms.DateField(label=_("date"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=200)

    class Meta:
        model = Resident
        fields = ["community"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        active = self.instance.status == ResidentStatus.ACTIVE
        events = [MoveEvent.MOVED_OUT, MoveEvent.DECEASED, MoveEvent.ARCHIVED]
        if not active:
            events = [MoveEvent.RETURNED]
            self.fields["community"].help_text = _("The community they come back to.")
        else:
            del self.fields["community"]  # leaving the office: the community stays as it was
        self.fields["event"].choices = [(e.value, e.label) for e in events]  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()
        self.order_fields(["event", "on", "community", "reason"])

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        left = self.instance.status_date
        if self.instance.status != ResidentStatus.ACTIVE and left and on < left:
            raise forms.ValidationError(
                _("They left the register on %(day)s: the date cannot be earlier.") % {"day": left}
            )
        return on

    def save(self, commit: bool = True) -> Resident:
        resident: Resident = self.instance
        data = self.cleaned_data
        event = data["event"]
        if event == MoveEvent.RETURNED:
            resident.status = ResidentStatus.ACTIVE
            grid, household = resident.grid, resident.household
            if grid is not None and grid.community_id != resident.community_id:
                resident.grid = None
            if household is not None and household.community_id != resident.community_id:
                resident.household = None
                resident.relation_to_head = ""
        else:
            resident.status = self.LEAVING[MoveEvent(event)]
        resident.status_date = data["on"]
        resident.status_reason = data["reason"]
        periods.record(
            resident, periods.Move(event, on=data["on"], reason=data["reason"], user=self.user)
        )
        if commit:
            resident.save()
        return resident


class EthnicityChangeForm(forms.Form):
    new_ethnicity = forms.ChoiceField(label=_("new ethnicity"))
    reason = forms.CharField(label=_("reason"), max_length=300)
    approval_document = forms.CharField(
        label=_("approval document"),
        max_length=100,
        required=False,
        help_text=_("Number of the approval issued by the public security office, if any."),
    )

    def __init__(self, *args: Any, resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ledgers.codes import Ethnicity

        self.resident = resident
        self.fields["new_ethnicity"].choices = [  # type: ignore[attr-defined]
            c for c in Ethnicity.choices if c[0] != resident.ethnicity
        ]


class HeadChangeForm(forms.Form):
    new_head = forms.ModelChoiceField(queryset=Resident.objects.none(), label=_("new head"))
    old_head_relation = forms.ChoiceField(
        label=_("relation of the former head to the new head"), required=False
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ledgers.codes import RelationToHead

        self.household = household
        self.fields["new_head"].queryset = household.members.filter(  # type: ignore[attr-defined]
            status=ResidentStatus.ACTIVE
        ).exclude(relation_to_head=RelationToHead.HEAD)
        self.fields["old_head_relation"].choices = [  # type: ignore[attr-defined]
            c for c in RelationToHead.choices if c[0] != RelationToHead.HEAD
        ]


class FloatingRecordForm(ScopedModelForm):
    class Meta:
        model = FloatingRecord
        fields = [
            "origin",
            "arrived_on",
            "inflow_reason",
            "permit_type",
            "permit_number",
            "permit_expires",
            "domicile_type",
            "landlord_name",
            "landlord_phone",
            "left_on",
        ]


class StrataMembershipForm(ScopedModelForm):
    categories = forms.MultipleChoiceField(
        label=_("categories"),
        choices=NewSocialStratum.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StrataMembership
        fields = [
            "categories",
            "employer",
            "position",
            "is_npc_deputy",
            "is_cppcc_member",
            "other_representative",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.initial["categories"] = self.instance.categories.split(",")

    def clean_categories(self) -> str:
        return ",".join(sorted(self.cleaned_data["categories"]))


class OverseasTieForm(ScopedModelForm):
    class Meta:
        model = OverseasTie
        fields = ["kind", "country", "notes"]


class StudyAbroadForm(ScopedModelForm):
    class Meta:
        model = StudyAbroad
        fields = ["country", "institution", "from_date", "to_date", "home_contact", "home_phone"]
