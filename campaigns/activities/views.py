"""Pages of the activity log: the list (with its export), the detail, the forms, copying a
recurring activity, and the search that names attendees."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from campaigns.activities.filters import ActivityFilter
from campaigns.activities.forms import ActivityForm, AttachmentUploadForm, PhotoUploadForm
from campaigns.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityAttendee,
    ActivityPhoto,
)
from campaigns.activities.resources import ACTIVITIES
from campaigns.activities.rules import copy_activity, set_attendees
from campaigns.publicity.models import Publicity
from core import params
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.scope import sees_all_communities
from core.sets import count_of
from core.uploads.attachments import store_attachment
from core.uploads.photos import store_photo
from ledgers.models import MINORITY_CODES, Community, Resident, ResidentStatus
from ledgers.people.views import search_residents
from sheets.views import ExportMixin

MATCHES_SHOWN = 10


class ActivityListView(ObjectListView):
    model = Activity
    title = _("Activity log")
    template_name = "campaigns/activity_list.html"
    filterset_class = ActivityFilter
    search_fields = ["title", "theme", "organiser", "place__name", "place_text"]
    search_placeholder = _("Title, theme, organiser or place")
    select_related = ["community", "place"]
    add_url_name = "campaigns:activity_add"
    spreadsheet = ACTIVITIES.key
    export_url_name = "campaigns:activity_export"
    columns = [
        Column("held_on", _("date"), sort="held_on"),
        Column("title", _("title"), sort="title", link=True),
        Column("get_kind_display", _("kind"), sort="kind"),
        Column("area", _("community"), sort="community__code"),
        Column("where", _("place")),
        Column("participants", _("participants"), sort="participants"),
        Column("minority_participants", _("minority participants"), sort="minority_participants"),
        Column("photo_count", _("photos"), sort="photo_count"),
    ]
    empty_message = _(
        "No activities recorded. Record one after it is held, with its photos and sign-in "
        "sheet, or import the activity ledger you keep in Excel."
    )

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(photo_count=count_of(ActivityPhoto.objects.all(), "activity"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Activities and participant-times of everything listed (not only this page): what a
        # report cites, so counted exactly in the same query, whatever the list's count limit.
        rows = self.object_list.order_by()
        context["totals"] = Activity.objects.filter(pk__in=rows.values("pk")).aggregate(
            count=Count("pk"),
            participants=Sum("participants"),
            minority=Sum("minority_participants"),
        )
        context["month_url_query"] = _month_query(self.request)
        return context


def _month_query(request: HttpRequest) -> str:
    """The list's community, carried over to the month view."""
    community = params.object_id(request.GET.get("community"))
    return f"community={community}" if community is not None else ""


class ActivityExportView(ExportMixin, ActivityListView):
    """The activity ledger: the list's filters, search and scope, as .xlsx or .csv."""

    resource = ACTIVITIES


