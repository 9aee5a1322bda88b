"""The coverage pages: minority households visited in the year, the anti-fraud app by community
and grid, the households not covered, and recording a household's answer."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from campaigns.models import AntiFraudCoverage, AntiFraudStatus, Visit
from ledgers.models import Community, Grid, Household
from tests.campaigns.conftest import HAN, HUI, MakeHousehold, bulk_households
from tests.helpers import assert_fixed_queries
from tests.ledgers.test_imports import file_bytes

INSTALLED, REFUSED = AntiFraudStatus.INSTALLED, AntiFraudStatus.REFUSED


def rows(response: Any) -> dict[tuple[str, str], tuple[int, int, Decimal | None]]:
    """(community, "*") for a community, (community, grid or "-") for its grids."""
    coverage = response.context["coverage"]
    found = {(r.community, "*"): (r.households, r.covered, r.rate) for r in coverage.communities}
    for r in coverage.grids:
        found[(r.community, r.grid or "-")] = (r.households, r.covered, r.rate)
    return found


@pytest.fixture
def town(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    grid_mc1: Grid,
    make_household: MakeHousehold,
) -> dict[str, Household]:
    """庙川: three minority households in MC-01 (one visited in 2026, one only in 2025, one
    never), a Han household, a minority household outside any grid (visited in 2026);
    北环路: one minority household, visited in 2026."""
    made = {
        "visited": make_household(miaochuan, (HUI,), grid=grid_mc1),
        "last_year": make_household(miaochuan, (HAN, HUI), grid=grid_mc1),
        "never": make_household(miaochuan, (HUI,), grid=grid_mc1),
        "han": make_household(miaochuan, (HAN,), grid=grid_mc1),
        "no_grid": make_household(miaochuan, (HUI,)),
        "beihuan": make_household(beihuan, (HUI,)),
    }
    for key, day in [
        ("visited", date(2026, 12, 31)),
        ("last_year", date(2025, 12, 31)),
        ("han", date(2026, 3, 1)),
        ("no_grid", date(2026, 1, 1)),
        ("beihuan", date(2026, 5, 1)),
    ]:
        Visit.objects.create(household=made[key], visited_on=day, purpose="policy")
    return made


def test_visit_coverage_counts_the_hand_built_town(
    client_as: Callable[[str], Client], town: dict[str, Household]
) -> None:
    response = client_as("leader").get(reverse("campaigns:visit_coverage"), {"year": 2026})
    assert rows(response) == {
        ("庙川社区", "*"): (4, 2, Decimal("50.0")),  # the Han household does not count
        ("庙川社区", "第1网格"): (3, 1, Decimal("33.3")),  # 31 December counts, 2025 not
        ("庙川社区", "-"): (1, 1, Decimal("100.0")),  # outside any grid
        ("北环路社区", "*"): (1, 1, Decimal("100.0")),
        ("北环路社区", "-"): (1, 1, Decimal("100.0")),
    }
    unvisited = {h.pk for h in response.context["page_obj"].object_list}
    assert unvisited == {town["last_year"].pk, town["never"].pk}
    page = client_as("staff_mc").get(reverse("campaigns:visit_coverage")).content.decode()
    assert f"{reverse('campaigns:visit_add')}?household={town['never'].pk}" in page

    last_year = client_as("leader").get(reverse("campaigns:visit_coverage"), {"year": 2025})
    assert rows(last_year)[("庙川社区", "第1网格")] == (3, 1, Decimal("33.3"))


def test_visit_coverage_of_one_community_and_the_scope(
    client_as: Callable[[str], Client], town: dict[str, Household], miaochuan: Community
) -> None:
    url = reverse("campaigns:visit_coverage")
    mine = client_as("staff_bh").get(url, {"year": 2026})
    assert {key[0] for key in rows(mine)} == {"北环路社区"}
    assert not mine.context["page_obj"].object_list
    # 北环路's staff asking for 庙川 get nothing of it.
    other = client_as("staff_bh").get(url, {"year": 2026, "community": miaochuan.pk})
    assert rows(other) == {}
    one = client_as("leader").get(url, {"year": 2026, "community": miaochuan.pk})
    assert {key[0] for key in rows(one)} == {"庙川社区"}


def test_the_unvisited_list_is_paginated_with_fixed_queries(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    def add(n: int) -> None:
        bulk_households(miaochuan, n, prefix=f"U{n}")

    url = f"{reverse('campaigns:visit_coverage')}?year=2026"
    assert_fixed_queries(client_as("staff_mc"), url, add)
    page = client_as("staff_mc").get(url)
    assert len(page.context["page_obj"].object_list) == 25
    assert page.context["paginator"].count == 1000


@pytest.fixture
def answers(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    grid_mc1: Grid,
    make_household: MakeHousehold,
) -> dict[str, Household]:
    made = {
        "installed": make_household(miaochuan, grid=grid_mc1),
        "refused": make_household(miaochuan, grid=grid_mc1),
        "not_asked": make_household(miaochuan, grid=grid_mc1),
        "no_grid": make_household(miaochuan),
        "beihuan": make_household(beihuan),
    }
    staff = accounts["staff_mc"]
    for key, status, reason in [
        ("installed", INSTALLED, ""),
        ("no_grid", INSTALLED, ""),
        ("refused", REFUSED, "老人无智能手机"),
    ]:
        AntiFraudCoverage.objects.create(
            household=made[key], status=status, refused_reason=reason, recorded_by=staff
        )
    return made


def test_anti_fraud_rates_by_community_and_grid(
    client_as: Callable[[str], Client], answers: dict[str, Household], grid_mc1: Grid
) -> None:
    response = client_as("county").get(reverse("campaigns:anti_fraud_coverage"))
    got = rows(response)
    assert got[("庙川社区", "第1网格")] == (3, 1, Decimal("33.3"))
    assert got[("庙川社区", "-")] == (1, 1, Decimal("100.0"))
    assert got[("北环路社区", "*")] == (1, 0, Decimal("0.0"))
    assert response.context["coverage"].total.households == 5
    assert response.context["coverage"].total.covered == 2
    page = response.content.decode()
    uncovered = reverse("campaigns:anti_fraud_uncovered")
    assert f"{uncovered}?&amp;community={grid_mc1.community_id}&amp;grid={grid_mc1.pk}" in page

    grid_only = client_as("county").get(
        reverse("campaigns:anti_fraud_coverage"), {"grid": grid_mc1.pk}
    )
    assert grid_only.context["coverage"].total.households == 3


def test_the_uncovered_list_shows_refusals_with_their_reason(
    client_as: Callable[[str], Client], answers: dict[str, Household], grid_mc1: Grid
) -> None:
    url = reverse("campaigns:anti_fraud_uncovered")
    client = client_as("staff_mc")
    listed = client.get(url)
    assert {h.pk for h in listed.context["object_list"]} == {
        answers["refused"].pk,
        answers["not_asked"].pk,
    }
    page = listed.content.decode()
    assert "老人无智能手机" in page and "拒绝安装" in page and "尚未询问" in page
    record = f"{reverse('campaigns:anti_fraud_record')}?household={answers['not_asked'].pk}"
    assert record in page
    refused = client.get(url, {"status": "refused", "grid": str(grid_mc1.pk)}).context[
        "object_list"
    ]
    assert [h.pk for h in refused] == [answers["refused"].pk]
    # The county reads the list but records nothing.
    assert record not in client_as("county").get(url).content.decode()


def test_the_uncovered_export(
    client_as: Callable[[str], Client], answers: dict[str, Household]
) -> None:
    import io

    import openpyxl

    response = client_as("staff_mc").get(
        reverse("campaigns:anti_fraud_uncovered_export"), {"status": "refused"}
    )
    book = openpyxl.load_workbook(io.BytesIO(file_bytes_of(response)))
    values = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    assert any("老人无智能手机" in row for row in values)
    assert not any(answers["not_asked"].number in row for row in values)
    assert not any(answers["beihuan"].number in row for row in values)


def file_bytes_of(response: Any) -> bytes:
    return file_bytes(response) if response.streaming else response.content


def test_the_uncovered_list_takes_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    def add(n: int) -> None:
        bulk_households(miaochuan, n, prefix=f"A{n}")

    url = reverse("campaigns:anti_fraud_uncovered")
    assert_fixed_queries(client_as("staff_mc"), url, add)


def test_recording_an_answer_updates_the_one_row(
    client_as: Callable[[str], Client], accounts: dict[str, User], answers: dict[str, Household]
) -> None:
    household = answers["refused"]
    client = client_as("grid_mc1")
    url = f"{reverse('campaigns:anti_fraud_record')}?household={household.pk}"
    page = client.get(url)
    assert page.context["existing"] is not None
    response = client.post(
        url,
        {
            "household": household.pk,
            "status": INSTALLED,
            "recorded_on": "2026-03-02",
            "installer": "志愿者小马",
            "refused_reason": "老人无智能手机",  # still on the page: cleared
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == household.get_absolute_url()
    row = AntiFraudCoverage.objects.get(household=household)
    assert (row.status, row.refused_reason, row.installer) == (INSTALLED, "", "志愿者小马")
    assert row.recorded_by == accounts["grid_mc1"]
    assert AntiFraudCoverage.objects.count() == 3


def test_a_refusal_without_reason_is_refused(
    client_as: Callable[[str], Client], answers: dict[str, Household]
) -> None:
    household = answers["not_asked"]
    response = client_as("staff_mc").post(
        reverse("campaigns:anti_fraud_record"),
        {"household": household.pk, "status": REFUSED, "recorded_on": "2026-03-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["refused_reason"] == ["请填写拒绝安装的原因。"]
    assert not AntiFraudCoverage.objects.filter(household=household).exists()


def test_another_community_s_household_is_a_404(
    client_as: Callable[[str], Client], answers: dict[str, Household]
) -> None:
    household = answers["not_asked"]
    client = client_as("staff_bh")
    url = reverse("campaigns:anti_fraud_record")
    assert client.get(url, {"household": household.pk}).status_code == 404
    response = client.post(
        url, {"household": household.pk, "status": INSTALLED, "recorded_on": "2026-03-02"}
    )
    assert response.status_code == 404
    assert not AntiFraudCoverage.objects.filter(household=household).exists()


def test_a_grid_of_another_community_is_refused_beside_the_field(
    client_as: Callable[[str], Client], grid_mc1: Grid, beihuan: Community
) -> None:
    response = client_as("leader").get(
        reverse("campaigns:visit_coverage"), {"community": beihuan.pk, "grid": grid_mc1.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_grid_error"' in page and "选择一个有效的选项" in page
