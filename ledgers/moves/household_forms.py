"""The forms of 分户 (split) and 合户 (merge): what the person chooses, checked by the same rules
the writes keep (ledgers.moves.households)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledgers.codes import RelationToHead
from ledgers.forms import DATE, EMPTY_CHOICE
from ledgers.moves import households
from ledgers.people.models import Household, Resident

HEAD = RelationToHead.HEAD
# Any relation but 户主: a household keeps one head.
RELATIONS = [("", EMPTY_CHOICE), *(c for c in RelationToHead.choices if c[0] != HEAD)]


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_relation_to_head_display() or '—'}）"


class OneMember(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ChangeForm(forms.Form):
    """The date and reason both changes ask for."""

    changed_on = forms.DateField(label=_("date"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["changed_on"].initial = timezone.localdate()
        # The members on the register, in the order of the household page.
        self.active = list(household.members.filter(status="active").order_by("pk"))

    def clean_changed_on(self) -> Any:
        on = self.cleaned_data["changed_on"]
        problem = households.date_problem(on)
        if problem:
            raise forms.ValidationError(problem)
        return on

    def add_problems(self, problems: dict[str | None, Any]) -> None:
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)


class SplitForm(ChangeForm):
    """分户: who leaves, the new household's head, number and address."""

    members = MemberChoice(
        queryset=Resident.objects.none(),
        label=_("members who form the new household"),
        widget=forms.CheckboxSelectMultiple,
    )
    head = OneMember(queryset=Resident.objects.none(), label=_("head of the new household"))
    former_head_relation = forms.ChoiceField(
        label=_("relation of the former head to the new head"),
        choices=RELATIONS,
        required=False,
        help_text=_("Only when the head of this household leaves with them."),
    )
    remaining_head = OneMember(
        queryset=Resident.objects.none(),
        label=_("new head of the members who stay"),
        required=False,
        help_text=_("Only when the head of this household leaves."),
    )
    number = forms.CharField(
        label=_("number of the new household"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to give the next number of the community."),
    )
    address = forms.CharField(label=_("address"), max_length=200)
    building = forms.CharField(label=_("building"), max_length=20, required=False)
    unit = forms.CharField(label=_("unit"), max_length=20, required=False)
    room = forms.CharField(label=_("room"), max_length=20, required=False)
    field_order = ["members", "head", "former_head_relation", "remaining_head", "number"]

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, household=household, **kwargs)
        members = household.members.filter(status="active").order_by("pk")
        for name in ("members", "head", "remaining_head"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
        self.fields["head"].empty_label = EMPTY_CHOICE  # type: ignore[attr-defined]
        self.fields["remaining_head"].empty_label = EMPTY_CHOICE  # type: ignore[attr-defined]
        for name in ("address", "building", "unit", "room"):
            self.fields[name].initial = getattr(household, name)

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        if (
            number
            and Household.objects.filter(
                community_id=self.household.community_id, number=number
            ).exists()
        ):
            raise forms.ValidationError(
                _("This community already has a household with this number.")
            )
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "members" in data:
            self.add_problems(
                households.split_problems(
                    self.active,
                    list(data["members"]),
                    data.get("head"),
                    data.get("former_head_relation", ""),
                    data.get("remaining_head"),
                )
            )
        return data

    def new_address(self) -> households.Address:
        data = self.cleaned_data
        return households.Address(data["address"], data["building"], data["unit"], data["room"])


class MergeForm(ChangeForm):
    """合户: the household joined, found by its number in the community."""

    target_number = forms.CharField(
        label=_("number of the household to join"),
        max_length=30,
        help_text=_("A household of the same community."),
    )
    head_relation = forms.ChoiceField(
        label=_("relation of this household's head to the head of the household joined"),
        choices=RELATIONS,
        required=False,
    )
    field_order = ["target_number", "head_relation"]

    def __init__(self, *args: Any, household: Household, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, household=household, **kwargs)
        self.user = user
        self.target: Household | None = None
        self.heads = [r for r in self.active if r.relation_to_head == HEAD]
        if not self.heads:
            del self.fields["head_relation"]

    def clean_target_number(self) -> str:
        number: str = self.cleaned_data["target_number"].strip()
        self.target = (
            Household.objects.for_user(self.user)
            .filter(community_id=self.household.community_id, number=number)
            .first()
        )
        if self.target is None:
            raise forms.ValidationError(
                _("%(community)s has no household with this number.")
                % {"community": self.household.community}
            )
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.target is not None:
            self.add_problems(
                households.merge_problems(
                    self.household, self.target, self.active, self.chosen_head_relation()
                )
            )
        return data

    def chosen_head_relation(self) -> str:
        return str(self.cleaned_data.get("head_relation") or "")

    def relations(self) -> dict[int, str]:
        """The new relation of this household's head to the head of the household joined."""
        return {head.pk: self.chosen_head_relation() for head in self.heads}
