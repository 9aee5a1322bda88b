"""Visits and publicity through spreadsheets: import new and update, errors at their Excel row
and column, scope, export."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from campaigns.models import Publicity, Visit
from ledgers.models import Community, Grid, Household
from sheets.models import ImportStatus
from tests.campaigns.conftest import HUI, MakeHousehold
from tests.ledgers.test_imports import batch, confirm, file_bytes, upload, workbook

VISIT_HEADERS = ["社区", "户号", "走访日期", "走访目的", "走访人", "走访情况", "后续处理"]
PUBLICITY_HEADERS = ["社区", "标题", "类别", "发布平台", "发布日期", "链接"]


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


@pytest.fixture
def households(
    miaochuan: Community, beihuan: Community, grid_mc1: Grid, make_household: MakeHousehold
) -> dict[str, Household]:
    return {
        "mc": make_household(miaochuan, (HUI,), grid=grid_mc1),
        "bh": make_household(beihuan, (HUI,)),
    }


def test_visits_import_new_and_update(
    mc: Client, accounts: dict[str, User], households: dict[str, Household]
) -> None:
    household = households["mc"]
    existing = Visit.objects.create(
        household=household, visited_on=date(2026, 3, 2), purpose="policy", findings="旧"
    )
    rows = [
        ["庙川社区", household.number, "2026.3.2", "政策宣传", "马秀英", "讲解惠民政策", ""],
        [
            "",
            household.number,
            "2026年4月1日",
            "慰问",
            "李海燕、楼栋长马福",
            "老人身体尚好",
            "下月再访",
        ],
    ]
    upload(mc, "campaigns:visit_import", workbook(rows, headers=VISIT_HEADERS))
    assert batch().status == ImportStatus.READY, batch().errors
    assert batch().counts == {"new": 1, "update": 1, "unchanged": 0, "invalid": 0}
    confirm(mc)
    assert batch().status == ImportStatus.DONE, batch().message

    existing.refresh_from_db()
    assert existing.findings == "讲解惠民政策"
    assert list(existing.visitors.all()) == [accounts["staff_mc"]]
    new = Visit.objects.exclude(pk=existing.pk).get()
    assert (new.visited_on, new.purpose, new.follow_up) == (
        date(2026, 4, 1),
        "festival",
        "下月再访",
    )
    assert list(new.visitors.all()) == [accounts["grid_mc1"]]
    assert new.visitor_names == "楼栋长马福"  # not an account: kept as written
    assert (new.community.name, new.grid and new.grid.code) == ("庙川社区", "MC-01")
    assert new.visited_by == "李海燕、楼栋长马福"

    # The same file again changes nothing.
    upload(mc, "campaigns:visit_import", workbook(rows, headers=VISIT_HEADERS))
    assert batch().counts == {"new": 0, "update": 0, "unchanged": 2, "invalid": 0}


def test_a_bad_row_is_reported_at_its_excel_row_and_column(
    mc: Client, households: dict[str, Household]
) -> None:
    number = households["mc"].number
    rows = [
        ["庙川社区", number, "2026-03-02", "政策宣传", "", "", ""],
        ["庙川社区", "MC-9999", "2026-03-02", "政策宣传", "", "", ""],
        ["庙川社区", number, "2026-03-02", "串门", "", "", ""],
        ["庙川社区", number, "2099-01-01", "慰问", "", "", ""],
    ]
    upload(mc, "campaigns:visit_import", workbook(rows, headers=VISIT_HEADERS))
    assert batch().status == ImportStatus.INVALID
    # Two title rows, the header on row 3: the data starts on Excel row 4.
    errors = {(e["row"], e["column"]) for e in batch().errors}
    assert errors == {(5, "户号"), (6, "走访目的"), (7, "走访日期")}
    confirm(mc)
    assert not Visit.objects.exists()


def test_another_community_s_household_cannot_be_reached(
    mc: Client, households: dict[str, Household]
) -> None:
    number = households["bh"].number
    rows = [["北环路社区", number, "2026-03-02", "政策宣传", "", "", ""]]
    upload(mc, "campaigns:visit_import", workbook(rows, headers=VISIT_HEADERS))
    assert batch().status == ImportStatus.INVALID
    assert {e["column"] for e in batch().errors} == {"社区"}
    rows = [["庙川社区", number, "2026-03-02", "政策宣传", "", "", ""]]  # the number, in 庙川
    upload(mc, "campaigns:visit_import", workbook(rows, headers=VISIT_HEADERS))
    assert {e["column"] for e in batch().errors} == {"户号"}
    assert not Visit.objects.exists()


def test_the_visit_export_reads_back(
    mc: Client, accounts: dict[str, User], households: dict[str, Household]
) -> None:
    visit = Visit.objects.create(
        household=households["mc"], visited_on=date(2026, 3, 2), purpose="safety",
        findings="燃气软管老化", visitor_names="楼栋长马福",
    )  # fmt: skip
    visit.visitors.add(accounts["staff_mc"])
    Visit.objects.create(household=households["bh"], purpose="policy")
    response = mc.get(reverse("campaigns:visit_export"), {"format": "xlsx"})
    content = file_bytes(response)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in values if row and "户号" in row)
    data = [dict(zip(header, row, strict=False)) for row in values[values.index(header) + 1 :]]
    assert len(data) == 1  # 北环路's visit is not exported to 庙川's staff
    assert data[0]["走访人"] == "马秀英、楼栋长马福"
    assert data[0]["走访目的"] == "安全检查"
    # Brought back as it is, it changes nothing.
    upload(mc, "campaigns:visit_import", content, name="走访记录.xlsx")
    assert batch().counts == {"new": 0, "update": 0, "unchanged": 1, "invalid": 0}


def test_publicity_imports_new_and_update_and_office_wide_items(
    mc: Client, miaochuan: Community
) -> None:
    existing = Publicity.objects.create(
        community=miaochuan, title="民族团结宣讲", kind="news", published_on=date(2026, 3, 20)
    )
    rows = [
        ["庙川社区", "民族团结宣讲", "美篇", "美篇", "2026-03-20", "https://www.meipian.cn/x"],
        ["全办", "党工委民族团结进步月", "新闻", "县融媒体中心", "2026-09-01", ""],
        ["", "庙川社区宣传栏更新", "宣传栏", "", "2026-04-01", ""],
    ]
    upload(mc, "campaigns:publicity_import", workbook(rows, headers=PUBLICITY_HEADERS))
    assert batch().counts == {"new": 2, "update": 1, "unchanged": 0, "invalid": 0}, batch().errors
    confirm(mc)
    existing.refresh_from_db()
    assert (existing.kind, existing.link) == ("meipian", "https://www.meipian.cn/x")
    assert Publicity.objects.get(title="党工委民族团结进步月").community is None
    assert Publicity.objects.get(title="庙川社区宣传栏更新").community == miaochuan


def test_a_bad_publicity_row_is_reported(mc: Client) -> None:
    rows: list[list[Any]] = [
        ["庙川社区", "标题一", "海报", "", "2026-03-20", ""],
        ["庙川社区", "标题二", "新闻", "", "2026-03-20", "javascript:alert(1)"],
        ["北环路社区", "标题三", "新闻", "", "2026-03-20", ""],
    ]
    upload(mc, "campaigns:publicity_import", workbook(rows, headers=PUBLICITY_HEADERS))
    errors = {(e["row"], e["column"]) for e in batch().errors}
    assert errors == {(4, "类别"), (5, "链接"), (6, "社区")}
    confirm(mc)
    assert not Publicity.objects.exists()


def test_leaders_cannot_import(client_as: Callable[[str], Client]) -> None:
    leader = client_as("leader")
    assert leader.get(reverse("campaigns:visit_import")).status_code == 403
    assert leader.get(reverse("campaigns:publicity_template")).status_code == 403
    page = leader.get(reverse("campaigns:visit_list")).content.decode()
    assert reverse("campaigns:visit_import") not in page
    staff = client_as("staff_mc").get(reverse("campaigns:visit_list")).content.decode()
    assert reverse("campaigns:visit_import") in staff
