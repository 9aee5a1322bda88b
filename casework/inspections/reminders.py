"""Inspection plan reminders: a place of a plan not yet inspected when its period ends within
the threshold, to the people who record inspections in its community (a grid worker, for the
places of their grids); a place not inspected in the period just ended, to them and to the
leaders. A fixed number of queries however many plans and places."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.inspections import schedule
from casework.inspections.models import Inspection, InspectionPlan
from core.notices.registry import Context, Due, Rule, register
from ledgers.areas import recipients
from ledgers.models import Place

INSPECT = "casework.change_inspection"
LEAD = "casework.change_inspectionplan"  # with every community: the leaders


def plan_reminders(context: Context) -> Iterator[Due]:
    within = context.thresholds[0] if context.thresholds else 7
    plans = schedule.active_plans(InspectionPlan.objects.all(), context.today)
    found = schedule.coverage(
        plans.order_by("pk"), Place.objects.all(), Inspection.objects.all(), context.today
    )
    places = {item.place for c in found for item in (*c.due, *c.missed)}
    staff = recipients.local(INSPECT, {place.community_id for place in places})
    leaders = recipients.all_seeing(LEAD)
    # Translated once: a county's run words every place of every plan.
    due = _("%(place)s (%(community)s) is to be inspected by %(day)s (plan %(plan)s).")
    missed = _("%(place)s (%(community)s) was not inspected in %(period)s (plan %(plan)s).")
    for plan_coverage in found:
        plan = plan_coverage.plan
        url = plan.get_absolute_url()
        for item in plan_coverage.waiting:
            if item.days_left > within:
                continue
            told = staff.of(item.place.community_id, item.place.grid_id)
            yield Due(item.place, f"{plan.pk}:{item.period.key}", told, due % _named(item), url)
        for item in plan_coverage.missed:
            told = staff.of(item.place.community_id, item.place.grid_id) | leaders
            title = missed % _named(item)
            yield Due(item.place, f"{plan.pk}:{item.period.key}!", told, title, url)


def _named(item: schedule.PlaceDue) -> dict[str, str]:
    return {
        "place": item.place.name,
        "community": item.place.community.name,
        "day": f"{item.period.end:%Y-%m-%d}",
        "period": item.period.label,
        "plan": item.plan.name,
    }


def register_rules() -> None:
    register(
        Rule(
            "inspection_plan",
            gettext_lazy("Planned inspections"),
            plan_reminders,
            thresholds=(7,),
            help=gettext_lazy(
                "Days before the end of a plan's period when the community's staff are told of "
                "places not yet inspected; a place missed in a period is told to them and to "
                "the leaders."
            ),
            order=20,
        )
    )
