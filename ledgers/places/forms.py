"""The forms of businesses and places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ledgers import identifiers
from ledgers.forms import ScopedModelForm
from ledgers.models import (
    Business,
    Place,
    Resident,
)


class BusinessForm(ScopedModelForm):
    operator_id_number = forms.CharField(
        label=_("operator's ID number"),
        required=False,
        help_text=_("When the operator is a resident of your communities."),
    )

    class Meta:
        model = Business
        fields = [
            "community",
            "grid",
            "name",
            "kind",
            "credit_code",
            "operator_id_number",
            "operator_name",
            "industry",
            "address",
            "phone",
            "employees",
            "minority_run",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.operator_id:
            operator = Resident.objects.for_user(user).filter(pk=self.instance.operator_id)
            if operator.exists():
                self.fields["operator_id_number"].initial = self.instance.operator.id_number
            else:  # a resident of another community: neither shown nor unlinked
                del self.fields["operator_id_number"]

    def clean_credit_code(self) -> str:
        raw = self.cleaned_data.get("credit_code", "")
        if not raw:
            return ""
        try:
            return identifiers.check_credit_code(raw)
        except identifiers.IdentifierError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "operator_id_number" not in self.fields:
            return data
        number = identifiers.normalise_id(data.get("operator_id_number") or "")
        self.instance.operator = None
        if number:
            operator = Resident.objects.for_user(self.user).filter(id_number=number).first()
            if operator is None:
                self.add_error(
                    "operator_id_number", _("No resident of your communities has this ID number.")
                )
            else:
                self.instance.operator = operator
        elif not data.get("operator_name"):
            self.add_error("operator_name", _("Give the operator's name or ID number."))
        return data


class PlaceForm(ScopedModelForm):
    class Meta:
        model = Place
        fields = [
            "community",
            "grid",
            "name",
            "kind",
            "religion",
            "registration_number",
            "address",
            "person_in_charge",
            "phone",
            "year_built",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
