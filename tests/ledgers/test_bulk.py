"""Bulk writes: the rows and their history as Django's own bulk helpers would leave them."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User

from ledgers.models import Community, Household, Resident
from sheets import bulk
from tests.conftest import citizen_id


def test_update_and_history_write_what_the_objects_hold(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    household = Household.objects.create(community=miaochuan, number="B-1", address="一号")
    people: list[Any] = [
        Resident.objects.create(
            community=miaochuan,
            household=household,
            name=f"马{n}",
            id_number=citizen_id("19850302", f"{n:03d}"),
            gender="1" if n % 2 else "2",
            birth_date=date(1985, 3, 2),
            ethnicity="03",
            phone="13900000000",
        )
        for n in range(1, 4)
    ]
    for n, person in enumerate(people):
        person.phone = f"1380000000{n}"
        person.notes = "<b>&</b> 备注"
        person.birth_date = date(1985, 3, 3 + n)
    bulk.update(Resident, people, ["phone", "notes", "birth_date"])
    bulk.history(Resident, people, created=False, user=accounts["staff_mc"], reason="导入第1批")

    for n, person in enumerate(people):
        stored = Resident.objects.get(pk=person.pk)
        assert (stored.phone, stored.notes) == (f"1380000000{n}", "<b>&</b> 备注")
        assert stored.birth_date == date(1985, 3, 3 + n)
        version = stored.history.latest()
        assert version.history_type == "~"
        assert version.history_user == accounts["staff_mc"]
        assert version.history_change_reason == "导入第1批"
        assert (version.phone, version.birth_date) == (stored.phone, stored.birth_date)
        assert version.household_id == household.pk
    assert Resident.objects.exclude(pk__in=[p.pk for p in people]).count() == 0


def test_create_gives_new_numbers_never_used_before(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    """Rows created in bulk get their keys from the table's sequence, stamped as save() would,
    and never the number of a row removed before (its history keeps that number)."""
    first = Household.objects.create(community=miaochuan, number="B-1", address="一号")
    last = Household.objects.create(community=miaochuan, number="B-2", address="二号")
    removed = last.pk
    last.delete()
    new = [Household(community=miaochuan, number=f"C-{n}", address=f"{n}号") for n in range(3)]

    created: Any = bulk.create(Household, new)

    assert all(h.pk > removed for h in created) and len({h.pk for h in created}) == 3
    for household in created:
        stored = Household.objects.get(pk=household.pk)
        assert (stored.number, stored.community, stored.kind) == (
            household.number,
            miaochuan,
            "family",
        )
        assert stored.created_at is not None and stored.updated_at is not None
        assert not household._state.adding
    assert Household.objects.create(community=miaochuan, number="D", address="四号").pk > max(
        h.pk for h in created
    )
    assert first.pk < removed
