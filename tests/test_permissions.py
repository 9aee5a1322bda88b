"""Every URL × every persona → the status that persona gets for a GET (pretix's permission test).

What each persona may POST, and whether the action then happens, is tests/permission_actions.py
(run by tests/test_permission_actions.py). `test_every_url_pattern_is_in_the_matrix` fails when a
URL pattern is not in MATRIX, or takes a POST and is not in ACTIONS: a new page is not done
until these tables say who may open it and who may post to it.
"""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ledgers.models import Community, Grid
from tests import permission_actions_assessment as assessment
from tests import permission_actions_creation as creation
from tests import permission_rows as rows
from tests.conftest import PERSONAS
from tests.permission_actions import ACTIONS
from tests.permission_actions_plans import make_plan


def _mc() -> list[int]:
    return [Community.objects.get(name="庙川社区").pk]


def _grid_mc1() -> list[int]:
    return [Grid.objects.get(code="MC-01").pk]


def _obj(key: str) -> Callable[[dict[str, Any]], list[int]]:
    return lambda people: [people[key].pk]


def _pk(make: rows.Make) -> Callable[[dict[str, Any]], list[int]]:
    """The arguments of a URL naming a row `make` makes."""
    return lambda people: [make(people).pk]


def _batch(status: str) -> Callable[[dict[str, Any]], list[int]]:
    return _pk(rows.make_batch(status))


_hazard = _pk(rows.make_hazard)
_photo = _pk(rows.make_photo)
_inspection = _pk(rows.make_inspection)
_inspection_item = _pk(rows.make_inspection_item)
_inspection_photo = _pk(rows.make_inspection_photo)
_enrolment = _pk(rows.make_enrolment)
_case = _pk(rows.make_case)
_pack = _pk(rows.make_pack)
_activity = _pk(rows.make_activity)
_activity_photo = _pk(rows.make_activity_photo)
_activity_attachment = _pk(rows.make_activity_attachment)
_target = _pk(rows.make_target)
_visit = _pk(rows.make_visit)
_publicity = _pk(rows.make_publicity)
_workbook = _pk(rows.make_workbook)
_transfer = _pk(rows.make_transfer)
_bulk_edit = _pk(rows.make_bulk_edit)
_notice = _pk(rows.make_notice)
_group = _pk(creation.make_group)
_document = _pk(creation.make_document)
_document_file = _pk(creation.make_document_file)
_title = _pk(creation.make_title)
_score = _pk(assessment.make_score)
_NO_UNDO = {"leader": 403, "county": 403, "admin": 403, "auditor": 403}


def _role_grant(people: dict[str, Any]) -> list[int]:
    """The system administrator's request to join the leaders."""
    from django.contrib.auth.models import Group, User

    from ledgers.areas import grants

    admin = User.objects.get(username="admin")
    return [grants.request_role(admin, Group.objects.get(name="党工委领导"), admin).pk]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


SIGNED_IN_ONLY = statuses(200, anonymous=302)
READERS = statuses(
    403, anonymous=302, staff_mc=200, staff_bh=200, grid_mc1=200, leader=200, county=200
)
# A 庙川 row: 北环路's staff get 404 whatever the page.
MC_READERS = {**READERS, "staff_bh": 404}
EDITORS = statuses(403, anonymous=302, staff_mc=200, staff_bh=200, grid_mc1=200)
MC_EDITORS = {**EDITORS, "staff_bh": 404}
# Yearly targets are set by the party work committee's leaders.
TARGET_SETTERS = statuses(403, anonymous=302, leader=200)
# The creation file: a community's staff keep theirs, the leaders the office's own.
CREATION_KEEPERS = statuses(403, anonymous=302, staff_mc=200, staff_bh=200, leader=200)
MC_KEEPERS = statuses(403, anonymous=302, staff_mc=200, staff_bh=404)
# An import is its uploader's (leaders and county users may read every import).
MINE_AND_LEADERS = statuses(404, anonymous=302, staff_mc=200, leader=200, county=200)
# An evidence pack is its requester's alone.
MINE_ONLY = statuses(404, anonymous=302, staff_mc=200, admin=403, auditor=403)
# A county workbook is its requester's alone; accounts without the ledgers get 403.
REQUESTER_ONLY = statuses(404, anonymous=302, staff_mc=200, admin=403, auditor=403)

