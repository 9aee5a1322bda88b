"""Pages of household visits (走访): list, export, detail, the form (household found by search),
the two follow-ups a visit can open (a hazard or an assistance case), and the coverage of
minority households (走访覆盖)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from campaigns.filters import area_filter, filtered
from campaigns.households import household_search, with_head
from campaigns.visits import coverage
from campaigns.visits.filters import VisitFilter, current_year
from campaigns.visits.follow_ups import open_case, open_hazard
from campaigns.visits.forms import OpenCaseForm, OpenHazardForm, VisitForm
from campaigns.visits.models import Visit
from campaigns.visits.resources import VISITS
from casework.steps import WorkflowError
from core import params
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from sheets.views import ExportMixin

YEARS_BACK = 5


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
        hazard = open_hazard(visit, request.user, **form.cleaned_data)
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
        case = open_case(
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


def chosen_year(request: HttpRequest) -> int:
    this_year = current_year()
    return params.query_int(request, "year", this_year, params.MIN_YEAR, this_year + 1)


@login_required
@permission_required("campaigns.view_visit", raise_exception=True)
def visit_coverage(request: HttpRequest) -> HttpResponse:
    """走访覆盖: minority households visited in the year, by community and grid, and the list
    of those not visited yet."""
    year = chosen_year(request)
    area = area_filter(request)
    households = filtered(area)
    unvisited = with_head(coverage.unvisited(households, year)).select_related("community", "grid")
    page = Paginator(unvisited.order_by("community__code", "grid__code", "number"), 25)
    page_obj = page.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    this_year = current_year()
    context = {
        "year": year,
        "years": range(this_year, this_year - YEARS_BACK, -1),
        "filter": area,
        "coverage": coverage.visit_coverage(households, year),
        "page_obj": page_obj,
        "paginator": page,
        "is_paginated": page.num_pages > 1,
        "querystring_without_page": params.urlencode(),
        "extra": f"year={year}",  # kept by the coverage table's links
    }
    return render(request, "campaigns/visit_coverage.html", context)
