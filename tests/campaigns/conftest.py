"""Households to visit and count, in the personas' communities."""

from collections.abc import Callable, Sequence
from datetime import date
from itertools import count
from typing import Any

import pytest
from django.contrib.auth.models import User

from ledgers.models import Community, Grid, Household, Resident

HAN, HUI = "01", "03"
MakeHousehold = Callable[..., Household]


@pytest.fixture
def make_household(accounts: dict[str, User]) -> MakeHousehold:
    """make(community, ethnicities=("03", "01"), grid=None, head=True): a household whose first
    member (of the given ethnicities, in order) is its head."""
    numbers = count(1)

    def make(
        community: Community,
        ethnicities: Sequence[str] = (HAN,),
        grid: Grid | None = None,
        head: bool = True,
        **fields: Any,
    ) -> Household:
        n = next(numbers)
        household = Household.objects.create(
            community=community, grid=grid, number=f"T-{n:05d}", address=f"测试路{n}号", **fields
        )
        for index, ethnicity in enumerate(ethnicities):
            Resident.objects.create(
                community=community,
                grid=grid,
                household=household,
                relation_to_head="02" if index == 0 and head else "10",
                name=f"居民{n}之{index}",
                gender="1",
                birth_date=date(1980, 1, 1),
                ethnicity=ethnicity,
            )
        return household

    return make


def bulk_households(
    community: Community, n: int, prefix: str, minority: bool = True
) -> list[Household]:
    """`n` households with one member each (回族 when `minority`), in two queries."""
    households = Household.objects.bulk_create(
        Household(community=community, number=f"{prefix}-{i:05d}", address=f"批量路{i}号")
        for i in range(n)
    )
    Resident.objects.bulk_create(
        Resident(
            community=community,
            household=h,
            relation_to_head="02",
            name=f"批量{i}",
            gender="2",
            birth_date=date(1990, 1, 1),
            ethnicity=HUI if minority else HAN,
        )
        for i, h in enumerate(households)
    )
    return households