# URL name → (arguments, expected status per persona) for a GET. Arguments are built from
# the `mc_people` fixture (a household, residents and a record of every kind in 庙川社区).
Args = Callable[[dict[str, Any]], list[Any]] | None
MATRIX: dict[str, tuple[Args, dict[str, int]]] = {
    "home": (None, SIGNED_IN_ONLY),
    "login": (None, statuses(302, anonymous=200)),
    "logout": (None, statuses(405)),  # signing out is a POST (CSRF-protected)
    "set_language": (None, statuses(302)),  # a GET changes nothing and goes back
    "password_change": (None, SIGNED_IN_ONLY),
    "audit": (None, statuses(403, anonymous=302, auditor=200)),
    "audit_export": (None, statuses(403, anonymous=302, auditor=200)),
    "audit_verify": (None, statuses(403, anonymous=302, auditor=200)),
    # The holiday calendar: the system administrator enters the years from the notices.
    "calendar:year_list": (None, statuses(403, anonymous=302, admin=200)),
    "calendar:year": (lambda _people: [2027], statuses(403, anonymous=302, admin=200)),
    "calendar:year_edit": (lambda _people: [2027], statuses(403, anonymous=302, admin=200)),
    # Access requests are decided by leaders (and security administrators), never the admin.
    "ledgers:rolegrant_list": (None, statuses(403, anonymous=302, leader=200)),
    "ledgers:rolegrant_approve": (_role_grant, statuses(405)),  # decisions are POSTs
    "ledgers:rolegrant_refuse": (_role_grant, statuses(405)),
    "admin:index": (None, statuses(302, admin=200)),
    "ledgers:community_list": (None, READERS),
    "ledgers:community": (lambda _p: _mc(), MC_READERS),
    "ledgers:grid_edit": (
        lambda _p: _grid_mc1(),
        # The system administrator edits grids in the admin; in the app they see no community.
        statuses(403, anonymous=302, staff_mc=200, staff_bh=404, admin=404),
    ),
    "ledgers:resident_list": (None, READERS),
    "ledgers:resident_add": (None, EDITORS),
    "ledgers:resident_check_id": (None, EDITORS),
    "ledgers:resident": (_obj("head"), MC_READERS),
    "ledgers:resident_edit": (_obj("head"), MC_EDITORS),
    "ledgers:resident_status": (_obj("head"), MC_EDITORS),
    "ledgers:resident_ethnicity": (
        _obj("head"),
        statuses(403, anonymous=302, staff_mc=200, staff_bh=404),
    ),
    "ledgers:resident_id_number": (_obj("head"), MC_EDITORS),
    "ledgers:floatingrecord_add": (_obj("floating"), MC_EDITORS),
    "ledgers:floatingrecord_edit": (_obj("floating_record"), MC_EDITORS),
    "ledgers:stratamembership_add": (_obj("wife"), MC_EDITORS),
    "ledgers:stratamembership_edit": (_obj("strata"), MC_EDITORS),
    "ledgers:overseastie_add": (_obj("head"), MC_EDITORS),
    "ledgers:overseastie_edit": (_obj("overseas"), MC_EDITORS),
    "ledgers:studyabroad_add": (_obj("head"), MC_EDITORS),
    "ledgers:studyabroad_edit": (_obj("study"), MC_EDITORS),
    "ledgers:household_list": (None, READERS),
    "ledgers:household_add": (None, EDITORS),
    "ledgers:household": (_obj("household"), MC_READERS),
    "ledgers:household_edit": (_obj("household"), MC_EDITORS),
    "ledgers:household_head": (_obj("household"), MC_EDITORS),
    # Transfers: both ends see one (北环路 its 庙川 proposal too); steps are POSTs (ACTIONS).
    "ledgers:transfer_list": (None, READERS),
    "ledgers:transfer": (_transfer, READERS),
    "ledgers:transfer_accept": (_transfer, statuses(405)),
    "ledgers:transfer_refuse": (_transfer, statuses(405)),
    "ledgers:transfer_withdraw": (_transfer, statuses(405)),
    "ledgers:transfer_correct": (_transfer, statuses(405)),
    "ledgers:transfer_propose": (_obj("head"), MC_EDITORS),
    "ledgers:transfer_propose_household": (_obj("household"), MC_EDITORS),
    "ledgers:household_split": (_obj("household"), MC_EDITORS),
    "ledgers:household_merge": (_obj("household"), MC_EDITORS),
    "ledgers:business_list": (None, READERS),
    "ledgers:business_add": (None, EDITORS),
    "ledgers:business": (_obj("business"), MC_READERS),
    "ledgers:business_edit": (_obj("business"), MC_EDITORS),
    "ledgers:place_list": (None, READERS),
    "ledgers:place_add": (None, EDITORS),
    "ledgers:place": (_obj("place"), MC_READERS),
    "ledgers:place_edit": (_obj("place"), MC_EDITORS),
    "ledgers:minority_ledger": (None, READERS),
    "ledgers:floating_ledger": (None, READERS),
    "ledgers:minority_floating_ledger": (None, READERS),
    "ledgers:strata_ledger": (None, READERS),
    "ledgers:overseas_ledger": (None, READERS),
    "ledgers:study_abroad_ledger": (None, READERS),
    "ledgers:individual_business_ledger": (None, READERS),
    "ledgers:religious_venue_ledger": (None, READERS),
    "ledgers:checks": (None, READERS),
    # Duplicates across the office: found by those who see every community, merged by leaders
    "ledgers:duplicate_list": (None, statuses(403, anonymous=302, leader=200, county=200)),
    "ledgers:duplicate_merge": (
        lambda people: [r.pk for r in rows.make_duplicate(people)],
        statuses(403, anonymous=302, leader=200),
    ),
    # Spreadsheets: import pages need the import permission; exports are the lists' readers'
    "sheets:import_batch": (_batch("done"), MINE_AND_LEADERS),
    "sheets:import_confirm": (_batch("ready"), statuses(405)),  # a POST (ACTIONS)
    "sheets:import_retry": (_batch("failed"), statuses(405)),  # a POST (ACTIONS)
    "sheets:import_undo": (_batch("done"), {**MINE_AND_LEADERS, "leader": 403, "county": 403}),
    "sheets:import_errors": (_batch("invalid"), MINE_AND_LEADERS),
    # Hazards
    "casework:hazard_list": (None, READERS),
    "casework:hazard_mine": (None, READERS),
    "casework:hazard_add": (None, EDITORS),
    "casework:hazard": (_hazard, MC_READERS),
    "casework:hazard_edit": (_hazard, MC_EDITORS),
    "casework:hazard_notice": (_hazard, MC_READERS),
    "casework:hazard_notice_issue": (_hazard, statuses(405)),  # a POST (ACTIONS)
    # 督办: the leaders issue it (the form shows for a hazard not overdue, saying so); its
    # notice and the 通报 are read wherever the hazard is seen.
    "casework:hazard_supervise": (
        _hazard,
        statuses(404, anonymous=302, staff_mc=403, grid_mc1=403, county=403, leader=200),
    ),
    "casework:hazard_supervision": (_pk(rows.make_supervision), MC_READERS),
    "casework:hazard_circular": (None, READERS),
    "casework:hazard_photo": (_photo, MC_READERS),
    "casework:hazard_photo_thumb": (_photo, MC_READERS),
    # Inspections (排查)
    "casework:inspection_list": (None, READERS),
    "casework:inspection_add": (None, EDITORS),
    "casework:inspection": (_inspection, MC_READERS),
    "casework:inspection_edit": (_inspection, MC_EDITORS),
    "casework:inspection_photo_add": (_inspection, statuses(405)),  # a POST (ACTIONS)
    "casework:inspection_raise": (_inspection_item, statuses(405)),  # a POST (ACTIONS)
    "casework:inspection_photo": (_inspection_photo, MC_READERS),
    "casework:inspection_photo_thumb": (_inspection_photo, MC_READERS),
    # Inspection plans: those who inspect plan for their communities, leaders for any.
    "casework:inspectionplan_list": (None, READERS),
    "casework:inspectionplan_gaps": (None, READERS),
    "casework:inspectionplan_add": (None, {**EDITORS, "leader": 200}),
    "casework:inspectionplan": (_pk(make_plan), MC_READERS),
    "casework:inspectionplan_edit": (_pk(make_plan), {**MC_EDITORS, "leader": 200}),
    "casework:hazard_import": (None, EDITORS),
    "casework:hazard_template": (None, EDITORS),
    "casework:hazard_export": (None, READERS),
    # Insurance enrolment
    "casework:insuranceenrolment_list": (None, READERS),
    "casework:insuranceenrolment_add": (None, EDITORS),
    "casework:insuranceenrolment": (_enrolment, MC_READERS),
    "casework:insuranceenrolment_edit": (_enrolment, MC_EDITORS),
    "casework:insuranceenrolment_import": (None, EDITORS),
    "casework:insuranceenrolment_template": (None, EDITORS),
    "casework:insuranceenrolment_export": (None, READERS),
    "casework:insurance_gaps": (None, READERS),
    "casework:insurance_gaps_export": (None, READERS),
    # Assistance cases
    "casework:assistance_list": (None, READERS),
    "casework:assistance_recheck": (None, READERS),
    "casework:assistance_export": (None, READERS),
    # Drafted and handled by the communities; leaders read them and record decisions.
    "casework:assistance_add": (None, EDITORS),
    "casework:assistance": (_case, MC_READERS),
    "casework:assistance_edit": (_case, MC_EDITORS),
    # The 公示 notice names incomes: whoever sees them (leaders too, not the county).
    "casework:assistance_notice": (_case, {**MC_EDITORS, "leader": 200}),
    "casework:assistance_notice_issue": (_case, statuses(405)),  # a POST (ACTIONS)
    # Evidence packs (迎检材料)
    "campaigns:evidence_list": (None, READERS),
    "campaigns:evidence_add": (None, READERS),
    "campaigns:evidence": (_pack, MINE_ONLY),
    "campaigns:evidence_download": (_pack, MINE_ONLY),
    "campaigns:evidence_delete": (_pack, MINE_ONLY),
    # Activities (campaigns)
    "campaigns:activity_list": (None, READERS),
    "campaigns:activity_month": (None, READERS),
    "campaigns:activity_add": (None, EDITORS),
    "campaigns:activity_attendee_search": (None, EDITORS),
    "campaigns:activity_import": (None, EDITORS),
    "campaigns:activity_template": (None, EDITORS),
    "campaigns:activity_export": (None, READERS),
    "campaigns:activity": (_activity, MC_READERS),
    "campaigns:activity_edit": (_activity, MC_EDITORS),
    "campaigns:activity_copy": (_activity, MC_EDITORS),
    "campaigns:activity_photo_add": (_activity, statuses(405)),  # a POST (ACTIONS)
    "campaigns:activity_attachment_add": (_activity, statuses(405)),  # a POST (ACTIONS)
    "campaigns:activity_photo": (_activity_photo, MC_READERS),
    "campaigns:activity_photo_thumb": (_activity_photo, MC_READERS),
    "campaigns:activity_photo_delete": (_activity_photo, MC_EDITORS),  # GET asks to confirm
    "campaigns:activity_attachment": (_activity_attachment, MC_READERS),
    "campaigns:activity_attachment_delete": (_activity_attachment, MC_EDITORS),
    "campaigns:target_list": (None, READERS),
    "campaigns:target_add": (None, TARGET_SETTERS),
    "campaigns:target_edit": (_target, TARGET_SETTERS),
    # The creation file (创建档案): read by everyone who reads the campaigns
    "campaigns:leadershipgroup_list": (None, READERS),
    "campaigns:leadershipgroup_add": (None, CREATION_KEEPERS),
    "campaigns:leadershipgroup": (_group, MC_READERS),
    "campaigns:leadershipgroup_print": (_group, MC_READERS),
    "campaigns:leadershipgroup_edit": (_group, MC_KEEPERS),
    "campaigns:leadershipgroup_copy": (_group, {**CREATION_KEEPERS, "staff_bh": 404}),
    "campaigns:workdocument_list": (None, READERS),
    "campaigns:workdocument_add": (None, CREATION_KEEPERS),
    "campaigns:workdocument": (_document, MC_READERS),
    "campaigns:workdocument_edit": (_document, MC_KEEPERS),
    "campaigns:workdocument_file_add": (_document, statuses(405)),  # a POST (ACTIONS)
    "campaigns:workdocument_file": (_document_file, MC_READERS),
    "campaigns:workdocument_file_delete": (_document_file, MC_KEEPERS),  # GET asks to confirm
    "campaigns:demonstration_list": (None, READERS),
    "campaigns:demonstration_add": (None, CREATION_KEEPERS),
    "campaigns:demonstration": (_title, MC_READERS),
    "campaigns:demonstration_edit": (_title, MC_KEEPERS),
    "campaigns:demonstration_file": (_title, MC_READERS),
    # The self-assessment: read with the creation file (北环路's staff see their own by
    # default); a community's scores kept by its staff, the office's by the leaders.
    "campaigns:assessment": (None, READERS),
    "campaigns:assessment_print": (None, READERS),
    "campaigns:assessment_xlsx": (None, READERS),
    "campaigns:assessment_start": (None, statuses(405)),  # a POST (ACTIONS)
    "campaigns:assessment_pack": (None, statuses(405)),  # a POST (ACTIONS)
    "campaigns:selfscore_edit": (_score, MC_KEEPERS),
    # Campaigns: visits, publicity, the anti-fraud app
    "campaigns:visit_list": (None, READERS),
    "campaigns:visit_add": (None, EDITORS),
    "campaigns:visit_coverage": (None, READERS),
    "campaigns:visit_import": (None, EDITORS),
    "campaigns:visit_template": (None, EDITORS),
    "campaigns:visit_export": (None, READERS),
    "campaigns:visit": (_visit, MC_READERS),
    "campaigns:visit_edit": (_visit, MC_EDITORS),
    "campaigns:visit_open_hazard": (_visit, statuses(405)),  # a POST (ACTIONS)
    "campaigns:visit_open_case": (_visit, statuses(405)),  # a POST (ACTIONS)
    "campaigns:publicity_list": (None, READERS),
    "campaigns:publicity_add": (None, EDITORS),
    "campaigns:publicity_import": (None, EDITORS),
    "campaigns:publicity_template": (None, EDITORS),
    "campaigns:publicity_export": (None, READERS),
    "campaigns:publicity": (_publicity, MC_READERS),
    "campaigns:publicity_edit": (_publicity, MC_EDITORS),
    "campaigns:anti_fraud_coverage": (None, READERS),
    "campaigns:anti_fraud_uncovered": (None, READERS),
    "campaigns:anti_fraud_uncovered_export": (None, READERS),
    "campaigns:anti_fraud_record": (None, EDITORS),
    # Reports: the dashboard of everyone who works with communities (their own, or all)
    "reports:dashboard": (None, READERS),
    # Reports: the county workbook and the yearly statistics
    "reports:county_workbook": (None, READERS),
    "reports:county_workbook_job": (_workbook, REQUESTER_ONLY),
    "reports:county_workbook_download": (_workbook, REQUESTER_ONLY),
    "reports:yearly": (None, READERS),
    "reports:yearly_xlsx": (None, READERS),
    "reports:yearly_docx": (None, READERS),
    # Bulk edits: from a list, by whoever may change its rows; the records are their author's
    # (leaders and county users read every record, and undo none)
    # A load balancer's check: no sign-in, no data.
    "health": (None, statuses(200)),
    # A person's notices are their own: opening one goes to its record.
    "notices:inbox": (None, SIGNED_IN_ONLY),
    "notices:open": (_notice, statuses(404, anonymous=302, staff_mc=302)),
    "notices:read": (None, statuses(405)),  # a POST (ACTIONS)
    "bulkedit:list": (None, READERS),
    "bulkedit:choose": (lambda _p: ["residents"], EDITORS),
    "bulkedit:run": (lambda _p: ["residents", "resident-tag-add"], EDITORS),
    "bulkedit:detail": (_bulk_edit, MINE_AND_LEADERS | {"admin": 403, "auditor": 403}),
    "bulkedit:undo": (_bulk_edit, statuses(404, anonymous=302, staff_mc=200) | _NO_UNDO),
}
for step in [
    "accept",
    "investigate",
    "income_check",
    "publicity",
    "to_street",
    "objection",
    "resolve",
    "end_publicity",
    "street_review",
    "approve",
    "refuse",
    "pay",
    "stop",
    "recheck",
]:
    MATRIX[f"casework:assistance_{step}"] = (_case, statuses(405))  # steps are POSTs (ACTIONS)
