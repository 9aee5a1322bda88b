"""Forms of assistance cases: the application itself, and one small form per workflow step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casework.assistance.models import AssistanceCase, CaseObjection, IncomeCheck, PaymentMethod
from ledgers.forms import DATE, ScopedModelForm
from ledgers.models import Household, Resident, ResidentStatus

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
NOTE = forms.Textarea(attrs={"rows": 2})


def month_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=MONTH, input_formats=["%Y-%m", "%Y-%m-%d"]
    )


def day_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, initial=timezone.localdate)


class AssistanceCaseForm(ScopedModelForm):
    """The application: the household is chosen first, then the applicant among its members."""

    class Meta:
        model = AssistanceCase
        fields = [
            "household",
            "applicant",
            "kind",
            "applied_on",
            "reason_category",
            "reason",
            "family_size",
            "amount_requested",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args: Any, user: Any, household: Any = None, reload_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, user=user, **kwargs)
        households = Household.objects.for_user(user).select_related("community")
        field = self.fields["household"]
        field.queryset = households  # type: ignore[attr-defined]
        chosen = self._chosen_household(households, household)
        mine = Resident.objects.for_user(user)
        members = mine.filter(household=chosen).order_by("name_sort")
        # An applicant who has since left the household stays: the case's rule then says so.
        self.limit_choices("applicant", members, visible=mine)
        if "applicant" in self.fields:
            self.fields["applicant"].help_text = _("A member of the household chosen above.")
        if self.instance.pk:
            field.disabled = True  # an application stays with its household
        else:
            if chosen is not None:
                field.initial = chosen.pk
                self.fields["family_size"].initial = (
                    chosen.members.filter(status=ResidentStatus.ACTIVE).count() or None
                )
            # Choosing the household reloads the applicant's choices with its members.
            field.widget.attrs.update(
                {
                    "hx-get": reload_url,
                    "hx-trigger": "change",
                    "hx-target": "#div_id_applicant",
                    "hx-select": "#div_id_applicant",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name=household]",
                }
            )

    def _chosen_household(self, households: Any, household: Any) -> Household | None:
        if self.instance.pk:
            return self.instance.household
        pk = self.data.get("household") or household
        try:
            return households.filter(pk=int(pk)).first() if pk else None
        except (TypeError, ValueError):
            return None


class StepForm(forms.Form):
    """The form of a step, knowing its case."""

    def __init__(self, *args: Any, case: AssistanceCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case


class NoteForm(StepForm):
    """A step that takes a note, optional unless the step says otherwise."""

    note = forms.CharField(label=_("note"), required=False, widget=NOTE)


class IncomeCheckForm(NoteForm):
    result = forms.ChoiceField(label=_("income check result"), choices=IncomeCheck.choices)
    monthly_income = forms.DecimalField(
        label=_("household monthly income (yuan)"), min_value=0, max_digits=10, decimal_places=2
    )
    family_size = forms.IntegerField(label=_("family size"), min_value=1, max_value=99)
    checked_on = day_field(_("income checked on"))
    field_order = ["result", "monthly_income", "family_size", "checked_on", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("income check notes")
        if self.case is not None:
            self.fields["family_size"].initial = self.case.family_size


class PublicityForm(StepForm):
    start = day_field(_("public notice from"), required=True)
    end = forms.DateField(
        label=_("public notice to"),
        required=False,
        widget=DATE,
        help_text=_("Seven days after the start if left blank."),
    )
    opinion = forms.CharField(label=_("community preliminary opinion"), widget=NOTE)
    field_order = ["opinion", "start", "end"]


class OpinionForm(StepForm):
    opinion = forms.CharField(label=_("community preliminary opinion"), widget=NOTE)


class ObjectionForm(StepForm):
    received_on = day_field(_("received on"))
    raised_by = forms.CharField(label=_("raised by"), required=False, max_length=100)
    content = forms.CharField(label=_("objection"), widget=NOTE)


class ResolveForm(StepForm):
    objection = forms.ModelChoiceField(label=_("objection"), queryset=CaseObjection.objects.none())
    resolution = forms.CharField(label=_("how it was resolved"), widget=NOTE)
    resolved_on = day_field(_("resolved on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            waiting = self.case.objections.filter(resolved_on__isnull=True)
            field = self.fields["objection"]
            field.queryset = waiting  # type: ignore[attr-defined]
            if len(waiting) == 1:
                field.initial = waiting[0].pk


class DecisionFields(NoteForm):
    """Dates and document numbers of a decision made by the street office or civil affairs."""

    document = forms.CharField(label=_("document number"), required=False, max_length=50)


class StreetReviewForm(DecisionFields):
    passed = forms.TypedChoiceField(
        label=_("street review"),
        choices=[
            ("yes", pgettext_lazy("review conclusion", "Passed")),
            ("no", pgettext_lazy("review conclusion", "Not passed")),
        ],
        coerce=lambda value: value == "yes",
    )
    reviewed_on = day_field(_("street reviewed on"), required=True)
    field_order = ["passed", "reviewed_on", "document", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("street review opinion")
        self.fields["note"].help_text = _("Required when the review was not passed.")


class ApproveForm(DecisionFields):
    amount = forms.DecimalField(
        label=_("amount approved (yuan)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("The monthly standard for 低保 and 特困; the sum for one-off relief."),
    )
    start_month = month_field(_("first month"))
    end_month = month_field(_("last month"), required=False)
    decided_on = day_field(_("civil affairs decided on"), required=True)
    field_order = ["amount", "start_month", "end_month", "decided_on", "document", "note"]


class RefuseForm(DecisionFields):
    reason = forms.CharField(label=_("reason for refusing"), widget=NOTE)
    decided_on = day_field(_("civil affairs decided on"), required=True)
    field_order = ["reason", "decided_on", "document"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]  # the reason is the note


class PaymentForm(NoteForm):
    method = forms.ChoiceField(label=_("payment method"), choices=PaymentMethod.choices)
    field_order = ["method", "note"]


class StopForm(StepForm):
    reason = forms.CharField(label=_("reason for stopping"), widget=NOTE)
    stopped_on = day_field(_("stopped on"), required=True)


class RecheckForm(NoteForm):
    checked_on = day_field(_("re-checked on"), required=True)
    next_due = forms.DateField(
        label=_("next re-check"),
        required=False,
        widget=DATE,
        help_text=_("A year after this re-check if left blank."),
    )
    field_order = ["note", "checked_on", "next_due"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("what the re-check found")
        self.fields["note"].required = True
