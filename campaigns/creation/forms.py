"""Forms of the creation file: the leadership group with its members (an inline formset), a work
document with its files, a demonstration title with its naming document."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.activities.forms import AttachmentsField
from campaigns.activities.models import Activity, ActivityKind
from campaigns.creation.models import (
    Demonstration,
    GroupMember,
    GroupRole,
    LeadershipGroup,
    WorkDocument,
)
from campaigns.creation.rules import keeps_office_file, writable_communities
from core import roles
from core.people import person_name
from ledgers.forms import ScopedModelForm

# The empty choice of the community: the record is the office's own.
OFFICE_CHOICE = _("The office itself")
# Activities minutes are written for: meetings, study sessions and trainings.
MEETINGS = [
    ActivityKind.STUDY,
    ActivityKind.MOBILISATION,
    ActivityKind.FORUM,
    ActivityKind.TRAINING,
    ActivityKind.OTHER,
]
FILE_TYPES = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,image/*"


class CreationForm(ScopedModelForm):
    """A row of the creation file: of a community the user is assigned to or, for those who
    keep the office's file, of the office itself (campaigns.creation.rules)."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["community"]
        communities = writable_communities(user)
        office = keeps_office_file(user)
        if office and not communities.exists():
            del self.fields["community"]  # the leaders keep the office's own file only
            self.instance.community = None
            return
        field.queryset = communities  # type: ignore[attr-defined]
        field.required = not office
        field.help_text = _("Leave empty for the office itself.") if office else ""
        if office:
            field.empty_label = OFFICE_CHOICE  # type: ignore[attr-defined]

    def _get_validation_exclusions(self) -> set[str]:  # type: ignore[misc]
        # Without its field the community is still the row's (the office's): its uniqueness
        # (one group a year, one record a level) is checked as the form's own.
        return set(super()._get_validation_exclusions()) - {"community"}  # type: ignore[misc]


class LeadershipGroupForm(CreationForm):
    class Meta:
        model = LeadershipGroup
        fields = ["year", "community", "name", "office", "office_head", "duties"]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 4}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class AccountChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["name", "user", "position", "role", "order"]
        field_classes = {"user": AccountChoice}
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})}


class MembersFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """The members of a group: one 组长, named by a name or an account each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accounts = get_user_model().objects.filter(
            is_active=True, groups__name__in=[roles.STAFF, roles.LEADER]
        )
        for form in self.forms:
            field = form.fields["user"]
            field.queryset = accounts.distinct().order_by("last_name", "first_name", "pk")  # type: ignore[attr-defined]
            field.required = False

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        leaders = sum(1 for data in kept if data.get("role") == GroupRole.LEADER)
        if leaders != 1:
            raise forms.ValidationError(_("The group has one group leader (组长)."))


def members_formset(
    data: Any, group: LeadershipGroup | None, initial: list[dict[str, Any]] | None = None
) -> MembersFormSet:
    """The members' forms: three empty rows for a new group, or one per member copied."""
    extra = len(initial) if initial else (3 if group is None or group.pk is None else 1)
    formset_class = inlineformset_factory(
        LeadershipGroup,
        GroupMember,
        form=GroupMemberForm,
        formset=MembersFormSet,
        extra=extra,
        can_delete=True,
    )
    formset = formset_class(
        data, instance=group or LeadershipGroup(), prefix="members", initial=initial
    )
    return cast(MembersFormSet, formset)


class WorkDocumentForm(CreationForm):
    attachments = AttachmentsField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or WPS, or a photo of the signed page."),
    )

    class Meta:
        model = WorkDocument
        fields = ["kind", "title", "issued_on", "year", "community", "activity", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        meetings = (
            Activity.objects.for_user(user)
            .filter(kind__in=MEETINGS)
            .select_related("community")
            .order_by("-held_on", "-pk")
        )
        self.limit_choices("activity", meetings, visible=Activity.objects.for_user(user))
        if "activity" in self.fields:
            self.fields["activity"].label_from_instance = lambda a: f"{a}（{a.area}）"  # type: ignore[attr-defined]
        self.fields["title"].widget.attrs["placeholder"] = _(
            "e.g. 2026年民族团结进步创建工作实施方案"
        )


class DemonstrationForm(CreationForm):
    naming_file = forms.FileField(
        label=_("naming document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_TYPES}),
        help_text=_("The naming decision as a PDF, a Word file or a photo."),
    )

    class Meta:
        model = Demonstration
        fields = [
            "community",
            "level",
            "status",
            "since",
            "named_on",
            "next_review",
            "document_number",
            "note",
        ]


class FileUploadForm(forms.Form):
    """More files for a work document, from its page."""

    attachments = AttachmentsField(label=_("Files"))
