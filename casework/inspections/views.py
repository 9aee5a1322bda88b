"""Inspection pages (排查): list, record and edit with the checklist, detail, steps, photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from casework.inspections import workflow
from casework.inspections.filters import InspectionFilter
from casework.inspections.forms import InspectionForm, InspectionPhotoForm, checklist_formset
from casework.inspections.models import (
    ChecklistItem,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionResult,
)
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.params import object_id
from core.uploads.photos import photo_response
from core.versions import ConflictError
from ledgers.models import Place


class InspectionListView(ObjectListView):
    model = Inspection
    title = _("Inspections")
    filterset_class = InspectionFilter
    search_fields = ["place__name", "location", "inspectors"]
    search_placeholder = _("Place, location or inspectors")
    select_related = ["community", "place"]
    add_url_name = "casework:inspection_add"
    columns = [
        Column("inspected_on", _("inspected on"), sort="inspected_on", link=True),
        Column("where", _("place or location")),
        Column("inspectors", _("inspectors")),
        Column("failed_count", _("failed items"), sort="failed_count"),
        Column("hazard_count", _("hazards raised"), sort="hazard_count"),
        Column("community", _("community"), sort="community__code"),
    ]
    empty_message = _("No inspections recorded. Record one when you inspect a venue.")

    def annotate(self, queryset: Any) -> Any:
        return queryset.annotate(
            failed_count=Count("items", filter=Q(items__result=InspectionResult.FAIL)),
            hazard_count=Count("items__hazard"),
        )


class InspectionDetailView(ObjectDetailView):
    model = Inspection
    template_name = "casework/inspection_detail.html"

    def get_queryset(self) -> Any:
        items = InspectionItem.objects.select_related("hazard")
        return (
            super()
            .get_queryset()
            .select_related("community", "place")
            .prefetch_related(Prefetch("items", queryset=items), "photos")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        order = ChecklistItem.values
        items = sorted(self.object.items.all(), key=lambda item: order.index(item.item))
        context.update(
            items=items,
            failed_count=sum(item.failed for item in items),
            photo_form=InspectionPhotoForm(),
            can_raise=user.has_perm("casework.change_inspection")
            and user.has_perm("casework.add_hazard"),
        )
        return context


class InspectionFormMixin:
    """The inspection's facts and its checklist, saved together by record_inspection."""

    form_class: Any = InspectionForm
    template_name: str | None = "casework/inspection_form.html"
    success_message = _("The inspection was saved.")
    action: str
    object: Inspection | None
    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        if "checklist" not in context:
            context["checklist"] = checklist_formset(None, self.object)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object() if self.action == "change" else None  # type: ignore[attr-defined]
        form = self.get_form()  # type: ignore[attr-defined]
        checklist = checklist_formset(request.POST, self.object)
        if form.is_valid() & checklist.is_valid():  # both, so every error shows at once
            inspection = form.save(commit=False)
            try:
                workflow.record_inspection(
                    inspection,
                    checklist.answers(),
                    request.user,
                    form.cleaned_data.get("photos", []),
                )
            except ValidationError as error:
                form.add_error("photos", error)
            except workflow.WorkflowError as error:
                form.add_error(None, error.message)
            except ConflictError:
                return self.conflict(form)  # type: ignore[attr-defined,no-any-return]
            else:
                messages.success(request, self.success_message)
                return redirect(inspection)
            if self.object is None:
                inspection.pk = None  # rolled back: still a new inspection
        context = self.get_context_data(form=form, checklist=checklist)  # type: ignore[attr-defined]
        return self.render_to_response(context)  # type: ignore[attr-defined,no-any-return]


class InspectionCreateView(InspectionFormMixin, ObjectCreateView):
    model = Inspection

    def get_initial(self) -> dict[str, Any]:
        """?place=: the place a plan waits for, and its community (one of the user's)."""
        initial = super().get_initial()
        place_id = object_id(self.request.GET.get("place"))
        if place_id is not None:
            place = Place.objects.for_user(self.request.user).filter(pk=place_id).first()
            if place is not None:
                initial.update(place=place.pk, community=place.community_id)
        return initial


class InspectionUpdateView(InspectionFormMixin, ObjectUpdateView):
    model = Inspection


@require_POST
@login_required
def inspection_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """转为隐患: the failed item becomes a hazard; its page opens to complete the 五定."""
    item = get_object_or_404(
        InspectionItem.objects.for_user(request.user).select_related("inspection"), pk=pk
    )
    if not request.user.has_perm("casework.view_inspection"):
        raise PermissionDenied
    try:
        seen = request.POST.get("seen_state", "")  # the result the page showed
        hazard = workflow.raise_hazard(item, request.user, seen_state=seen)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect(item.inspection)
    messages.success(
        request,
        _("Hazard %(number)s was registered. Fill in its 五定 before assigning it.")
        % {"number": hazard.number},
    )
    return redirect("casework:hazard_edit", hazard.pk)


@require_POST
@login_required
def inspection_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    """More photos of an inspection, from its page."""
    inspection = get_object_or_404(Inspection.objects.for_user(request.user), pk=pk)
    if not request.user.has_perm("casework.view_inspection"):
        raise PermissionDenied
    form = InspectionPhotoForm(request.POST, request.FILES)
    photos = form.cleaned_data["photos"] if form.is_valid() else []
    try:
        workflow.add_photos(inspection, photos, request.user)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        added = ngettext("%(count)d photo added.", "%(count)d photos added.", len(photos))
        messages.success(request, added % {"count": len(photos)})
    return redirect(inspection)


@login_required
def inspection_photo(request: HttpRequest, pk: int, size: str = "full") -> FileResponse:
    """A photo, to users who may see its inspection (another community's photo is a 404)."""
    if not request.user.has_perm("casework.view_inspection"):
        raise PermissionDenied
    photo = get_object_or_404(InspectionPhoto.objects.for_user(request.user), pk=pk)
    return photo_response(photo, size)
