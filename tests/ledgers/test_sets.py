"""core.sets: a row among a set of ids, or not, or among values given, asked in the form each
database does best, with the same answer on both."""

from datetime import date

import pytest
from django.db import connection

from core.sets import PART, OneOf, among, batches, not_among, one_of, parts
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


def test_one_of_finds_the_rows_whose_values_are_given(miaochuan: Community) -> None:
    born = ["1980-01-01", "1981-02-03", "1982-04-05"]
    people = [
        Resident.objects.create(
            community=miaochuan, name=name, gender="1", birth_date=day, ethnicity="01"
        )
        for name, day in zip(["甲", "乙", "丙"], born, strict=True)
    ]
    by_name = Resident.objects.filter(one_of("name", ["甲", "丙", "丁"]))
    assert set(by_name) == {people[0], people[2]}
    assert not Resident.objects.filter(one_of("name", []))
    pairs = [("甲", date(1980, 1, 1)), ("乙", date(1999, 9, 9)), ("丙", date(1982, 4, 5))]
    together = Resident.objects.filter(OneOf(["name", "birth_date"], pairs))
    assert set(together.values_list("name", "birth_date")) == {pairs[0], pairs[2]}
    numbers = list(range(2_000))
    assert [n for part in parts(numbers) for n in part] == numbers
    if connection.vendor == "postgresql":  # one array, however many values
        assert len(list(parts(numbers, width=2))) == 1
    else:  # under SQLite's limit on parameters
        assert all(len(part) * 2 <= PART for part in parts(numbers, width=2))


def test_batches_take_any_iterable_and_keep_every_item() -> None:
    rows = (n for n in range(2_001))  # a generator, as the bulk writer's rows are
    sizes = [len(batch) for batch in batches(rows, 1_000)]
    assert sizes == [1_000, 1_000, 1]
    assert [n for batch in batches(range(7), 3) for n in batch] == list(range(7))
    assert list(batches([], 3)) == []
