"""Hazard deadlines given in working days follow the holiday calendar: when a year is entered
(core.calendar.entry), the open hazards whose deadline was counted on the old calendar are
counted again on the new one (registered with core.workdays.register_follower)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _

from casework.hazards.models import Hazard
from casework.steps import save_fields
from core import workdays
from core.notices.runner import notify
from ledgers.areas import recipients

Moved = list[tuple[Hazard, date, date]]


def _counted(hazard: Hazard) -> date:
    assert hazard.assigned_on is not None and hazard.deadline_working_days is not None
    return workdays.add_working_days(hazard.assigned_on, hazard.deadline_working_days)


def follow_calendar(year: int) -> Callable[[], Moved]:
    """Before `year`'s days change: the open hazards whose deadline is the count of its working
    days from assignment on the calendar as it is, and may reach into `year` (an extension
    approved, a date typed in: not counted, left alone). Locked until the entry commits.

    Returns what to run once the new days are in: it counts those deadlines again, saves the
    ones that moved (their version moves on, their history says why) and returns them as
    (hazard, old deadline, new deadline), for the people concerned to be told.
    """
    candidates = (
        Hazard.objects.open()
        .filter(
            deadline_working_days__isnull=False,
            assigned_on__isnull=False,
            assigned_on__lte=date(year, 12, 31),
            deadline__gte=date(year - 1, 12, 1),  # 元旦's days may fall in December before
        )
        .select_for_update()
    )
    counted = [hazard for hazard in candidates if hazard.deadline == _counted(hazard)]

    def recount() -> Moved:
        moved: Moved = []
        for hazard in counted:
            old, new = hazard.deadline, _counted(hazard)
            if old is None or new == old:
                continue
            hazard.deadline = new
            hazard._change_reason = _(  # type: ignore[attr-defined]
                "Deadline counted again on the holidays of %(year)s as entered"
            ) % {"year": year}
            save_fields(hazard, ["deadline"])
            moved.append((hazard, old, new))
        tell(moved, year)
        return moved

    return recount


def tell(moved: Moved, year: int) -> None:
    """The community's people who rectify hazards, and each hazard's reviewer, are told of the
    deadlines that moved (a notice each, in their inbox)."""
    people = recipients.local("casework.change_hazard", {h.community_id for h, _o, _n in moved})
    for hazard, old, new in moved:
        told = people.of(hazard.community_id, hazard.grid_id)
        if hazard.reviewer_id:
            told = told | {hazard.reviewer_id}
        title = _(
            "Hazard %(number)s: its deadline moves from %(old)s to %(new)s, counted on the "
            "holidays of %(year)s as announced."
        ) % {
            "number": hazard.number,
            "old": f"{old:%Y-%m-%d}",
            "new": f"{new:%Y-%m-%d}",
            "year": year,
        }
        notify("calendar_deadline", hazard, f"{year}-{new:%m%d}", told, title)
