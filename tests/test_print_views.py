"""打印全部: a filtered list printed whole (not one page of 25), in the user's scope, masked as
the list is, capped, in a fixed number of queries, and logged like an export."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import printing
from core.generic import ObjectListView
from core.models import AuditAction, AuditEvent
from ledgers.models import Community, Grid, Resident
from tests.conftest import PERSONAS, citizen_id
from tests.test_lists import LIST_VIEWS

RESIDENTS = reverse("ledgers:resident_list")


def register(community: Community, count: int, start: int = 0, **fields: Any) -> list[Resident]:
    return [
        Resident.objects.create(
            community=community,
            name=f"居民{start + n:03d}",
            id_number=citizen_id("19800101", f"{start + n:03d}"),
            gender="1",
            birth_date=date(1980, 1, 1),
            ethnicity="01",
            **fields,
        )
        for n in range(count)
    ]


def print_all(client: Client, url: str = RESIDENTS, **params: Any) -> Any:
    response = client.get(url, {**params, "print": "all"})
    assert response.status_code == 200
    return response


def test_every_row_is_printed_not_one_page(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 30)
    staff = client_as("staff_mc")
    assert len(staff.get(RESIDENTS).context["object_list"]) == 25
    page = print_all(staff).content.decode()
    assert page.count("<tr>") == 31  # the header row and every resident
    assert "居民000" in page and "居民029" in page
    assert 'class="pagination' not in page and 'id="id_q"' not in page


def test_another_communitys_rows_are_not_printed(
    miaochuan: Community, beihuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 2)
    register(beihuan, 2, start=100)
    page = print_all(client_as("staff_mc")).content.decode()
    assert "居民000" in page
    assert "居民100" not in page and "北环路社区" not in page.split('id="print-table"')[1]


def test_id_numbers_are_masked_as_on_the_list(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    (resident,) = register(miaochuan, 1)
    page = print_all(client_as("staff_mc")).content.decode()
    assert resident.id_number not in page
    assert resident.masked_id in page


def test_the_filter_in_force_is_printed_in_words(
    miaochuan: Community, grid_mc1: Grid, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 1, grid=grid_mc1)
    response = print_all(client_as("staff_mc"), community=miaochuan.pk, q="居民")
    page = response.content.decode()
    # The status nobody chose is the register's default, and is said too.
    assert "筛选条件： 搜索：居民；社区：庙川社区；状态：在册" in page
    # The ordinary list prints its filter as well, on paper only.
    listed = client_as("staff_mc").get(RESIDENTS, {"grid": grid_mc1.pk}).content.decode()
    assert f"网格：{grid_mc1}；状态：在册" in listed


def test_a_date_range_is_said_as_days(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    url = reverse("casework:assistance_list")
    dates = {"applied_on_after": "2026-01-01", "applied_on_before": "2026-03-31"}
    page = print_all(client_as("staff_mc"), url, **dates).content.decode()
    assert "申请日期：2026-01-01 – 2026-03-31" in page


def test_past_the_cap_it_asks_to_narrow_the_filter_or_export(
    miaochuan: Community, client_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    register(miaochuan, 3)
    monkeypatch.setattr(printing, "PRINT_CAP", 2)
    response = print_all(client_as("staff_mc"), community=miaochuan.pk)
    page = response.content.decode()
    assert "列表共有 2+ 行，超过一次最多可打印的 2 行" in page  # counted no further than it needs
    assert 'id="print-table"' not in page and "居民000" not in page
    export = reverse("ledgers:resident_export")
    assert f'href="{export}?community={miaochuan.pk}&amp;format=xlsx"' in page
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()  # nothing printed


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        print_all(client, url)
    return len(context.captured_queries)


def test_the_queries_are_the_same_for_3_rows_and_for_40(
    miaochuan: Community, grid_mc1: Grid, client_as: Callable[[str], Client]
) -> None:
    from ledgers.models import Household

    household = Household.objects.create(
        community=miaochuan, grid=grid_mc1, number="MC-0100", address="庙川路100号"
    )
    staff = client_as("staff_mc")
    register(miaochuan, 3, grid=grid_mc1, household=household)
    few = queries(staff, RESIDENTS)
    register(miaochuan, 37, start=3, grid=grid_mc1, household=household)
    assert queries(staff, RESIDENTS) == few


def test_printing_every_row_is_logged_like_an_export(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    register(miaochuan, 4)
    print_all(client_as("staff_mc"), community=miaochuan.pk)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.username == "staff_mc"
    assert event.detail == {
        "rows": 4,
        "filters": {"community": str(miaochuan.pk)},
        "format": "print",
    }
    assert event.target == "实有人口"


def test_the_list_offers_to_print_all_with_its_filter(
    miaochuan: Community, client_as: Callable[[str], Client]
) -> None:
    page = client_as("staff_mc").get(RESIDENTS, {"community": str(miaochuan.pk), "page": "1"})
    assert f'href="?community={miaochuan.pk}&amp;print=all" id="print-all"' in page.content.decode()


@pytest.mark.parametrize(("name", "view_class"), LIST_VIEWS, ids=[n for n, _ in LIST_VIEWS])
def test_every_list_prints_all_its_rows(
    name: str,
    view_class: type[ObjectListView],
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
) -> None:
    permission = view_class().get_permission_required()
    persona = next(p for p in PERSONAS[1:] if accounts[p].has_perms(permission))
    response = print_all(client_as(persona), reverse(name))
    assert "generic/object_list_print.html" in [t.name for t in response.templates]
    assert 'id="back-to-list"' in response.content.decode()
