"""The form of an insurance enrolment (参保登记)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.insurance.models import InsuranceEnrolment
from ledgers.forms import ScopedModelForm
from ledgers.models import Resident, ResidentStatus


class EnrolmentForm(ScopedModelForm):
    """参保登记 of a resident chosen on the page (by ID number or name, in the user's scope)."""

    class Meta:
        model = InsuranceEnrolment
        fields = [
            "resident",
            "scheme",
            "year",
            "status",
            "enrolled_on",
            "helped_by_community",
            "notes",
        ]
        widgets = {"resident": forms.HiddenInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        residents = Resident.objects.for_user(user)
        if not self.instance.pk:  # a new enrolment is for someone on the register
            residents = residents.filter(status=ResidentStatus.ACTIVE)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]
        self.fields["resident"].error_messages["invalid_choice"] = _(
            "Choose a resident of your communities."
        )
        self.fields["year"].widget.attrs.update(min=2000, max=timezone.localdate().year + 1)
        if self.instance.pk:
            self.fields["resident"].disabled = True

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("The year must be between 2000 and next year."))
        return year

    def save(self, commit: bool = True) -> InsuranceEnrolment:
        enrolment: InsuranceEnrolment = super().save(commit=False)
        if enrolment.helped_by_community and enrolment.helper_id is None:
            enrolment.helper = self.user  # who recorded the help is who gave it, by default
        elif not enrolment.helped_by_community:
            enrolment.helper = None
        if commit:
            enrolment.save()
        return enrolment
