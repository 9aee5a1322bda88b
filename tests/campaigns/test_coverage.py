"""Anti-fraud app coverage and visits to minority households, by community and by grid."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.antifraud.coverage import anti_fraud_rates, not_covered
from campaigns.models import AntiFraudCoverage, AntiFraudStatus, Visit
from campaigns.visits.coverage import unvisited, visit_coverage
from ledgers.models import Community, Grid, Household, Resident
from tests.campaigns.conftest import HAN, HUI, MakeHousehold, bulk_households
from tests.helpers import assert_fixed_queries_of

INSTALLED, REFUSED = AntiFraudStatus.INSTALLED, AntiFraudStatus.REFUSED


def answer(household: Household, user: User, status: str, reason: str = "") -> AntiFraudCoverage:
    return AntiFraudCoverage.objects.create(
        household=household, status=status, recorded_by=user, refused_reason=reason
    )


def test_a_refusal_needs_its_reason(accounts: dict[str, User], miaochuan: Community) -> None:
    household = Household.objects.create(community=miaochuan, number="1", address="庙川路1号")
    row = AntiFraudCoverage(household=household, status=REFUSED, recorded_by=accounts["staff_mc"])
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "refused_reason" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row.refused_reason = "老人无智能手机"
    row.full_clean()
    row.save()


def test_anti_fraud_rates_by_community_and_grid(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    grid_mc1: Grid,
    make_household: MakeHousehold,
) -> None:
    staff = accounts["staff_mc"]
    mc = [make_household(miaochuan, grid=grid_mc1) for _ in range(3)] + [
        make_household(miaochuan)  # not in a grid
    ]
    bh = [make_household(beihuan) for _ in range(2)]
    answer(mc[0], staff, INSTALLED)
    answer(mc[1], staff, INSTALLED)
    answer(mc[2], staff, REFUSED, "不愿安装")  # asked, refused: not covered
    answer(bh[0], accounts["staff_bh"], INSTALLED)

    rates = anti_fraud_rates(Household.objects.for_user(accounts["leader"]))

    by_community = {r.community: (r.households, r.covered, r.rate) for r in rates.communities}
    assert by_community == {
        "庙川社区": (4, 2, Decimal("50.0")),
        "北环路社区": (2, 1, Decimal("50.0")),
    }
    by_grid = {r.grid: (r.households, r.covered) for r in rates.grids if r.community == "庙川社区"}
    assert by_grid == {"第1网格": (3, 2), "": (1, 0)}
    assert (rates.total.households, rates.total.covered, rates.total.rate) == (
        6,
        3,
        Decimal("50.0"),
    )
    assert set(not_covered(Household.objects.filter(community=miaochuan))) == {mc[2], mc[3]}


def test_anti_fraud_rates_honour_the_scope(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    make_household: MakeHousehold,
) -> None:
    make_household(miaochuan)
    make_household(beihuan)
    rates = anti_fraud_rates(Household.objects.for_user(accounts["staff_bh"]))
    assert [r.community for r in rates.communities] == ["北环路社区"]
    assert rates.communities[0].rate == Decimal("0.0")


def test_no_households_have_no_rate(accounts: dict[str, User]) -> None:
    rates = anti_fraud_rates(Household.objects.for_user(accounts["leader"]))
    assert rates.communities == [] and rates.total.rate is None


def test_visit_coverage_counts_minority_households_visited_in_the_year(
    accounts: dict[str, User], miaochuan: Community, make_household: MakeHousehold
) -> None:
    visited_jan_1 = make_household(miaochuan, (HUI,))
    visited_dec_31 = make_household(miaochuan, (HAN, "05"))  # a minority member, not the head
    visited_twice = make_household(miaochuan, (HUI,))
    visited_last_year = make_household(miaochuan, (HUI,))
    visited_next_year = make_household(miaochuan, (HUI,))
    han = make_household(miaochuan, (HAN, HAN))  # not a minority household
    moved = make_household(miaochuan, (HAN, HUI))
    Resident.objects.filter(household=moved, ethnicity=HUI).update(
        status="moved_out", status_date=date(2025, 6, 1)
    )  # its only minority member left: no longer a minority household
    for household, day in [
        (visited_jan_1, date(2026, 1, 1)),
        (visited_dec_31, date(2026, 12, 31)),
        (visited_twice, date(2026, 4, 1)),
        (visited_twice, date(2026, 9, 1)),
        (visited_last_year, date(2025, 12, 31)),
        (visited_next_year, date(2027, 1, 1)),
        (han, date(2026, 5, 5)),
    ]:
        Visit.objects.create(household=household, visited_on=day, purpose="policy")

    coverage = visit_coverage(Household.objects.for_user(accounts["staff_mc"]), 2026)

    row = coverage.communities[0]
    assert (row.community, row.households, row.covered, row.rate) == (
        "庙川社区",
        5,
        3,
        Decimal("60.0"),
    )
    missing = unvisited(Household.objects.for_user(accounts["staff_mc"]), 2026)
    assert set(missing) == {visited_last_year, visited_next_year}


@pytest.mark.parametrize("which", ["anti_fraud", "visits"])
def test_coverage_takes_a_fixed_number_of_queries(
    accounts: dict[str, User], miaochuan: Community, which: str
) -> None:
    staff = accounts["staff_mc"]
    made = [0]

    def add_rows(n: int) -> None:
        households = bulk_households(miaochuan, n, f"B{made[0]}")
        made[0] += 1
        AntiFraudCoverage.objects.bulk_create(
            AntiFraudCoverage(household=h, status=INSTALLED, recorded_by=staff)
            for h in households[::2]
        )
        Visit.objects.bulk_create(
            Visit(household=h, community=miaochuan, purpose="policy", visited_on=date(2026, 5, 1))
            for h in households[::3]
        )

    def run() -> None:
        households = Household.objects.for_user(staff)
        if which == "anti_fraud":
            rates = anti_fraud_rates(households)
            list(not_covered(households))
        else:
            rates = visit_coverage(households, 2026)
            list(unvisited(households, 2026))
        assert rates.total.households > 0

    assert assert_fixed_queries_of(run, add_rows) == 3