for step in [
    "assign",
    "progress",
    "submit",
    "pass",
    "fail",
    "extension",
    "decide",
    "reopen",
    "report",
    "level",
]:
    MATRIX[f"casework:hazard_{step}"] = (_hazard, statuses(405))  # steps are POSTs (ACTIONS)
for ledger in [
    "resident",
    "household",
    "floatingrecord",
    "stratamembership",
    "overseastie",
    "studyabroad",
    "business",
    "place",
]:
    MATRIX[f"ledgers:{ledger}_import"] = (None, EDITORS)
    MATRIX[f"ledgers:{ledger}_template"] = (None, EDITORS)
for export in [
    "resident",
    "household",
    "business",
    "place",
    "minority_ledger",
    "floating_ledger",
    "minority_floating_ledger",
    "strata_ledger",
    "overseas_ledger",
    "study_abroad_ledger",
    "individual_business_ledger",
    "religious_venue_ledger",
]:
    MATRIX[f"ledgers:{export}_export"] = (None, READERS)


def _url_views(resolver: URLResolver, namespace: str = "") -> dict[str, Callable[..., Any]]:
    """URL name → view, for every named URL of the site but the admin's."""
    views: dict[str, Callable[..., Any]] = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue  # the admin guards its own pages; admin:index stands for it here
            views |= _url_views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


