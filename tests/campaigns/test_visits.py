"""Visits: their community is the household's; a follow-up opens a linked hazard or case."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from campaigns.models import Visit, VisitPurpose
from campaigns.visits.follow_ups import WorkflowError, open_case, open_hazard
from casework.models import (
    AssistanceCase,
    AssistanceKind,
    CaseAction,
    CaseState,
    Hazard,
    HazardAction,
    HazardSource,
    HazardState,
    ReasonCategory,
)
from ledgers.models import Community, Grid
from tests.campaigns.conftest import HAN, HUI, MakeHousehold


@pytest.fixture
def visit(
    accounts: dict[str, User], miaochuan: Community, grid_mc1: Grid, make_household: MakeHousehold
) -> Visit:
    household = make_household(miaochuan, (HUI, HAN), grid=grid_mc1, building="3", unit="2")
    household.room = "301"
    household.save()
    row = Visit.objects.create(
        household=household,
        visited_on=date(2026, 3, 18),
        purpose=VisitPurpose.SAFETY,
        findings="厨房燃气软管老化，无报警器",
        visitor_names="楼栋长马福",
    )
    row.visitors.add(accounts["staff_mc"], accounts["grid_mc1"])
    return row


def test_a_visit_belongs_to_its_household_s_community_and_grid(
    beihuan: Community, visit: Visit
) -> None:
    visit.community = beihuan  # whatever a form sent
    visit.grid = None
    visit.full_clean()
    visit.save()
    visit.refresh_from_db()
    assert (visit.community.name, visit.grid and visit.grid.code) == ("庙川社区", "MC-01")


def test_a_visit_opens_a_hazard_filled_in_from_it(accounts: dict[str, User], visit: Visit) -> None:
    hazard = open_hazard(visit, accounts["grid_mc1"], category="gas")

    visit.refresh_from_db()
    assert visit.hazard == hazard
    assert hazard.visit == visit  # and back, from casework's side
    assert hazard.number == "YH-MC-2026-0001"
    assert hazard.state == HazardState.REGISTERED
    assert hazard.source == HazardSource.VISIT
    assert hazard.description == "厨房燃气软管老化，无报警器"
    assert hazard.found_on == date(2026, 3, 18)
    assert hazard.found_by == "马秀英、李海燕、楼栋长马福"
    assert hazard.location.startswith("测试路") and hazard.location.endswith(" 3-2-301")
    assert (hazard.community.name, hazard.grid and hazard.grid.code) == ("庙川社区", "MC-01")
    action = HazardAction.objects.get(hazard=hazard)
    assert (action.kind, action.actor) == ("register", accounts["grid_mc1"])
    assert "2026-03-18" in action.note


def test_fields_given_override_what_comes_from_the_visit(
    accounts: dict[str, User], visit: Visit
) -> None:
    hazard = open_hazard(
        visit, accounts["staff_mc"], category="gas", level="major", description="燃气泄漏"
    )
    assert (hazard.level, hazard.description) == ("major", "燃气泄漏")


def test_a_visit_opens_one_hazard_only(accounts: dict[str, User], visit: Visit) -> None:
    open_hazard(visit, accounts["staff_mc"], category="gas")
    with pytest.raises(WorkflowError, match="已登记"):
        open_hazard(visit, accounts["staff_mc"], category="fire")
    assert Hazard.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "fields"),
    [
        ("staff_bh", {"category": "gas"}),  # another community's visit
        ("county", {"category": "gas"}),  # reads, never registers
        ("staff_mc", {}),  # no category
        ("staff_mc", {"category": "not-a-category"}),
        ("staff_mc", {"category": "gas", "description": "  "}),
    ],
)
def test_a_refused_hazard_changes_nothing(
    accounts: dict[str, User], visit: Visit, persona: str, fields: dict[str, Any]
) -> None:
    with pytest.raises(WorkflowError):
        open_hazard(visit, accounts[persona], **fields)
    visit.refresh_from_db()
    assert visit.hazard is None
    assert not Hazard.objects.exists()


def test_a_visit_opens_an_assistance_case_for_the_household_head(
    accounts: dict[str, User], visit: Visit
) -> None:
    visit.findings = "户主患病住院，家庭收入难以维持基本生活"
    visit.save()

    case = open_case(
        visit, accounts["staff_mc"], kind=AssistanceKind.TEMPORARY, reason_category="illness"
    )

    visit.refresh_from_db()
    assert visit.assistance_case == case
    assert list(case.visits.all()) == [visit]
    assert case.household == visit.household
    assert case.applicant.relation_to_head == "02"
    assert case.reason == "户主患病住院，家庭收入难以维持基本生活"
    assert (case.kind, case.reason_category) == ("temporary", ReasonCategory.ILLNESS)
    assert case.state == CaseState.DRAFT
    assert case.community.name == "庙川社区"
    assert CaseAction.objects.get(case=case).kind == "create"


def test_another_member_may_be_the_applicant(accounts: dict[str, User], visit: Visit) -> None:
    spouse = visit.household.members.get(relation_to_head="10")
    case = open_case(visit, accounts["staff_mc"], applicant=spouse, kind=AssistanceKind.MEDICAL)
    assert case.applicant == spouse
    assert case.reason_category == ReasonCategory.OTHER


def test_a_visit_opens_one_case_only(accounts: dict[str, User], visit: Visit) -> None:
    open_case(visit, accounts["staff_mc"], kind=AssistanceKind.TEMPORARY)
    with pytest.raises(WorkflowError, match="已登记"):
        open_case(visit, accounts["staff_mc"], kind=AssistanceKind.MEDICAL)
    assert AssistanceCase.objects.count() == 1


def test_a_household_without_head_needs_an_applicant(
    accounts: dict[str, User], miaochuan: Community, make_household: MakeHousehold
) -> None:
    household = make_household(miaochuan, (HUI,), head=False)
    visit = Visit.objects.create(household=household, purpose="hardship", findings="生活困难")
    with pytest.raises(WorkflowError, match="没有户主"):
        open_case(visit, accounts["staff_mc"], kind=AssistanceKind.TEMPORARY)
    assert not AssistanceCase.objects.exists()


def test_an_applicant_of_another_household_is_refused(
    accounts: dict[str, User],
    miaochuan: Community,
    visit: Visit,
    make_household: MakeHousehold,
) -> None:
    stranger = make_household(miaochuan, (HAN,)).members.get()
    with pytest.raises(WorkflowError):
        open_case(visit, accounts["staff_mc"], applicant=stranger, kind="temporary")
    visit.refresh_from_db()
    assert visit.assistance_case is None
    assert not AssistanceCase.objects.exists()


@pytest.mark.parametrize("persona", ["staff_bh", "county", "leader"])
def test_others_cannot_open_a_case_from_the_visit(
    accounts: dict[str, User], visit: Visit, persona: str
) -> None:
    with pytest.raises(WorkflowError):
        open_case(visit, accounts[persona], kind=AssistanceKind.TEMPORARY)
    assert not AssistanceCase.objects.exists()


def test_staff_see_only_their_communities_visits(
    accounts: dict[str, User], visit: Visit, beihuan: Community, make_household: MakeHousehold
) -> None:
    other = Visit.objects.create(household=make_household(beihuan), purpose="policy")
    assert list(Visit.objects.for_user(accounts["staff_bh"])) == [other]
    assert set(Visit.objects.for_user(accounts["leader"])) == {visit, other}
