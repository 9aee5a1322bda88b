"""The forms of households, residents and the records kept on a resident."""

from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.urls import reverse
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


def id_number_error_link(duplicate: Resident, user: Any) -> str:
    """The message for an ID number already registered: a link only if the user may open it."""
    if Resident.objects.for_user(user).filter(pk=duplicate.pk).exists():
        return format_html(
            '{} <a href="{}">{}</a>',
            _("This ID number is already registered:"),
            reverse("ledgers:resident", args=[duplicate.pk]),
            duplicate.name,
        )
    return str(_("This ID number is already registered in another community."))


class ResidentForm(ScopedModelForm):
    """Adds or edits a person; gender and birth date come from a citizen ID number."""

    household_number = forms.CharField(
        label=_("household number"),
        required=False,
        help_text=_("The 户号 of a household in the chosen community."),
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
                Row(Column("residence_type"), Column("lives_at_registration", css_class="pt-md-4")),
                Row(Column("hukou_place"), Column("hukou_address")),
                "current_address",
            ),
            Fieldset(_("Tags and notes"), InlineCheckboxes("tags"), "notes"),
        )

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
        return data

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


class StatusForm(forms.ModelForm):
    """Moves a resident out, records a death, archives a record, or puts it back on the register."""

    class Meta:
        model = Resident
        fields = ["status", "status_date", "status_reason"]
        widgets = {"status_date": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status_date"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") != ResidentStatus.ACTIVE and not data.get("status_reason"):
            self.add_error("status_reason", _("Give the reason."))
        return data


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
