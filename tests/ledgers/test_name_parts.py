"""Any part of a name finds its people, on SQLite by LIKE and on PostgreSQL through the index of
the names' two-character parts (migration ledgers 0028), in the resident list and the ledgers."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ledgers.models import Community, FloatingRecord, Resident
from ledgers.people.views import search_residents
from tests.ledgers.test_pinyin import resident


@pytest.fixture
def people(miaochuan: Community, beihuan: Community) -> dict[str, Resident]:
    named = ["欧阳秀兰", "马秀兰", "兰秀兰", "秀兰", "王芳", "阿卜杜·热合曼"]
    found = {name: resident(miaochuan, name, f"{n:03d}") for n, name in enumerate(named)}
    found["北环路的欧阳秀兰"] = resident(beihuan, "欧阳秀兰", "099")
    return found


def listed(client: Client, query: str, url: str = "ledgers:resident_list") -> list[str]:
    """The names a list shows for `query`: its residents', or the residents' of its records."""
    response = client.get(reverse(url), {"q": query})
    assert response.status_code == 200
    rows = response.context["object_list"]
    return [getattr(row, "resident", row).name for row in rows]


def test_two_characters_in_the_middle_of_a_name_find_it(
    client_as: Callable[[str], Client], people: dict[str, Resident]
) -> None:
    staff = client_as("staff_mc")
    assert listed(staff, "阳秀") == ["欧阳秀兰"]  # 北环路's 欧阳秀兰 is out of scope
    assert listed(client_as("leader"), "阳秀") == ["欧阳秀兰", "欧阳秀兰"]
    assert listed(staff, "杜·") == ["阿卜杜·热合曼"]
    assert listed(staff, "秀 兰") == ["兰秀兰", "马秀兰", "欧阳秀兰", "秀兰"]  # pinyin order


def test_a_longer_part_is_found_only_where_it_stands_whole(
    client_as: Callable[[str], Client], people: dict[str, Resident]
) -> None:
    staff = client_as("staff_mc")
    assert listed(staff, "阳秀兰") == ["欧阳秀兰"]
    # 兰秀兰 holds both pairs of 秀兰秀 (秀兰, 兰秀) but not the text itself.
    assert listed(staff, "秀兰秀") == []
    assert listed(staff, "欧阳秀兰") == ["欧阳秀兰"]


def test_the_ledgers_find_their_residents_by_a_part_of_the_name(
    client_as: Callable[[str], Client], people: dict[str, Resident]
) -> None:
    FloatingRecord.objects.create(
        resident=people["马秀兰"], origin="青海省循化县", arrived_on=date(2026, 1, 5)
    )
    FloatingRecord.objects.create(
        resident=people["王芳"], origin="甘肃省临夏县", arrived_on=date(2026, 2, 1)
    )
    assert listed(client_as("staff_mc"), "马秀", "ledgers:floating_ledger") == ["马秀兰"]
    assert listed(client_as("staff_mc"), "阳秀", "ledgers:floating_ledger") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("query", ["阳秀", "阳秀兰"])
def test_postgresql_reads_a_part_of_a_name_from_its_index(
    people: dict[str, Resident], query: str
) -> None:
    rows = search_residents(Resident.objects.all(), query).order_by("name_sort", "pk")
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ledgers_res_name_bigrams" in plan
    assert "Seq Scan on ledgers_resident" not in plan
    assert [r.name for r in rows] == ["欧阳秀兰", "欧阳秀兰"]
