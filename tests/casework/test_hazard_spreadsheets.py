"""The hazard ledger through spreadsheets: import (new and update), its errors, scope, export."""

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from casework.hazards import workflow
from casework.models import Hazard, HazardAction, HazardState
from core.models import AuditAction, AuditEvent
from ledgers.models import Community
from sheets.models import ImportStatus
from tests.ledgers.test_imports import batch, confirm, file_bytes, upload, workbook

HEADERS = [
    "隐患编号",
    "排查日期",
    "排查人",
    "场所",
    "部位",
    "描述",
    "类别",
    "等级",
    "整改方式",
    "整改措施",
    "整改资金",
    "责任单位",
    "责任人",
    "责任人电话",
    "整改时限",
    "状态",  # exported, never read back
]
EXPORT_HEADERS = [
    "隐患编号",
    "社区",
    "排查日期",
    "排查人",
    "场所",
    "部位",
    "描述",
    "类别",
    "等级",
    "整改方式",
    "整改措施",
    "整改资金",
    "责任单位",
    "责任人",
    "责任人电话",
    "整改时限",
    "整改时限为预计",  # 是 when its year's holidays are not announced (issue 18)
    "临时管控措施",
    "状态",
    "进展",
    "完成日期",
    "复查/验收人",
    "验收日期",
    "结论",
    "销号日期",
    "上报日期",
    "上报单位",
    "备注",
]


def row(
    number: str = "", place: str = "庙川清真寺", level: str = "一般隐患", **changes: Any
) -> list:
    values = {
        "隐患编号": number,
        "排查日期": "2026.11.2",
        "排查人": "马秀英",
        "场所": place,
        "部位": "大殿电路",
        "描述": "电线老化",
        "类别": "用电",
        "等级": level,
        "整改方式": "限期",
        "整改措施": "更换电线",
        "整改资金": "3,000元",
        "责任单位": "清真寺管委会",
        "责任人": "马福",
        "责任人电话": "13900001111",
        "整改时限": "2026年12月20日",
        "状态": "已销号",
        **changes,
    }
    return [values[h] for h in HEADERS]


def hazard_in(community: Community, user: User, **fields: Any) -> Hazard:
    hazard = Hazard(
        community=community,
        location="厨房",
        description="燃气软管老化",
        category="gas",
        found_on=date(2026, 10, 8),
        **fields,
    )
    workflow.register(hazard, user)
    return hazard


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


