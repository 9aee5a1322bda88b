"""The permission matrix's rows and actions of inspection plans: a 庙川 plan to open and edit,
and what each persona may post (tests/permission_actions.py merges PLANS into ACTIONS)."""

from typing import Any

from tests.permission_kit import DAY, DENIED, DONE, FORM, HIDDEN, Action, _mc, outcomes
from tests.permission_rows import People

PLAN = ("casework.InspectionPlan",)


def make_plan(people: People) -> Any:
    """庙川's plan: its religious venues, monthly."""
    from casework.models import InspectionPlan

    return InspectionPlan.objects.create(
        name="宗教活动场所月度排查",
        community=people["household"].community,
        place_kind="religious",
        frequency="monthly",
    )


# Those who inspect plan for their communities (北环路's staff may not choose 庙川); leaders for
# any community or the whole office; the county reads them.
PLANS: dict[str, Action] = {
    "casework:inspectionplan_add": Action(
        None,
        lambda page: {
            "name": "聚居点节前排查",
            "community": str(_mc(page.people)),
            "place_kind": "gathering",
            "frequency": "festivals",
            "festivals": ["spring", "adha"],
            "days_before": "15",
            "active_from": DAY,
        },
        PLAN,
        outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, leader=DONE, staff_bh=FORM),
    ),
    "casework:inspectionplan_edit": Action(
        make_plan,
        lambda page: page.form("leader", name="宗教活动场所每月排查"),
        PLAN,
        outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, leader=DONE, staff_bh=HIDDEN),
    ),
}