class ActivityDetailView(ObjectDetailView):
    model = Activity
    template_name = "campaigns/activity_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        attendances = ActivityAttendee.objects.select_related("resident__household").order_by(
            "resident__name_sort", "pk"
        )
        return (
            super()
            .get_queryset()
            .select_related("community", "place")
            .prefetch_related(
                Prefetch("attendances", queryset=attendances),
                "photos",
                Prefetch(
                    "attachments", queryset=ActivityAttachment.objects.select_related("uploaded_by")
                ),
                Prefetch("publicity", queryset=Publicity.objects.order_by("-published_on", "pk")),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # An office-wide activity names residents of every community: the user reads the names
        # of those in their scope and the number of the others.
        attendances = list(self.object.attendances.all())
        others = 0
        if attendances and not sees_all_communities(user):
            mine = set(Community.objects.for_user(user).values_list("pk", flat=True))
            seen = [a for a in attendances if a.resident.community_id in mine]
            others, attendances = len(attendances) - len(seen), seen
        context.update(
            attendances=attendances,
            others_attending=others,
            minority_codes=set(MINORITY_CODES),
            can_add=user.has_perm("campaigns.add_activity"),
            can_add_photo=user.has_perm("campaigns.add_activityphoto"),
            can_delete_photo=user.has_perm("campaigns.delete_activityphoto"),
            can_add_attachment=user.has_perm("campaigns.add_activityattachment"),
            can_delete_attachment=user.has_perm("campaigns.delete_activityattachment"),
            photo_form=PhotoUploadForm(),
            attachment_form=AttachmentUploadForm(),
            publicity=[(item, item.get_absolute_url()) for item in self.object.publicity.all()],
        )
        return context


def store_files(activity: Activity, form: Any, user: Any) -> None:
    """The photos and files of a form, stored with the activity; ValidationError names the
    field whose file was refused (the caller's transaction then keeps nothing)."""
    for upload in form.cleaned_data.get("photos") or []:
        try:
            store_photo(ActivityPhoto(activity=activity, uploaded_by=user), upload)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from None
    kind = form.cleaned_data.get("attachment_kind")
    for upload in form.cleaned_data.get("attachments") or []:
        try:
            store_attachment(
                ActivityAttachment(activity=activity, kind=kind, uploaded_by=user), upload
            )
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from None


def save_activity(view: Any, form: ActivityForm) -> HttpResponse:
    """Saves the activity, its attendees (deriving the counts) and its files in one transaction,
    and re-checks the scope inside it; a refused file keeps nothing and says why."""
    user = view.request.user
    new = form.instance.pk is None
    try:
        with transaction.atomic():
            activity = form.save()
            attendees = form.cleaned_data.get("attendees") or []
            if attendees or not new:
                set_attendees(activity, attendees)
            store_files(activity, form, user)
            if not Activity.objects.for_user(user).filter(pk=activity.pk).exists():
                raise ValidationError(_("You cannot move this record outside your communities."))
    except ValidationError as error:
        if new:
            form.instance.pk = None  # rolled back: still a new activity
            form.instance._state.adding = True
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return view.form_invalid(form)  # type: ignore[no-any-return]
    view.object = activity
    messages.success(view.request, view.success_message)
    return redirect(activity)


def form_context(context: dict[str, Any]) -> dict[str, Any]:
    context["chosen_attendees"] = context["form"].chosen_attendees()
    context["kept_attendees"] = context["form"].kept_attendees()
    context["minority_codes"] = set(MINORITY_CODES)
    return context


class ActivityCreateView(ObjectCreateView):
    model = Activity
    form_class = ActivityForm
    template_name = "campaigns/activity_form.html"
    success_message = _("The activity was recorded.")

    def form_valid(self, form: BaseForm) -> HttpResponse:
        return save_activity(self, cast(ActivityForm, form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return form_context(super().get_context_data(**kwargs))

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        held_on = params.iso_date(self.request.GET.get("held_on"))
        if held_on:
            initial["held_on"] = held_on  # from a day of the month view
        return initial


class ActivityCopyView(ActivityCreateView):
    """复制: the create form filled in from an earlier activity, for a recurring one."""

    @cached_property
    def source(self) -> Activity:
        # Looked up after the permission check of dispatch(): no permission is a 403 everywhere.
        return get_object_or_404(Activity.objects.for_user(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        copy = copy_activity(self.source)
        initial = super().get_initial()
        initial.update(
            community=copy.community_id,
            kind=copy.kind,
            title=copy.title,
            theme=copy.theme,
            place=copy.place_id,
            place_text=copy.place_text,
            organiser=copy.organiser,
        )
        return initial

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        messages.info(
            request,
            _("Copied from “%(activity)s”: give the date, the participants and the summary.")
            % {"activity": self.source},
        )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(copied_from=self.source, **kwargs)


class ActivityUpdateView(ObjectUpdateView):
    model = Activity
    form_class = ActivityForm
    template_name = "campaigns/activity_form.html"
    success_message = _("The activity was saved.")

    def form_valid(self, form: BaseForm) -> HttpResponse:
        return save_activity(self, cast(ActivityForm, form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return form_context(super().get_context_data(**kwargs))


@login_required
def attendee_search(request: HttpRequest) -> HttpResponse:
    """Residents on the register of the user's communities matching a name (first characters)
    or an ID number's last digits, for the activity form (htmx); ?community= narrows it."""
    user = request.user
    if not (user.has_perm("campaigns.add_activity") or user.has_perm("campaigns.change_activity")):
        raise PermissionDenied
    query = request.GET.get("attendee_q", "").strip()
    residents = Resident.objects.for_user(user).filter(status=ResidentStatus.ACTIVE)
    community = params.object_id(request.GET.get("community"))
    if community is not None:
        residents = residents.filter(community_id=community)
    matches: list[Resident] = []
    if query:
        found = search_residents(residents, query).select_related("household", "community")
        matches = list(found.order_by("name_sort", "pk")[:MATCHES_SHOWN])
    context = {
        "query": query,
        "matches": matches,
        "matches_shown": MATCHES_SHOWN,
        "minority_codes": set(MINORITY_CODES),
    }
    return render(request, "campaigns/includes/attendee_matches.html", context)
