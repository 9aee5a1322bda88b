"""Visit pages: the list and its filters, the form (household found by search, visitors of its
community), the detail, and the follow-ups that open a linked hazard or case; the household page
shows the household's visits."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Visit, VisitPurpose
from casework.models import AssistanceCase, CaseState, Hazard, HazardState
from ledgers.models import Community, Grid, Household
from tests.campaigns.conftest import HAN, HUI, MakeHousehold, bulk_households
from tests.helpers import assert_fixed_queries, edited


@pytest.fixture
def household(miaochuan: Community, grid_mc1: Grid, make_household: MakeHousehold) -> Household:
    return make_household(miaochuan, (HUI, HAN), grid=grid_mc1)


@pytest.fixture
def visit(accounts: dict[str, User], household: Household) -> Visit:
    row = Visit.objects.create(
        household=household,
        visited_on=date(2026, 3, 18),
        purpose=VisitPurpose.SAFETY,
        findings="厨房燃气软管老化，无报警器",
        visitor_names="楼栋长马福",
    )
    row.visitors.add(accounts["staff_mc"])
    return row


def test_the_list_filters_by_the_drill_down_names(
    client_as: Callable[[str], Client],
    miaochuan: Community,
    grid_mc1: Grid,
    make_household: MakeHousehold,
    visit: Visit,
) -> None:
    other = make_household(miaochuan)  # not in the grid
    Visit.objects.create(household=other, visited_on=date(2025, 6, 1), purpose="festival")
    Visit.objects.create(household=other, visited_on=date(2026, 1, 1), purpose="policy")
    url = reverse("campaigns:visit_list")
    client = client_as("staff_mc")

    def found(**params: Any) -> set[tuple[str, str]]:
        page = client.get(url, params)
        assert page.status_code == 200
        return {(f"{v.visited_on:%Y-%m-%d}", v.purpose) for v in page.context["object_list"]}

    assert found(year=2026) == {("2026-03-18", "safety"), ("2026-01-01", "policy")}
    assert found(grid=grid_mc1.pk) == {("2026-03-18", "safety")}
    assert found(purpose="festival") == {("2025-06-01", "festival")}
    assert found(visited_on_after="2026-01-01", visited_on_before="2026-01-31") == {
        ("2026-01-01", "policy")
    }
    assert found(community=miaochuan.pk, q="燃气") == {("2026-03-18", "safety")}
    assert found(q=other.number) == {("2026-01-01", "policy"), ("2025-06-01", "festival")}
    page = client.get(url).content.decode()
    assert "马秀英、楼栋长马福" in page  # the visitors column


def test_staff_of_another_community_see_neither_the_visit_nor_it_in_the_list(
    client_as: Callable[[str], Client], visit: Visit
) -> None:
    staff_bh = client_as("staff_bh")
    assert staff_bh.get(reverse("campaigns:visit", args=[visit.pk])).status_code == 404
    assert staff_bh.get(reverse("campaigns:visit_edit", args=[visit.pk])).status_code == 404
    assert not staff_bh.get(reverse("campaigns:visit_list")).context["object_list"]
    response = staff_bh.post(
        reverse("campaigns:visit_open_hazard", args=[visit.pk]),
        {"hazard-category": "gas", "hazard-level": "ordinary", "hazard-description": "x"},
    )
    assert response.status_code == 404
    assert not Hazard.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], accounts: dict[str, User], miaochuan: Community
) -> None:
    staff = [accounts["staff_mc"], accounts["grid_mc1"]]

    def add(n: int) -> None:
        for household in bulk_households(miaochuan, n, prefix=f"Q{n}"):
            visit = Visit.objects.create(household=household, purpose="policy", findings="好")
            visit.visitors.set(staff)

    assert_fixed_queries(client_as("staff_mc"), reverse("campaigns:visit_list"), add)


def test_the_form_finds_households_in_scope_and_preselects_one(
    client_as: Callable[[str], Client],
    beihuan: Community,
    make_household: MakeHousehold,
    household: Household,
) -> None:
    make_household(beihuan)  # 测试路2号, another community
    client = client_as("staff_mc")
    url = reverse("campaigns:visit_add")
    search = client.get(url, {"q": "测试路"})
    assert [h.pk for h in search.context["matches"]] == [household.pk]
    assert f"household={household.pk}" in search.content.decode()
    by_member = client.get(url, {"q": household.members.first().name})  # type: ignore[union-attr]
    assert [h.pk for h in by_member.context["matches"]] == [household.pk]

    page = client.get(url, {"household": household.pk})
    form = page.context["form"]
    assert form.initial["household"] == household.pk
    # The people who work in 庙川社区, the user ticked.
    names = {str(label) for _value, label in form.fields["visitors"].choices}
    assert names == {"马秀英", "李海燕"}
    assert form.fields["visitors"].initial == [page.context["user"].pk]
    assert 'id="save-visit"' in page.content.decode()


def test_recording_a_visit(
    client_as: Callable[[str], Client], accounts: dict[str, User], household: Household
) -> None:
    client = client_as("grid_mc1")
    response = client.post(
        reverse("campaigns:visit_add"),
        {
            "household": household.pk,
            "visited_on": "2026-03-02",
            "purpose": "hardship",
            "visitors": [accounts["grid_mc1"].pk, accounts["staff_mc"].pk],
            "visitor_names": "楼栋长马福",
            "findings": "户主住院",
            "follow_up": "协助申请临时救助",
        },
        follow=True,
    )
    visit = Visit.objects.get()
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    assert "走访已登记" in response.content.decode()
    assert (visit.community.name, visit.grid and visit.grid.code) == ("庙川社区", "MC-01")
    assert visit.visited_by == "马秀英、李海燕、楼栋长马福"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"household": ""}, "household"),
        ({"purpose": ""}, "purpose"),
        ({"visited_on": "2099-01-01"}, "visited_on"),
        ({"visitors": ["staff_bh"]}, "visitors"),  # not of the household's community
    ],
)
def test_a_bad_visit_is_refused_with_a_chinese_message(
    client_as: Callable[[str], Client],
    accounts: dict[str, User],
    household: Household,
    change: dict[str, Any],
    field: str,
) -> None:
    data: dict[str, Any] = {
        "household": household.pk,
        "visited_on": "2026-03-02",
        "purpose": "policy",
        "visitors": [accounts["staff_mc"].pk],
    }
    if "visitors" in change:
        change = {"visitors": [accounts[name].pk for name in change["visitors"]]}
    data.update(change)
    response = client_as("staff_mc").post(reverse("campaigns:visit_add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in e) for e in errors), errors
    assert not Visit.objects.exists()


def test_a_household_of_another_community_cannot_be_chosen(
    client_as: Callable[[str], Client], accounts: dict[str, User], household: Household
) -> None:
    response = client_as("staff_bh").post(
        reverse("campaigns:visit_add"),
        {"household": household.pk, "visited_on": "2026-03-02", "purpose": "policy"},
    )
    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_the_detail_offers_both_follow_ups_to_staff_only(
    client_as: Callable[[str], Client], visit: Visit
) -> None:
    url = reverse("campaigns:visit", args=[visit.pk])
    page = client_as("staff_mc").get(url).content.decode()
    assert "转为隐患" in page and "申请救助" in page
    assert "马秀英、楼栋长马福" in page and "厨房燃气软管老化" in page
    county = client_as("county").get(url).content.decode()
    assert "转为隐患" not in county and "申请救助" not in county


def test_a_visit_opens_a_linked_hazard_through_the_page(
    client_as: Callable[[str], Client], visit: Visit
) -> None:
    client = client_as("staff_mc")
    response = client.post(
        reverse("campaigns:visit_open_hazard", args=[visit.pk]),
        {"hazard-category": "gas", "hazard-level": "major", "hazard-description": "燃气软管老化"},
        follow=True,
    )
    hazard = Hazard.objects.get()
    # On to the hazard's form, to complete its 五定.
    assert response.redirect_chain[-1][0] == reverse("casework:hazard_edit", args=[hazard.pk])
    assert hazard.number in response.content.decode()
    visit.refresh_from_db()
    assert visit.hazard == hazard
    assert (hazard.category, hazard.level, hazard.source) == ("gas", "major", "visit")
    page = client.get(visit.get_absolute_url()).content.decode()
    assert hazard.number in page and str(HazardState.REGISTERED.label) in page
    assert "转为隐患" not in page  # once only

    again = client.post(
        reverse("campaigns:visit_open_hazard", args=[visit.pk]),
        {"hazard-category": "fire", "hazard-level": "ordinary", "hazard-description": "x"},
        follow=True,
    )
    assert "已登记" in again.content.decode()  # WorkflowError, shown as a message
    assert Hazard.objects.count() == 1


def test_a_hazard_without_category_is_refused_and_nothing_changes(
    client_as: Callable[[str], Client], visit: Visit
) -> None:
    response = client_as("staff_mc").post(
        reverse("campaigns:visit_open_hazard", args=[visit.pk]),
        {"hazard-category": "", "hazard-level": "ordinary", "hazard-description": "x"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    assert "类别" in response.content.decode()
    visit.refresh_from_db()
    assert visit.hazard is None and not Hazard.objects.exists()


def test_a_visit_opens_a_linked_assistance_case_through_the_page(
    client_as: Callable[[str], Client], visit: Visit, household: Household
) -> None:
    member = household.members.exclude(relation_to_head="02").get()
    client = client_as("staff_mc")
    form = client.get(visit.get_absolute_url()).context["case_form"]
    assert form.fields["applicant"].initial == household.members.get(relation_to_head="02").pk
    response = client.post(
        reverse("campaigns:visit_open_case", args=[visit.pk]),
        {"case-kind": "temporary", "case-applicant": member.pk, "case-reason": "户主住院"},
        follow=True,
    )
    case = AssistanceCase.objects.get()
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert (case.applicant, case.household, case.state) == (member, household, CaseState.DRAFT)
    visit.refresh_from_db()
    assert visit.assistance_case == case
    assert list(case.visits.all()) == [visit]
    page = client.get(visit.get_absolute_url()).content.decode()
    assert str(CaseState.DRAFT.label) in page and "申请救助" not in page


def test_the_applicant_must_be_of_the_household(
    client_as: Callable[[str], Client],
    visit: Visit,
    miaochuan: Community,
    make_household: MakeHousehold,
) -> None:
    stranger = make_household(miaochuan).members.get()
    response = client_as("staff_mc").post(
        reverse("campaigns:visit_open_case", args=[visit.pk]),
        {"case-kind": "temporary", "case-applicant": stranger.pk, "case-reason": "x"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    assert not AssistanceCase.objects.exists()


def test_the_household_page_shows_its_visits_and_anti_fraud_answer(
    client_as: Callable[[str], Client], accounts: dict[str, User], visit: Visit
) -> None:
    from campaigns.models import AntiFraudCoverage

    household = visit.household
    later = Visit.objects.create(household=household, visited_on=date(2026, 5, 1), purpose="policy")
    client = client_as("staff_mc")
    url = household.get_absolute_url()
    page = client.get(url).content.decode()
    assert f"{reverse('campaigns:visit_add')}?household={household.pk}" in page
    assert page.index(later.get_absolute_url()) < page.index(visit.get_absolute_url())
    assert "尚未询问" in page
    AntiFraudCoverage.objects.create(
        household=household, status="refused", refused_reason="老人无智能手机",
        recorded_by=accounts["staff_mc"],
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "老人无智能手机" in page and "拒绝安装" in page
    assert f"{reverse('campaigns:anti_fraud_record')}?household={household.pk}" in page


def test_the_household_page_takes_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], accounts: dict[str, User], visit: Visit
) -> None:
    household = visit.household
    staff = [accounts["staff_mc"], accounts["grid_mc1"]]
    today = timezone.localdate()

    def add(n: int) -> None:
        for i in range(min(n, 60)):  # a household's visits over the years
            more = Visit.objects.create(
                household=household, visited_on=today - timedelta(days=i), purpose="policy"
            )
            more.visitors.set(staff)

    assert_fixed_queries(client_as("staff_mc"), household.get_absolute_url(), add)


def test_a_visit_that_opened_a_hazard_stays_with_its_household(
    client_as: Callable[[str], Client],
    accounts: dict[str, User],
    visit: Visit,
    miaochuan: Community,
    make_household: MakeHousehold,
) -> None:
    from campaigns.visits.follow_ups import open_hazard

    open_hazard(visit, accounts["staff_mc"], category="gas")
    other = make_household(miaochuan)
    client = client_as("staff_mc")
    url = reverse("campaigns:visit_edit", args=[visit.pk])
    assert "household-locked" in client.get(url, {"household": other.pk}).content.decode()
    client.post(
        url,
        edited(
            visit,
            {
                "household": other.pk,
                "visited_on": "2026-03-18",
                "purpose": "safety",
                "findings": "改",
            },
        ),
    )
    visit.refresh_from_db()
    assert visit.household_id != other.pk and visit.findings == "改"