def test_a_row_without_number_registers_and_a_numbered_row_updates(
    mc: Client, accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    existing = hazard_in(mc_people["place"].community, accounts["staff_mc"])
    upload(
        mc,
        "casework:hazard_import",
        workbook(
            [
                row(existing.number, level="重大", 整改措施="更换软管并加装报警器"),
                row(),
            ],
            headers=HEADERS,
        ),
    )
    assert batch().status == ImportStatus.READY, batch().errors
    assert batch().counts == {"new": 1, "update": 1, "unchanged": 0, "invalid": 0}
    confirm(mc)
    assert batch().status == ImportStatus.DONE, batch().message

    existing.refresh_from_db()
    assert existing.measures == "更换软管并加装报警器"
    assert existing.level == "major"
    assert existing.location == "大殿电路" and existing.place == mc_people["place"]
    assert existing.state == HazardState.REGISTERED  # "已销号" in the file changes no state
    assert existing.closed_on is None

    new = Hazard.objects.exclude(pk=existing.pk).get()
    assert new.number == f"YH-MC-2026-{int(existing.number[-4:]) + 1:04d}"
    assert new.state == HazardState.REGISTERED
    assert new.place == mc_people["place"]
    assert (new.category, new.level, new.mode) == ("electric", "ordinary", "deadline")
    assert new.funding == Decimal("3000")
    assert new.found_on == date(2026, 11, 2) and new.deadline == date(2026, 12, 20)
    action = new.actions.get()
    assert action.kind == HazardAction.Kind.REGISTER and action.actor == accounts["staff_mc"]

    # Undo: the registered hazard goes (with its action), the updated one is restored.
    mc.post(reverse("sheets:import_undo", args=[batch().pk]))
    assert list(Hazard.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.measures == "" and existing.level == "ordinary"


def test_an_unknown_place_and_a_bad_level_are_reported_by_row_and_column(
    mc: Client, mc_people: dict[str, Any]
) -> None:
    upload(
        mc,
        "casework:hazard_import",
        workbook([row(place="北关清真寺"), row(level="特大隐患"), row()], headers=HEADERS),
    )
    assert batch().status == ImportStatus.INVALID
    # Two title rows, the header on row 3: the data starts on Excel row 4.
    errors = {(e["row"], e["column"]) for e in batch().errors}
    assert errors == {(4, "场所"), (5, "等级")}
    page = mc.get(reverse("sheets:import_batch", args=[batch().pk])).content.decode()
    assert "北关清真寺" in page and "特大隐患" in page
    response = confirm(mc)
    assert response.status_code == 200
    assert not Hazard.objects.exists()


def test_another_communitys_hazard_number_is_refused_and_left_alone(
    mc: Client, accounts: dict[str, User], mc_people: dict[str, Any], beihuan: Community
) -> None:
    theirs = hazard_in(beihuan, accounts["staff_bh"])
    upload(
        mc,
        "casework:hazard_import",
        workbook([row(theirs.number, 描述="改掉别人的隐患")], headers=HEADERS),
    )
    assert batch().status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in batch().errors] == [(4, "隐患编号")]
    headers = ["社区", *HEADERS]
    upload(
        mc,
        "casework:hazard_import",
        workbook([["北环路社区", *row(theirs.number, 描述="改掉别人的隐患")]], headers=headers),
    )
    assert [(e["row"], e["column"]) for e in batch().errors] == [(4, "社区")]
    theirs.refresh_from_db()
    assert theirs.description == "燃气软管老化"
    assert Hazard.objects.count() == 1


def test_an_assigned_hazards_deadline_moves_only_by_extension(
    mc: Client, accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    hazard = hazard_in(
        mc_people["place"].community,
        accounts["staff_mc"],
        responsible_unit="管委会",
        responsible_person="马福",
        responsible_phone="139",
        measures="更换",
        funding=0,
        deadline=date(2026, 12, 1),
        reviewer=accounts["leader"],
    )
    workflow.assign(hazard, accounts["staff_mc"])
    upload(mc, "casework:hazard_import", workbook([row(hazard.number)], headers=HEADERS))
    assert [e["column"] for e in batch().errors] == ["整改时限"]


def test_export_writes_the_county_columns(
    client_as: Callable[[str], Client], accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    staff, leader = accounts["staff_mc"], accounts["leader"]
    closed = hazard_in(
        mc_people["place"].community,
        staff,
        place=mc_people["place"],
        level="major",
        responsible_unit="管委会",
        responsible_person="马福",
        responsible_phone="13900001111",
        measures="更换软管",
        funding=Decimal("1200.50"),
        deadline=date(2026, 12, 1),
        reviewer=leader,
    )
    workflow.assign(closed, staff)
    workflow.report_progress(closed, staff, "已购买软管")
    workflow.report_progress(closed, staff, "已更换软管")
    workflow.submit_for_review(closed, staff, completed_on=date(2026, 11, 20))
    workflow.pass_review(closed, leader, "现场复查合格")
    workflow.report_upward(closed, staff, "党工委", on=date(2026, 11, 21))
    hazard_in(mc_people["place"].community, staff)  # open: not in the filtered export
    hazard_in(Community.objects.get(name="北环路社区"), accounts["staff_bh"])  # out of scope

    response = client_as("staff_mc").get(reverse("casework:hazard_export"), {"state": "closed"})
    sheet = openpyxl.load_workbook(io.BytesIO(file_bytes(response))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "隐患编号")
    assert rows[header_at] == EXPORT_HEADERS
    data = rows[header_at + 1 :]
    assert len(data) == 1
    cells = dict(zip(EXPORT_HEADERS, data[0], strict=True))
    assert cells["隐患编号"] == closed.number
    assert cells["社区"] == "庙川社区"
    assert cells["场所"] == "庙川清真寺" and cells["部位"] == "厨房"
    assert (cells["类别"], cells["等级"], cells["整改方式"]) == ("燃气", "重大隐患", "限期整改")
    assert cells["整改资金"] == 1200.5
    assert cells["责任人电话"] == "13900001111"
    assert cells["整改时限"].date() == date(2026, 12, 1)
    assert cells["状态"] == "已销号"
    assert cells["进展"] == "已更换软管"  # the latest progress note
    assert cells["完成日期"].date() == date(2026, 11, 20)
    assert cells["复查/验收人"] == "张国强"
    assert cells["验收日期"].date() == cells["销号日期"].date()
    assert cells["结论"] == "通过"
    assert cells["上报单位"] == "党工委"
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("pk")
    assert event.username == "staff_mc" and event.detail["rows"] == 1


def test_template_has_only_the_columns_an_import_reads(mc: Client) -> None:
    response = mc.get(reverse("casework:hazard_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["隐患编号", "社区", "排查日期"]
    assert "等级" in headers and "整改时限" in headers and "备注" in headers
    assert not {"状态", "进展", "销号日期", "结论"} & set(headers)
    assert sheet.data_validations.dataValidation  # drop-downs for 类别, 等级, 整改方式


def test_the_list_links_to_the_spreadsheets_and_leaders_cannot_import(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff_page = client_as("staff_mc").get(reverse("casework:hazard_list")).content.decode()
    assert reverse("casework:hazard_import") in staff_page
    assert reverse("casework:hazard_export") in staff_page
    leader = client_as("leader")
    leader_page = leader.get(reverse("casework:hazard_list")).content.decode()
    assert reverse("casework:hazard_export") in leader_page
    assert reverse("casework:hazard_import") not in leader_page
    assert leader.get(reverse("casework:hazard_import")).status_code == 403
    response = upload(leader, "casework:hazard_import", workbook([row()], headers=HEADERS))
    assert response.status_code == 403
    assert not Hazard.objects.exists()
