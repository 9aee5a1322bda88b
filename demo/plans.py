"""The demo's inspection plans: the office's religious venues every month, cultural positions
every quarter, and 庙川's gathering places before 春节, 古尔邦节 and 开斋节 (with those two
festivals' dates as an administrator would enter them), so the dashboard shows coverage."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from casework.inspections import workflow
from casework.models import (
    ChecklistItem,
    FestivalDate,
    Inspection,
    InspectionPlan,
    InspectionResult,
)
from core.people import person_name
from demo import clock
from demo.accounts import STAFF
from ledgers.models import Community, Place, PlaceKind

# 古尔邦节 and 开斋节 as announced for the demo's years (entered, never computed).
FESTIVAL_DATES = [
    ("fitr", date(2026, 3, 20)),
    ("adha", date(2026, 5, 27)),
    ("fitr", date(2027, 3, 10)),
    ("adha", date(2027, 5, 17)),
]


@transaction.atomic
def seed_plans() -> None:
    if InspectionPlan.objects.exists():
        return
    for festival, day in FESTIVAL_DATES:
        FestivalDate.objects.get_or_create(festival=festival, year=day.year, defaults={"day": day})
    start = date(timezone.localdate().year, 1, 1)
    plans = [
        InspectionPlan(
            name="宗教活动场所月度安全排查",
            place_kind=PlaceKind.RELIGIOUS,
            frequency="monthly",
            active_from=start,
            notes="党工委安排：每处宗教活动场所每月至少排查一次。",
        ),
        InspectionPlan(
            name="文化阵地季度排查",
            place_kind=PlaceKind.CULTURAL,
            frequency="quarterly",
            active_from=start,
        ),
    ]
    miaochuan = Community.objects.filter(name="庙川社区").first()
    if miaochuan is not None:
        plans.append(
            InspectionPlan(
                name="聚居点节前排查",
                community=miaochuan,
                place_kind=PlaceKind.GATHERING,
                frequency="festivals",
                festivals=["spring", "fitr", "adha"],
                days_before=15,
                active_from=start,
            )
        )
    with clock.at(clock.on(start, time(10, 0))):  # drawn up as the year began
        for plan in plans:
            plan.full_clean()
            plan.save()
    _inspect_venues()


def _inspect_venues() -> None:
    """Last month every religious venue but one inspected (one missed), this month the first."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    venues = list(Place.objects.filter(kind=PlaceKind.RELIGIOUS).order_by("pk"))
    users = {u.username: u for u in get_user_model().objects.all()}
    visits = [(venue, last_month.replace(day=10)) for venue in venues[:-1]]
    if venues and today.day > 1:
        visits.append((venues[0], today - timedelta(days=1)))
    answers = [workflow.Answer(item, InspectionResult.PASS) for item in ChecklistItem.values]
    for venue, day in visits:
        staff = users.get(STAFF.get(venue.community.name, ""))
        if staff is None:
            continue
        inspection = Inspection(
            community=venue.community, place=venue, inspected_on=day, inspectors=person_name(staff)
        )
        with clock.at(clock.on(day, time(15, 0))):
            workflow.record_inspection(inspection, answers, staff)