def _allowed_methods(view: Callable[..., Any]) -> set[str] | None:
    """The methods a require_http_methods decorator (require_POST …) lets through, if any."""
    layer: Any = view
    while layer is not None:
        code = getattr(layer, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = layer.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        layer = getattr(layer, "__wrapped__", None)
    return None


def _reads_post(function: Callable[..., Any], seen: set[Any]) -> bool:
    """Whether a function view, or a helper of its module it calls, handles a POST."""
    function = inspect.unwrap(function)
    if function in seen:
        return False
    seen.add(function)
    if "POST" in inspect.getsource(function):
        return True
    helpers = (function.__globals__.get(name) for name in function.__code__.co_names)
    return any(
        inspect.isfunction(helper)
        and helper.__module__ == function.__module__
        and _reads_post(helper, seen)
        for helper in helpers
    )


def accepts_post(view: Callable[..., Any]) -> bool:
    """A class-based view with a post() (forms: add, edit, sign in), a view restricted to POST,
    or a function view whose code reads POST (a confirm-then-delete page, an upload)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    allowed = _allowed_methods(view)
    if allowed is not None:
        return "POST" in allowed
    return _reads_post(view, set())


def test_every_url_pattern_is_in_the_matrix() -> None:
    """Every URL says who may open it, and every URL that takes a POST says who may post."""
    views = _url_views(get_resolver())
    missing = views.keys() - MATRIX.keys()
    assert not missing, f"add these URL names to MATRIX: {sorted(missing)}"
    posting = {name for name, view in views.items() if accepts_post(view)}
    assert posting - ACTIONS.keys() == set(), "add these URL names to tests/permission_actions.py"
    assert ACTIONS.keys() - posting == set(), "these ACTIONS take no POST (or no longer exist)"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_of_each_persona(
    name: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    args_factory, expected = MATRIX[name]
    url = reverse(name, args=args_factory(mc_people) if args_factory else None)
    got = {persona: client_as(persona).get(url).status_code for persona in PERSONAS}
    assert got == expected
