"""Pages of household visits (走访): list, export, detail, the form (household found by search),
and the two follow-ups a visit can open: a hazard or an assistance case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from campaigns import visits
from campaigns.models import Visit
from campaigns.visit_filters import VisitFilter
from campaigns.visit_forms import OpenCaseForm, OpenHazardForm, VisitForm
from campaigns.visit_resources import VISITS
from casework.steps import WorkflowError
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from ledgers.codes import RelationToHead
from ledgers.models import Household, Resident, ResidentStatus
from sheets.views import ExportMixin

MATCHES_SHOWN = 10


class VisitListView(ObjectListView):
    model = Visit
    title = _("Visits")
    filterset_class = VisitFilter
    search_fields = ["household__number", "household__address", "findings"]
    search_placeholder = _("Household number, address or what was found")
    select_related = ["community", "grid", "household", "hazard", "assistance_case"]
    add_url_name = "campaigns:visit_add"
    spreadsheet = VISITS.key
    export_url_name = "campaigns:visit_export"
    columns = [
        Column("visited_on", _("visited on"), sort="visited_on", link=True),
        Column("household__number", _("household number"), sort="household__number"),
        Column("household__address", _("address")),
        Column("get_purpose_display", _("purpose"), sort="purpose"),
        Column("visited_by", _("visitors")),
        Column("hazard__number", _("hazard opened")),
        Column("assistance_case__get_state_display", _("assistance case opened")),
        Column("community", _("community"), sort="community__code"),
        Column("grid__name", _("grid")),
    ]
    empty_message = _(
        "No visits recorded. Record one after visiting a household, or open a household "
        "and record its visit there."
    )

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("visitors")


class VisitExportView(ExportMixin, VisitListView):
    resource = VISITS


class VisitDetailView(ObjectDetailView):
    model = Visit
    template_name = "campaigns/visit_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related(
                "community", "grid", "household", "hazard", "assistance_case__applicant"
            )
            .prefetch_related("visitors")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visit: Visit = self.object
        can = follow_ups(self.request.user, visit)
        context.update(
            can_open=can,
            hazard_form=OpenHazardForm(visit=visit) if "hazard" in can else None,
            case_form=OpenCaseForm(visit=visit) if "case" in can else None,
        )
        return context


def follow_ups(user: Any, visit: Visit) -> set[str]:
    """What the user may still open from the visit: "hazard", "case"."""
    if not user.has_perm("campaigns.change_visit"):
        return set()
    can = set()
    if visit.hazard_id is None and user.has_perm("casework.add_hazard"):
        can.add("hazard")
    if visit.assistance_case_id is None and user.has_perm("casework.add_assistancecase"):
        can.add("case")
    return can


class VisitFormMixin:
    """The household picker above the form: households in scope by number, address or a
    member's name; htmx replaces the matches as the user types, a plain GET without it."""

    request: HttpRequest
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["household"] = self.request.GET.get("household")
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(household_search(self.request, context["form"].household))
        context["locked"] = context["form"].fields["household"].disabled
        return context


def household_search(request: HttpRequest, chosen: Household | None) -> dict[str, Any]:
    query = request.GET.get("q", "").strip()
    matches: list[Household] = []
    if query:
        matches = list(find_households(request.user, query)[:MATCHES_SHOWN])
    params = request.GET.copy()
    params.pop("household", None)
    params.pop("q", None)
    return {
        "chosen": chosen,
        "query": query,
        "matches": matches,
        "matches_shown": MATCHES_SHOWN,
        "keep": params.urlencode(),
    }


def find_households(user: Any, query: str) -> QuerySet[Household]:
    heads = Resident.objects.filter(
        household=OuterRef("pk"),
        relation_to_head=RelationToHead.HEAD,
        status=ResidentStatus.ACTIVE,
    )
    member = Resident.objects.filter(
        household=OuterRef("pk"), name__startswith=query, status=ResidentStatus.ACTIVE
    )
    households = Household.objects.for_user(user)
    return (
        households.filter(
            Q(number__icontains=query) | Q(address__icontains=query) | Q(Exists(member))
        )
        .select_related("community", "grid")
        .annotate(head_name=Subquery(heads.values("name")[:1]))
        .order_by("community__code", "number")
    )


class VisitCreateView(VisitFormMixin, ObjectCreateView):
    model = Visit
    form_class = VisitForm
    template_name = "campaigns/visit_form.html"
    success_message = _("The visit was recorded.")


class VisitUpdateView(VisitFormMixin, ObjectUpdateView):
    model = Visit
    form_class = VisitForm
    template_name = "campaigns/visit_form.html"
    success_message = _("The visit was saved.")


def _visit_for_step(request: HttpRequest, pk: int) -> Visit:
    visit = get_object_or_404(
        Visit.objects.for_user(request.user).select_related("household"), pk=pk
    )
    if not request.user.has_perm("campaigns.view_visit"):
        raise PermissionDenied
    return visit


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else str(error))


@require_POST
@login_required
def visit_open_hazard(request: HttpRequest, pk: int) -> HttpResponse:
    """转为隐患: register a hazard filled in from the visit, then complete its 五定."""
    visit = _visit_for_step(request, pk)
    form = OpenHazardForm(request.POST, visit=visit)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(visit)
    try:
        hazard = visits.open_hazard(visit, request.user, **form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(visit)
    messages.success(
        request,
        _(
            "Hazard %(number)s was registered from the visit. Complete its five fixes "
            "(measures, responsible person, deadline …) before assigning it."
        )
        % {"number": hazard.number},
    )
    if request.user.has_perm("casework.change_hazard"):
        return redirect("casework:hazard_edit", hazard.pk)
    return redirect(hazard)


@require_POST
@login_required
def visit_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """申请救助: draft an assistance application of the visited household."""
    visit = _visit_for_step(request, pk)
    form = OpenCaseForm(request.POST, visit=visit)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(visit)
    data = form.cleaned_data
    try:
        case = visits.open_case(
            visit,
            request.user,
            applicant=data["applicant"],
            kind=data["kind"],
            reason=data["reason"],
        )
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(visit)
    messages.success(
        request, _("The application was drafted from the visit. Accept it when complete.")
    )
    return redirect(case)
