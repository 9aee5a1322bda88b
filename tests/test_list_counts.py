"""Lists count no further than their limit (10,000+ above it), page within it, ask to narrow the
filter past it, read a deep page by its ids; the resident searches find the right people."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.generic import ObjectListView
from core.paging import LimitedPaginator, limited_count, rows_of, shown
from ledgers.models import Community, Resident
from tests.conftest import citizen_id

RESIDENTS = reverse("ledgers:resident_list")


def register(
    community: Community, count: int, start: int = 0, name: str = "", **fields: Any
) -> list[Resident]:
    return [
        Resident.objects.create(
            community=community,
            name=name or f"居民{start + n:03d}",
            id_number=citizen_id("19800101", f"{start + n:03d}"),
            gender="1",
            birth_date=date(1980, 1, 1),
            ethnicity="01",
            **fields,
        )
        for n in range(count)
    ]


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists that count to 4 and show 2 rows a page: pages 1 and 2 within the window."""
    monkeypatch.setattr(ObjectListView, "count_limit", 4)
    monkeypatch.setattr(ObjectListView, "paginate_by", 2)


def names(response: Any) -> list[str]:
    return [resident.name for resident in response.context["object_list"]]


@pytest.mark.usefixtures("small_window")
def test_over_the_limit_the_count_says_how_far_it_counted(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 7)
    response = client_as("staff_mc").get(RESIDENTS)
    page = response.content.decode()
    assert '<span class="badge text-bg-light fw-normal" id="result-count">4+</span>' in page
    assert response.context["paginator"].num_pages == 2
    assert names(response) == ["居民000", "居民001"]


@pytest.mark.usefixtures("small_window")
def test_below_the_limit_the_count_is_exact(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 3)
    page = client_as("staff_mc").get(RESIDENTS).content.decode()
    assert 'id="result-count">3</span>' in page
    assert 'id="past-window"' not in page and 'id="window-end"' not in page


@pytest.mark.usefixtures("small_window")
def test_the_last_page_within_the_window_says_where_pages_end(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 7)
    response = client_as("staff_mc").get(RESIDENTS, {"page": "last"})
    assert response.context["page_obj"].number == 2
    assert names(response) == ["居民002", "居民003"]  # read by their ids first
    assert 'id="window-end"' in response.content.decode()


@pytest.mark.usefixtures("small_window")
@pytest.mark.parametrize("number", ["3", "99999999"])
def test_a_page_past_the_window_asks_to_narrow_the_filter_or_export(
    number: str, miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 7)
    response = client_as("staff_mc").get(RESIDENTS, {"page": number, "q": "居民"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="past-window"' in page and not names(response)
    assert 'href="?q=%E5%B1%85%E6%B0%91&amp;page=2" id="past-window-last"' in page
    export = reverse("ledgers:resident_export")
    assert f'href="{export}?q=%E5%B1%85%E6%B0%91&amp;format=xlsx"' in page


@pytest.mark.usefixtures("small_window")
def test_a_page_past_the_end_of_a_list_counted_exactly_is_not_found(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 3)
    assert client_as("staff_mc").get(RESIDENTS, {"page": "5"}).status_code == 404


def test_a_deep_page_costs_the_queries_of_the_first(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 60)
    staff = client_as("staff_mc")
    counted = []
    for number in ("1", "3"):
        with CaptureQueriesContext(connection) as queries:
            response = staff.get(RESIDENTS, {"page": number})
        counted.append(len(queries))
    assert counted[0] == counted[1]
    assert names(response)[0] == "居民050"


def test_every_page_reads_its_ids_before_its_rows(miaochuan: Community) -> None:
    register(miaochuan, 5)
    rows = Resident.objects.select_related("household").order_by("-name_sort", "pk")
    for bottom in (0, 2, 4):
        page = rows_of(rows, bottom, bottom + 2)
        assert list(page) == list(rows)[bottom : bottom + 2]
        assert "IN (SELECT" in str(page.query), bottom


def test_the_count_reads_no_further_than_the_limit(miaochuan: Community) -> None:
    register(miaochuan, 5)
    rows = Resident.objects.order_by("name_sort")
    assert limited_count(rows, 3) == 4 and limited_count(rows, 10) == 5
    paginator = LimitedPaginator(rows, 2, limit=3)
    assert paginator.over_limit and paginator.num_pages == 1
    assert shown(12_001, 12_000) == "12,000+" and shown(5, 12_000) == "5"


@pytest.mark.usefixtures("small_window")
def test_printing_all_counts_no_further_than_its_cap(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 7)
    with CaptureQueriesContext(connection) as queries:
        client_as("staff_mc").get(RESIDENTS, {"print": "all"})
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    counts = [sql for sql in counts if "ledgers_resident" in sql]
    assert counts and all("LIMIT 5001" in sql for sql in counts)


def search(client: Client, query: str) -> list[str]:
    return names(client.get(RESIDENTS, {"q": query}))


def test_numbers_and_surnames_find_their_people_in_scope_only(
    miaochuan: Community, beihuan: Community, client_as: Callable[[str], Client]
) -> None:
    mine = register(miaochuan, 1, name="郭秀兰", phone="13900001234")[0]
    register(miaochuan, 1, start=1, name="王芳", phone="13800005678")
    register(beihuan, 1, start=2, name="郭建国", phone="13900001299")
    tail = mine.id_number[-4:]
    staff = client_as("staff_mc")
    assert search(staff, mine.id_number) == ["郭秀兰"]
    assert search(staff, mine.id_number[-6:]) == ["郭秀兰"]
    assert search(staff, tail) == ["郭秀兰"]
    assert search(staff, "13900001234") == ["郭秀兰"]
    assert search(staff, "1390000") == ["郭秀兰"]  # 郭建国 of 北环路社区 is out of scope
    assert search(staff, "郭") == ["郭秀兰"]
    assert search(staff, "guo") == ["郭秀兰"]
    assert search(staff, "秀兰") == ["郭秀兰"]
    assert search(client_as("leader"), "郭") == ["郭建国", "郭秀兰"]
    assert search(client_as("leader"), "1390000") == ["郭建国", "郭秀兰"]
