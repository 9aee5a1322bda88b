"""The parts the permission matrix's actions are made of (tests/permission_actions.py,
tests/permission_actions_moves.py): outcomes, posted data, rows and pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.forms import BaseForm, FileField
from django.test import Client

from tests.conftest import PERSONAS
from tests.permission_rows import TODAY, Make, People

DONE, KEPT, FORM = "302 done", "302 kept", "200 kept"
DENIED, HIDDEN, LOGIN = "403 kept", "404 kept", "login"


def outcomes(default: str, **overrides: str) -> dict[str, str]:
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = LOGIN
    table.update(overrides)
    return table


# Rows of 庙川社区: its staff and grid worker change them; 北环路's staff do not see them.
MC_EDIT = outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, staff_bh=HIDDEN)
# A new row of 庙川社区: 北环路's staff cannot choose the community (the form says so).
MC_ADD = outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, staff_bh=FORM)
# Files added to an activity: the activity is looked up first (no community: 404).
MC_FILES = {**MC_EDIT, "admin": HIDDEN, "auditor": HIDDEN}
# A step taken from a row's page: another community's row is a 404 (the system administrator
# and the auditor see no community); then the workflow says who may take it (302, saying why).
FIELD_STEP = outcomes(HIDDEN, staff_mc=DONE, grid_mc1=DONE, leader=KEPT, county=KEPT)
# The hazard's review: a leader, or the named reviewer (staff_mc here); extensions and
# reopening: a leader (DESIGN.md: leaders approve closures).
HAZARD_REVIEW = outcomes(HIDDEN, staff_mc=DONE, grid_mc1=KEPT, leader=DONE, county=KEPT)
HAZARD_LEADER = outcomes(HIDDEN, staff_mc=KEPT, grid_mc1=KEPT, leader=DONE, county=KEPT)
HAZARD_REPORT = outcomes(HIDDEN, staff_mc=DONE, grid_mc1=DONE, leader=DONE, county=KEPT)
# Assistance cases: staff and grid workers handle a case up to its notice; staff and leaders
# record the decisions of the street office and civil affairs (DESIGN.md: leaders approve
# decisions). Leaders read the cases but neither draft nor handle them (README, roles.py).
CASE_HANDLE = outcomes(HIDDEN, staff_mc=DONE, grid_mc1=DONE, leader=KEPT, county=KEPT)
CASE_DECIDE = outcomes(HIDDEN, staff_mc=DONE, grid_mc1=KEPT, leader=DONE, county=KEPT)
# Uploading a spreadsheet to import: whoever holds the ledger's import permission (the batch
# is theirs; its rows are checked against their scope when it is confirmed).
UPLOAD = outcomes(DENIED, staff_mc=DONE, staff_bh=DONE, grid_mc1=DONE)

Data = Callable[["Page"], dict[str, Any]]


@dataclass(frozen=True)
class Action:
    """POST to the URL (naming `row`, when there is one) with `data`; `tables` are the models
    ("app.Model") whose rows change when the action is done."""

    row: Make | None
    data: Data
    tables: tuple[str, ...]
    expect: dict[str, str]
    args: Callable[[Any], list[Any]] = field(default=lambda row: [row.pk])


@dataclass
class Page:
    """What the data of a POST is built from: the people, the row, the form as its page has it."""

    people: People
    row: Any
    url: str
    clients: dict[str, Client]

    def form(self, persona: str = "staff_mc", **changes: Any) -> dict[str, Any]:
        """The form of the URL's page as `persona` gets it, filled in as shown, with `changes`."""
        response = self.clients[persona].get(self.url)
        assert response.status_code == 200, (self.url, response.status_code)
        forms: list[BaseForm] = [response.context["form"]]
        if "checklist" in response.context:
            checklist = response.context["checklist"]
            forms += [checklist.management_form, *checklist.forms]
        data: dict[str, Any] = {}
        for form in forms:
            for bound in form:
                if bound.field.disabled or isinstance(bound.field, FileField):
                    continue  # a disabled field is not posted; files are the entry's own
                value = bound.value()
                if value is True:
                    data[bound.html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[bound.html_name] = [str(v) for v in value]
                elif value is not None and value is not False and value != "":
                    data[bound.html_name] = str(value)
        token = getattr(response.context["form"], "version_token", "")
        if token:  # the version the page showed, as a browser sends it back
            data["version_token"] = token
        data.update({k: str(v) if isinstance(v, int) else v for k, v in changes.items()})
        return data


def posted(**data: Any) -> Data:
    """Fixed data (no form to read)."""
    return lambda _page: data


def upload(**files: Callable[[], Any]) -> Data:
    """Files made afresh for each POST (an uploaded file is read once)."""
    return lambda _page: {name: make() for name, make in files.items()}


def _row(key: str) -> Make:
    return lambda people: people[key]


def _mc(people: People) -> int:
    return int(people["household"].community_id)


def _bh() -> int:
    from ledgers.models import Community

    return int(Community.objects.get(name="北环路社区").pk)


def _checklist(page: Page, **changes: Any) -> dict[str, Any]:
    """The inspection form with every checklist item answered 合格."""
    data = page.form(**changes)
    for number in range(int(data["items-TOTAL_FORMS"])):
        data.setdefault(f"items-{number}-result", "pass")
    return data


def _bulk_confirm(page: Page) -> dict[str, Any]:
    """A tag for every resident listed, confirmed with the fingerprint of staff_mc's preview."""
    from ledgers.models import Tag

    data = {"tag": str(Tag.objects.get(name="独居老人").pk)}
    preview = page.clients["staff_mc"].post(page.url, data)
    return {**data, "seen": preview.context["seen"], "confirm": "1"}


DAY = f"{TODAY:%Y-%m-%d}"
RESIDENT = ("ledgers.Resident",)
TRANSFER = ("ledgers.Transfer", "ledgers.Resident")
HOUSEHOLD_CHANGE = (
    "ledgers.Household",
    "ledgers.Resident",
    "ledgers.HouseholdChange",
    "ledgers.ResidencePeriod",
)
HAZARD = ("casework.Hazard", "casework.HazardAction", "casework.HazardPhoto")
INSPECTION = ("casework.Inspection", "casework.InspectionItem", "casework.InspectionPhoto")
CASE = ("casework.AssistanceCase", "casework.CaseAction", "casework.CaseObjection")
ACTIVITY = ("campaigns.Activity", "campaigns.ActivityPhoto", "campaigns.ActivityAttachment")
