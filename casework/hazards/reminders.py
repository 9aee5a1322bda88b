"""Hazard reminders: a deadline coming (7, 3, 1 working days) or passed, to the community's
people who rectify hazards and the hazard's reviewer; long overdue, to the leaders as a 督办
candidate; an extension requested, to those who decide it. Each rule asks the database the same
few times however many hazards there are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.hazards.models import OPEN, Hazard, HazardState, Supervision
from core import workdays
from core.notices.registry import Context, Due, Rule, register, threshold_reached
from ledgers.areas import recipients

RECTIFY = "casework.change_hazard"
DECIDE = "casework.decide_extension"
SUPERVISE = "casework.supervise_hazard"
FIELDS = [
    "number",
    "state",
    "deadline",
    "deadline_working_days",
    "assigned_on",
    "reviewer_id",
    "community_id",
    "grid_id",
    "community__name",
    "extension_requested_to",
]


def _open(*conditions: Q) -> list[Hazard]:
    found = Hazard.objects.filter(OPEN, *conditions).select_related("community").only(*FIELDS)
    return list(found.order_by())


def _named(hazard: Hazard, **more: Any) -> dict[str, Any]:
    return {"number": hazard.number, "community": hazard.community.name, **more}


def deadlines(context: Context) -> Iterator[Due]:
    today, thresholds = context.today, context.thresholds
    horizon = workdays.add_working_days(today, max(thresholds, default=0))
    hazards = _open(Q(deadline__lte=horizon))
    people = recipients.local(RECTIFY, {h.community_id for h in hazards})
    # Translated once: a county's run words tens of thousands of notices.
    # Words that stay true while the notice waits: the deadline's date, not a count of days.
    overdue = _("Hazard %(number)s (%(community)s) is overdue: its deadline was %(day)s.")
    due_today = _("Hazard %(number)s (%(community)s) is due today.")
    due_in = _("Hazard %(number)s (%(community)s) is due on %(day)s, in %(days)d working days.")
    estimate = _("%(notice)s (an estimate: the holidays of its year are not announced)")
    for hazard in hazards:
        assert hazard.deadline is not None
        told = people.of(hazard.community_id, hazard.grid_id)
        if hazard.reviewer_id:
            told = told | {hazard.reviewer_id}
        late = hazard.days_overdue(today)
        if late:
            day = f"{hazard.deadline:%Y-%m-%d}"
            yield Due(hazard, "overdue", told, overdue % _named(hazard, day=day))
            continue
        left = workdays.working_days_between(today, hazard.deadline)
        reached = threshold_reached(left, thresholds)
        if reached is None:
            continue
        day = f"{hazard.deadline:%Y-%m-%d}"
        title = (due_in if left else due_today) % _named(hazard, days=left, day=day)
        if hazard.deadline_is_estimate:
            title = estimate % {"notice": title}
        yield Due(hazard, str(reached), told, title)


def escalation(context: Context) -> Iterator[Due]:
    """Overdue beyond the threshold: a 督办 candidate for the leaders."""
    beyond = context.thresholds[0] if context.thresholds else 10
    before = workdays.last_working_day(context.today)
    hazards = _open(Q(deadline__lt=before))
    leaders = recipients.all_seeing(SUPERVISE)
    title = _(
        "Hazard %(number)s (%(community)s) is more than %(days)d working days overdue (its "
        "deadline was %(day)s): consider a supervision order."
    )
    for hazard in hazards:
        if hazard.days_overdue(context.today) > beyond:
            day = f"{hazard.deadline:%Y-%m-%d}"
            yield Due(hazard, str(beyond), leaders, title % _named(hazard, days=beyond, day=day))


def extensions(context: Context) -> Iterator[Due]:
    hazards = _open(Q(extension_requested_to__isnull=False))
    leaders = recipients.all_seeing(DECIDE)
    local = recipients.local(DECIDE, {h.community_id for h in hazards})
    title = _("Hazard %(number)s (%(community)s): an extension to %(day)s awaits a decision.")
    for hazard in hazards:
        told = leaders | local.of(hazard.community_id, hazard.grid_id)
        day = f"{hazard.extension_requested_to:%Y-%m-%d}"
        yield Due(hazard, "requested", told, title % _named(hazard, day=day))


def supervisions(context: Context) -> Iterator[Due]:
    """A 督办 to the community that must act on it, until the hazard is closed; once its date
    has passed with the hazard still open, to the leaders too (it is then in the 通报)."""
    orders = list(
        Supervision.objects.exclude(hazard__state=HazardState.CLOSED)
        .select_related("hazard__community")
        .order_by()
    )
    people = recipients.local(RECTIFY, {o.hazard.community_id for o in orders})
    leaders = recipients.all_seeing(SUPERVISE) if orders else set()
    for order in orders:
        hazard = order.hazard
        told = people.of(hazard.community_id, hazard.grid_id)
        if hazard.reviewer_id:
            told = told | {hazard.reviewer_id}
        names = _named(hazard, order=order.number, day=f"{order.due_by:%Y-%m-%d}")
        title = _(
            "Supervision order %(order)s: hazard %(number)s (%(community)s) must be "
            "rectified by %(day)s."
        )
        yield Due(hazard, f"order-{order.pk}", told, title % names)
        if order.due_by < context.today:
            title = _(
                "Supervision order %(order)s is not met: hazard %(number)s "
                "(%(community)s) was due by %(day)s."
            )
            yield Due(hazard, f"unmet-{order.pk}", told | leaders, title % names)


def register_rules() -> None:
    register(
        Rule(
            "hazard_deadline",
            gettext_lazy("Hazard deadlines"),
            deadlines,
            thresholds=(7, 3, 1),
            help=gettext_lazy(
                "Working days before a hazard's deadline when its community's staff and its "
                "reviewer are told; once overdue they are told again."
            ),
            order=10,
        )
    )
    register(
        Rule(
            "hazard_escalation",
            gettext_lazy("Hazards long overdue (supervision candidates)"),
            escalation,
            thresholds=(10,),
            help=gettext_lazy("Working days overdue after which the leaders are told."),
            order=11,
        )
    )
    register(
        Rule(
            "hazard_extension",
            gettext_lazy("Hazard extensions requested"),
            extensions,
            help=gettext_lazy("Those who decide extensions are told of each request."),
            order=12,
        )
    )
    register(
        Rule(
            "hazard_supervision",
            gettext_lazy("Supervision orders"),
            supervisions,
            help=gettext_lazy(
                "A supervision order (督办) is told to the community until its hazard is "
                "closed; once its date has passed, to the leaders too."
            ),
            order=13,
        )
    )
