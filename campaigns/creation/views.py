"""Pages of the creation file: the leadership groups (list by year, page, form with members,
copy of last year's, printable A4 page), the work documents and the demonstration titles."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from campaigns.creation.filters import (
    DemonstrationFilter,
    LeadershipGroupFilter,
    WorkDocumentFilter,
)
from campaigns.creation.forms import (
    DemonstrationForm,
    FileUploadForm,
    LeadershipGroupForm,
    WorkDocumentForm,
    members_formset,
)
from campaigns.creation.models import (
    Demonstration,
    GroupMember,
    LeadershipGroup,
    WorkDocument,
    WorkDocumentFile,
)
from campaigns.creation.rules import may_write
from core import params
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.uploads.attachments import store_attachment

MEMBERS = GroupMember.objects.select_related("user").order_by("order", "pk")


def writable(user: Any, row: Any, action: str = "change") -> bool:
    opts = row._meta
    return may_write(user, row.community_id, f"{opts.app_label}.{action}_{opts.model_name}")


class WriteRuleMixin:
    """An edit page of a row its reader may not write (another area's file) is refused."""

    request: HttpRequest

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        row = super().get_object(queryset)  # type: ignore[misc]
        if not writable(self.request.user, row):
            raise PermissionDenied
        return row


class CreationDetailView(ObjectDetailView):
    """A row's page; its edit button shows to those who may write it."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_change"] = writable(self.request.user, self.object)
        return context


def save_form(view: Any, form: BaseForm, also: Any = None) -> HttpResponse:
    """Saves the row and, through `also(row)`, what goes with it (members, files) in one
    transaction, re-checking the scope inside it; a refused file keeps nothing and says why."""
    user = view.request.user
    instance = form.instance  # type: ignore[attr-defined]
    new = instance.pk is None
    try:
        with transaction.atomic():
            row = form.save()  # type: ignore[attr-defined]
            if also is not None:
                also(row)
            if not view.model.objects.for_user(user).filter(pk=row.pk).exists():
                raise ValidationError(_("You cannot move this record outside your communities."))
    except ValidationError as error:
        if new:
            instance.pk = None  # rolled back: still a new row
            instance._state.adding = True
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return view.form_invalid(form)  # type: ignore[no-any-return]
    view.object = row
    messages.success(view.request, view.success_message)
    return redirect(row)


# ---- leadership groups -----------------------------------------------------------------------


class LeadershipGroupListView(ObjectListView):
    model = LeadershipGroup
    title = _("Leadership groups")
    filterset_class = LeadershipGroupFilter
    search_fields = ["name", "office_head", "members__name", "members__position"]
    search_placeholder = _("Group, member or head of the office")
    select_related = ["community"]
    add_url_name = "campaigns:leadershipgroup_add"
    columns = [
        Column("year", _("year"), sort="year"),
        Column("area", _("community"), sort="community__code"),
        Column("name", _("name of the group"), link=True),
        Column("group_leader", _("Group leader")),
        Column("member_count", _("members"), sort="member_count"),
        Column("office_head", _("head of the office")),
    ]
    empty_message = _(
        "No leadership group recorded. Record this year's, or copy last year's and change "
        "who has moved on."
    )

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        members = Prefetch("members", queryset=MEMBERS)
        return queryset.annotate(member_count=Count("members")).prefetch_related(members)

    def search(self, queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
        return super().search(queryset, query).distinct()


class LeadershipGroupDetailView(CreationDetailView):
    model = LeadershipGroup
    template_name = "campaigns/creation/leadershipgroup_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        members = Prefetch("members", queryset=MEMBERS)
        return super().get_queryset().select_related("community").prefetch_related(members)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_copy"] = bool(self.request.user.has_perm("campaigns.add_leadershipgroup"))
        return context


class LeadershipGroupPrintView(LeadershipGroupDetailView):
    """The group as offices file it: one A4 page, printed as it looks."""

    template_name = "campaigns/creation/leadershipgroup_print.html"


class GroupFormMixin:
    """The group and its members, saved together; every error shows at once."""

    request: HttpRequest
    object: LeadershipGroup | None

    def member_initial(self) -> list[dict[str, Any]] | None:
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        if "members" not in context:
            context["members"] = members_formset(None, self.object, self.member_initial())
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        group = cast(LeadershipGroupForm, form).instance
        members = members_formset(self.request.POST, group)
        if not members.is_valid():
            return self.form_invalid(form, members)

        def save_members(row: LeadershipGroup) -> None:
            members.instance = row
            members.save()

        return save_form(self, form, save_members)

    def form_invalid(self, form: BaseForm, members: Any = None) -> HttpResponse:
        if members is None:
            members = members_formset(self.request.POST, cast(Any, form).instance)
            members.is_valid()  # so its errors show beside the form's
        context = self.get_context_data(form=form, members=members)  # type: ignore[attr-defined]
        return self.render_to_response(context)  # type: ignore[attr-defined, no-any-return]


class LeadershipGroupCreateView(GroupFormMixin, ObjectCreateView):
    model = LeadershipGroup
    form_class = LeadershipGroupForm
    template_name = "campaigns/creation/leadershipgroup_form.html"
    success_message = _("The leadership group was recorded.")


class LeadershipGroupCopyView(LeadershipGroupCreateView):
    """Next year's group filled in from this one, members and all: a start to correct."""

    @cached_property
    def source(self) -> LeadershipGroup:
        groups = LeadershipGroup.objects.for_user(self.request.user)
        return get_object_or_404(groups.prefetch_related("members"), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        source = self.source
        initial = super().get_initial()
        initial.update(
            year=source.year + 1,
            community=source.community_id,
            name=source.name,
            office=source.office,
            office_head=source.office_head,
            duties=source.duties,
        )
        return initial

    def member_initial(self) -> list[dict[str, Any]] | None:
        fields = ["name", "user", "position", "role", "order"]
        return [
            {f: getattr(m, f"{f}_id" if f == "user" else f) for f in fields}
            for m in self.source.members.all()
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        messages.info(
            request,
            _("Copied from %(group)s: change who has moved on, then save.")
            % {"group": self.source},
        )
        return response


class LeadershipGroupUpdateView(GroupFormMixin, WriteRuleMixin, ObjectUpdateView):
    model = LeadershipGroup
    form_class = LeadershipGroupForm
    template_name = "campaigns/creation/leadershipgroup_form.html"
    success_message = _("The leadership group was saved.")


# ---- work documents --------------------------------------------------------------------------


class WorkDocumentListView(ObjectListView):
    model = WorkDocument
    title = _("Work documents")
    filterset_class = WorkDocumentFilter
    search_fields = ["title", "note"]
    search_placeholder = _("Title or note")
    select_related = ["community"]
    add_url_name = "campaigns:workdocument_add"
    columns = [
        Column("issued_on", _("date"), sort="issued_on"),
        Column("title", _("title"), sort="title", link=True),
        Column("get_kind_display", _("kind"), sort="kind"),
        Column("year", _("year"), sort="year"),
        Column("area", _("community"), sort="community__code"),
        Column("file_count", _("files"), sort="file_count"),
    ]
    empty_message = _(
        "No work documents yet. Record the implementation programme, the year's plan and "
        "summary, meeting minutes and rules, with their files."
    )

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(file_count=Count("files"))


def store_files(document: WorkDocument, uploads: list[Any], user: Any) -> None:
    """The files, each checked by its content; ValidationError names the field of the refusal."""
    for upload in uploads:
        try:
            store_attachment(WorkDocumentFile(document=document, uploaded_by=user), upload)
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from None


class WorkDocumentDetailView(CreationDetailView):
    model = WorkDocument
    template_name = "campaigns/creation/workdocument_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        files = WorkDocumentFile.objects.select_related("uploaded_by")
        return (
            super()
            .get_queryset()
            .select_related("community", "activity")
            .prefetch_related(Prefetch("files", queryset=files))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        document = self.object
        activity = document.activity
        context.update(
            activity_url=activity.get_absolute_url()
            if activity and user.has_perm("campaigns.view_activity")
            else "",
            can_add_file=writable(user, document, "add")
            and user.has_perm("campaigns.add_workdocumentfile"),
            can_delete_file=writable(user, document, "change")
            and user.has_perm("campaigns.delete_workdocumentfile"),
            file_form=FileUploadForm(),
        )
        return context


class DocumentFormMixin:
    request: HttpRequest

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_initial()  # type: ignore[misc]
        activity = params.object_id(self.request.GET.get("activity"))
        if activity is not None:  # from an activity's page: its minutes
            initial.update(activity=activity, kind="minutes")
        return initial

    def form_valid(self, form: BaseForm) -> HttpResponse:
        uploads = form.cleaned_data.get("attachments") or []
        user = self.request.user
        return save_form(self, form, lambda row: store_files(row, uploads, user))


class WorkDocumentCreateView(DocumentFormMixin, ObjectCreateView):
    model = WorkDocument
    form_class = WorkDocumentForm
    success_message = _("The document was recorded.")


class WorkDocumentUpdateView(DocumentFormMixin, WriteRuleMixin, ObjectUpdateView):
    model = WorkDocument
    form_class = WorkDocumentForm
    success_message = _("The document was saved.")


# ---- demonstration titles ----------------------------------------------------------------------


class DemonstrationListView(ObjectListView):
    model = Demonstration
    title = _("Demonstration titles")
    filterset_class = DemonstrationFilter
    search_fields = ["document_number", "note", "community__name"]
    search_placeholder = _("Community, document number or note")
    select_related = ["community"]
    add_url_name = "campaigns:demonstration_add"
    columns = [
        Column("area", _("community"), sort="community__code", link=True),
        Column("get_level_display", _("level"), sort="level"),
        Column("get_status_display", _("status"), sort="status"),
        Column("since", _("competing since"), sort="since"),
        Column("named_on", _("named on"), sort="named_on"),
        Column("next_review", _("next review"), sort="next_review"),
        Column("document_number", _("document number")),
    ]
    empty_message = _(
        "No demonstration titles recorded. Record the titles the office and its communities "
        "hold or compete for."
    )


class DemonstrationDetailView(CreationDetailView):
    model = Demonstration
    template_name = "campaigns/creation/demonstration_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("community")


class DemonstrationFormMixin:
    request: HttpRequest

    def form_valid(self, form: BaseForm) -> HttpResponse:
        upload = form.cleaned_data.get("naming_file")

        def store(row: Demonstration) -> None:
            if upload:
                try:
                    store_attachment(row, upload)
                except ValidationError as error:
                    raise ValidationError({"naming_file": error.messages}) from None

        return save_form(self, form, store)


class DemonstrationCreateView(DemonstrationFormMixin, ObjectCreateView):
    model = Demonstration
    form_class = DemonstrationForm
    success_message = _("The demonstration title was recorded.")


class DemonstrationUpdateView(DemonstrationFormMixin, WriteRuleMixin, ObjectUpdateView):
    model = Demonstration
    form_class = DemonstrationForm
    success_message = _("The demonstration title was saved.")
