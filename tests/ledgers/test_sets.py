"""core.sets: a row among a set of ids, or not, asked in the form each database does best,
with the same answer on both."""

import pytest

from core.sets import among, not_among
from ledgers.models import Community, Household, Resident

pytestmark = pytest.mark.django_db


def test_among_and_not_among_split_the_rows(miaochuan: Community) -> None:
    homes = [
        Household.objects.create(community=miaochuan, number=f"S-{n}", address=f"集合路{n}号")
        for n in range(4)
    ]
    for home, ethnicity in [(homes[0], "03"), (homes[0], "03"), (homes[1], "01")]:
        Resident.objects.create(
            community=miaochuan,
            household=home,
            name="居民",
            gender="1",
            birth_date="1980-01-01",
            ethnicity=ethnicity,
        )
    Resident.objects.create(  # no household: its NULL must not empty the NOT IN
        community=miaochuan, name="无户", gender="1", birth_date="1980-01-01", ethnicity="03"
    )
    members = Resident.objects.filter(household__isnull=False)
    hui = members.filter(ethnicity="03")
    assert set(Household.objects.filter(among(members, "household_id"))) == set(homes[:2])
    assert set(Household.objects.filter(not_among(members, "household_id"))) == set(homes[2:])
    assert list(Household.objects.filter(among(hui, "household_id"))) == [homes[0]]  # once
    assert Household.objects.filter(not_among(hui, "household_id")).count() == 3
    assert Household.objects.minority().get() == homes[0]
