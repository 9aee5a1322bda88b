"""Inspection plan pages (排查计划): the list with each plan's coverage, a plan with this
period's places (inspected or not, and those missed last period), adding and editing a plan, and
the places not yet inspected under every plan."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.inspections import schedule
from casework.inspections.filters import PlanFilter
from casework.inspections.forms import PlanForm
from casework.inspections.models import Inspection, InspectionPlan
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.params import object_id
from core.scope import sees_all_communities
from ledgers.models import Place


class PlanListView(ObjectListView):
    model = InspectionPlan
    title = _("Inspection plans")
    filterset_class = PlanFilter
    search_fields = ["name", "place__name"]
    search_placeholder = _("Plan or place")
    select_related = ["community", "place"]
    add_url_name = "casework:inspectionplan_add"
    columns = [
        Column("name", _("name"), sort="name", link=True),
        Column("places_label", _("places")),
        Column("frequency_label", _("how often"), sort="frequency"),
        Column("coverage", _("inspected this period")),
        Column("community_label", _("community"), sort="community__code"),
        Column("active_from", _("active from"), sort="active_from"),
        Column("active_to", _("active to"), sort="active_to"),
    ]
    empty_message = _("No inspection plans yet. A plan makes each place's inspection due.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plans = list(context["object_list"])  # this page's: their coverage in four queries
        today = timezone.localdate()
        found = schedule.coverage(
            plans,
            Place.objects.for_user(self.request.user),
            Inspection.objects.for_user(self.request.user),
            today,
        )
        for plan, covered in zip(plans, found, strict=True):
            plan.coverage = (  # type: ignore[attr-defined]
                f"{covered.inspected} / {len(covered.due)}" if covered.current else "—"
            )
        context["object_list"] = plans
        return context


class PlanDetailView(ObjectDetailView):
    model = InspectionPlan
    template_name = "casework/plan_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("community", "place")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        (covered,) = schedule.coverage(
            [self.object], Place.objects.for_user(user), Inspection.objects.for_user(user), today
        )
        days = schedule.festival_days((today.year, today.year + 1))
        context.update(
            covered=covered,
            missing_dates=schedule.missing_festival_dates(self.object, today, days),
            can_change=can_change(user, self.object),
            can_record=user.has_perm("casework.add_inspection"),
        )
        return context


def can_change(user: Any, plan: InspectionPlan) -> bool:
    """A community's plan: its people who hold the permission; the office's: the leaders."""
    allowed = user.has_perm("casework.change_inspectionplan")
    return allowed and (plan.community_id is not None or sees_all_communities(user))


class PlanCreateView(ObjectCreateView):
    model = InspectionPlan
    form_class = PlanForm
    success_message = _("The inspection plan was saved.")


class PlanUpdateView(ObjectUpdateView):
    model = InspectionPlan
    form_class = PlanForm
    success_message = _("The inspection plan was saved.")

    def get_queryset(self) -> QuerySet[Any]:
        plans = super().get_queryset()
        if sees_all_communities(self.request.user):
            return plans
        return plans.filter(community__isnull=False)  # the office's plans are the leaders'


@login_required
@permission_required("casework.view_inspectionplan", raise_exception=True)
def plan_gaps(request: HttpRequest) -> HttpResponse:
    """未排查: the places not inspected in their plan's current period (to do) and in its last
    one (overdue), of one plan or all, in the user's communities."""
    today = timezone.localdate()
    plans = schedule.active_plans(InspectionPlan.objects.for_user(request.user), today)
    plans = plans.select_related("community", "place")
    chosen = object_id(request.GET.get("plan"))
    if chosen:
        plans = plans.filter(pk=chosen)
    community = object_id(request.GET.get("community"))
    places = Place.objects.for_user(request.user)
    if community:
        places = places.filter(community=community)
    found = schedule.coverage(plans, places, Inspection.objects.for_user(request.user), today)
    overdue = [item for c in found for item in c.missed]
    waiting = [] if request.GET.get("overdue") == "yes" else [i for c in found for i in c.waiting]
    return render(
        request,
        "casework/plan_gaps.html",
        {
            "overdue": overdue,
            "waiting": sorted(waiting, key=lambda item: (item.period.end, item.place.name)),
            "plan": found[0].plan if chosen and found else None,
            "can_record": request.user.has_perm("casework.add_inspection"),
        },
    )
