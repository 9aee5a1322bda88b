"""The activity ledger through spreadsheets: new rows and updates, errors at their Excel row and
column, office-wide rows, scope."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Activity
from ledgers.models import Community
from sheets.models import ImportStatus
from tests.ledgers.test_imports import batch, confirm, file_bytes, upload, workbook

HEADERS = [
    "日期",
    "活动类型",
    "标题",
    "主题",
    "社区",
    "地点",
    "组织者",
    "参加人数",
    "少数民族参加人数",
    "内容摘要",
]


def row(**changes: Any) -> list[Any]:
    values = {
        "日期": "2026.5.12",
        "活动类型": "政策宣讲",
        "标题": "民族宗教政策宣讲",
        "主题": "铸牢中华民族共同体意识",
        "社区": "庙川社区",
        "地点": "庙川清真寺",
        "组织者": "庙川社区居委会",
        "参加人数": 40,
        "少数民族参加人数": "12",
        "内容摘要": "宣讲政策",
        **changes,
    }
    return [values[h] for h in HEADERS]


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


def test_new_rows_are_added_and_a_known_row_is_updated(
    mc: Client, miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    existing = Activity.objects.create(
        community=miaochuan,
        kind="policy_lecture",
        title="民族宗教政策宣讲",
        held_on=date(2026, 5, 12),
        place_text="活动室",
        participants=10,
    )
    rows = [
        row(参加人数=45),  # the same community, date and title: an update
        row(日期="2026年6月1日", 活动类型="座谈会", 标题="民族团结座谈", 地点="社区活动室"),
        row(社区="全办", 活动类型="理论学习", 标题="党工委中心组学习", 地点="党工委会议室"),
    ]
    upload(mc, "campaigns:activity_import", workbook(rows, headers=HEADERS))
    assert batch().status == ImportStatus.READY, batch().errors
    assert batch().counts == {"new": 2, "update": 1, "unchanged": 0, "invalid": 0}

    confirm(mc)

    assert batch().status == ImportStatus.DONE, batch().message
    existing.refresh_from_db()
    assert existing.participants == 45
    assert existing.place == mc_people["place"] and existing.place_text == ""
    forum = Activity.objects.get(title="民族团结座谈")
    assert (forum.kind, forum.held_on, forum.place_text) == (
        "forum",
        date(2026, 6, 1),
        "社区活动室",
    )
    office = Activity.objects.get(title="党工委中心组学习")
    assert office.community is None and office.kind == "study"


def test_a_bad_kind_is_reported_at_its_excel_row_and_column(
    mc: Client, miaochuan: Community
) -> None:
    rows = [row(地点="活动室"), row(标题="另一场", 活动类型="跳舞", 地点="活动室")]

    upload(mc, "campaigns:activity_import", workbook(rows, headers=HEADERS))

    assert batch().status == ImportStatus.INVALID
    # A title row and a unit row sit above the header (row 3): the rows are 4 and 5.
    assert [(e["row"], e["column"]) for e in batch().errors] == [(5, "活动类型")]
    assert not Activity.objects.exists()


def test_rules_of_the_activity_are_checked(mc: Client, miaochuan: Community) -> None:
    rows = [
        row(地点="活动室", 参加人数=5, 少数民族参加人数=9),
        row(标题="无地点", 地点=""),
        row(标题="明年的", 日期="2099-01-01", 地点="活动室"),
    ]

    upload(mc, "campaigns:activity_import", workbook(rows, headers=HEADERS))

    errors = {(e["row"], e["column"]) for e in batch().errors}
    assert errors == {(4, "少数民族参加人数"), (5, "地点"), (6, "日期")}


def test_a_row_cannot_reach_another_community(
    mc: Client, miaochuan: Community, beihuan: Community
) -> None:
    theirs = Activity.objects.create(
        community=beihuan,
        kind="policy_lecture",
        title="民族宗教政策宣讲",
        held_on=date(2026, 5, 12),
        place_text="北环路活动室",
        participants=10,
    )
    upload(mc, "campaigns:activity_import", workbook([row(社区="北环路社区")], headers=HEADERS))

    assert batch().status == ImportStatus.INVALID
    assert [e["column"] for e in batch().errors] == ["社区"]
    theirs.refresh_from_db()
    assert theirs.participants == 10


def test_the_template_and_the_export_carry_the_columns(
    mc: Client, miaochuan: Community, beihuan: Community
) -> None:
    template = mc.get(reverse("campaigns:activity_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS

    Activity.objects.create(
        community=None,
        kind="study",
        title="全办学习",
        held_on=date(2026, 5, 1),
        place_text="会议室",
    )
    Activity.objects.create(
        community=beihuan,
        kind="study",
        title="北环路学习",
        held_on=date(2026, 5, 1),
        place_text="室",
    )
    response = mc.get(reverse("campaigns:activity_export"), {"format": "csv"})
    content = file_bytes(response).decode("utf-8-sig")
    assert content.splitlines()[0].split(",") == HEADERS
    assert "全办学习" in content and "理论中心组学习" in content
    assert "北环路学习" not in content


def test_leaders_may_export_but_not_import(client_as: Callable[[str], Client]) -> None:
    leader = client_as("leader")
    assert leader.get(reverse("campaigns:activity_import")).status_code == 403
    assert leader.get(reverse("campaigns:activity_export")).status_code == 200
    page = leader.get(reverse("campaigns:activity_list")).content.decode()
    assert 'id="import-link"' not in page
