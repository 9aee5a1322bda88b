"""Evidence packs (迎检材料): the zip and its workbook, opened as an inspector would."""

import logging
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from campaigns.evidence import pack as evidence_pack
from campaigns.evidence.pack import safe_name
from campaigns.evidence.sheets import NAME_LIMIT
from campaigns.models import EvidencePack
from core.models import AuditEvent
from ledgers.models import Community
from tests.campaigns.evidence_records import OPENING, build, opened, records, values

__all__ = ["records"]  # the fixture


def test_the_pack_holds_the_workbook_the_files_in_dated_folders_and_an_index(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    pack = build(accounts["staff_mc"], miaochuan)
    assert pack.status == "done", pack.message
    archive, book = opened(pack)
    names = archive.namelist()
    assert f"{OPENING}/照片1.jpg" in names
    assert f"{OPENING}/签到表.pdf" in names
    assert "活动/2026-04-10 党工委理论中心组学习/照片1.jpg" in names  # the office's own
    assert archive.read(f"{OPENING}/照片1.jpg") == "照片:民族团结宣传月启动仪式".encode()
    assert not [name for name in names if "跨年联欢" in name or "北环路" in name]
    assert {"汇总.xlsx", "目录.txt"} <= set(names)
    assert pack.size == pack.file.size > 0

    index = archive.read("目录.txt").decode("utf-8-sig")
    for name in names:
        assert name in index
    assert "活动：3 次" in index and "走访：1 次" in index

    assert book.sheetnames == ["封面", "活动", "走访", "宣传报道", "反诈APP"]
    cover = values(book["封面"])
    assert ["活动", 3, "次"] in cover and ["活动照片", 2, "张"] in cover


def test_each_sheet_is_titled_bordered_printable_and_totalled(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    _archive, book = opened(build(accounts["staff_mc"], miaochuan))
    sheet = book["活动"]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:L1"]
    assert sheet["A1"].value == "庙川社区活动记录（2026-01-01至2026-12-31）"
    rows = values(sheet)
    assert rows[1] == [
        "日期",
        "单位",
        "类型",
        "标题",
        "主题",
        "地点",
        "组织者",
        "参加人数",
        "其中少数民族",
        "照片数",
        "附件数",
        "宣传报道",
    ]
    titles = [row[3] for row in rows[2:-1]]
    assert titles == ["民族团结宣传月启动仪式", "党工委理论中心组学习", "年终座谈会"]
    assert rows[2][11] == "庙川社区启动民族团结宣传月"
    assert rows[3][1] == "全办"
    totals = rows[-1]
    assert totals[0] == "合计" and totals[3] == "共3次"
    assert totals[7:11] == [165, 95, 2, 2]
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.freeze_panes == "A3"
    assert sheet["D3"].border.left.style == "thin"
    assert sheet.column_dimensions["D"].width >= 22  # 民族团结宣传月启动仪式: 11 characters

    visits = values(book["走访"])
    assert visits[1] == ["日期", "户号", "地址", "走访人", "目的", "发现问题", "后续处理"]
    assert [row[5] for row in visits[2:-1]] == ["家中老人行动不便"]
    assert visits[-1][:3] == ["合计", "共1次", "涉及1户"]

    publicity = values(book["宣传报道"])
    assert publicity[1] == ["日期", "单位", "类型", "标题", "发布平台", "链接", "所报道活动"]
    assert publicity[2][6] == "2026-03-05 民族团结宣传月启动仪式"
    assert publicity[-1][3] == "共1篇"

    anti_fraud = values(book["反诈APP"])
    assert anti_fraud[1] == ["户号", "地址", "状态", "日期", "安装人", "未安装原因"]
    assert sorted(row[2] for row in anti_fraud[2:-1]) == ["已安装", "未登记"]
    assert anti_fraud[-1] == ["合计", "共2户", "已安装1户", None, None, "覆盖率 50.0%"]
    assert book["反诈APP"].print_title_rows == "$1:$2"


def test_the_period_s_first_and_last_days_count_the_days_around_do_not(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    _archive, book = opened(build(accounts["staff_mc"], miaochuan))
    dates = [row[0] for row in values(book["活动"])[2:-1]]
    assert max(dates).date() == date(2026, 12, 31)
    assert min(dates).date() == date(2026, 3, 5)  # not the 2025-12-31 one
    visited = [row[0].date() for row in values(book["走访"])[2:-1]]
    assert visited == [date(2026, 1, 1)]  # not 2027-01-01


def test_another_community_s_pack_lacks_miaochuan_records(
    accounts: dict[str, User], beihuan: Community, records: dict[str, Any]
) -> None:
    archive, book = opened(build(accounts["staff_bh"], beihuan))
    text = "".join(archive.namelist()) + str([values(book[name]) for name in book.sheetnames])
    assert "北环路文艺演出" in text and "党工委理论中心组学习" in text
    for miaochuan_record in [
        "民族团结宣传月启动仪式",
        "年终座谈会",
        "家中老人行动不便",
        "庙川社区启动",
    ]:
        assert miaochuan_record not in text


def test_a_community_outside_the_user_s_scope_fails_with_a_reason(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    pack = build(accounts["staff_bh"], miaochuan)
    assert pack.status == "failed" and not pack.file
    assert "不在您负责的范围" in pack.message or "not one of yours" in pack.message


def test_only_users_who_see_every_community_pack_the_whole_office(
    accounts: dict[str, User], records: dict[str, Any]
) -> None:
    pack = build(accounts["staff_mc"], None)
    assert pack.status == "failed" and not pack.file
    assert "全办" in pack.message or "whole office" in pack.message


def test_the_whole_office_s_pack_names_each_row_s_community(
    accounts: dict[str, User], records: dict[str, Any]
) -> None:
    _archive, book = opened(build(accounts["leader"], None, ["activities", "visits"]))
    assert book.sheetnames == ["封面", "活动", "走访"]
    assert book["活动"]["A1"].value.startswith("全办活动记录")
    units = {row[1] for row in values(book["活动"])[2:-1]}
    assert units == {"庙川社区", "北环路社区", "全办"}
    assert values(book["走访"])[1][1] == "社区"


def test_only_the_chosen_kinds_and_without_the_office_s_records(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    pack = build(
        accounts["staff_mc"],
        miaochuan,
        ["activities"],
        activity_kinds=["unity_month", "study"],
        include_office_wide=False,
    )
    archive, book = opened(pack)
    titles = [row[2] for row in values(book["活动"])[2:-1]]  # no 单位 column
    assert titles == ["民族团结宣传月启动仪式"]
    assert not [name for name in archive.namelist() if "党工委" in name]


def test_a_file_lost_by_the_storage_is_listed_not_fatal(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    photo = records["opening"].photos.get()
    photo.image.storage.delete(photo.image.name)
    pack = build(accounts["staff_mc"], miaochuan, ["activities"])
    assert pack.status == "done" and pack.counts["missing"] == 1
    archive, _book = opened(pack)
    assert f"{OPENING}/照片1.jpg" not in archive.namelist()
    assert "缺失的文件" in archive.read("目录.txt").decode("utf-8-sig")


def test_building_is_logged_as_an_export_of_its_requester(
    accounts: dict[str, User], miaochuan: Community, records: dict[str, Any]
) -> None:
    pack = build(accounts["staff_mc"], miaochuan)
    event = AuditEvent.objects.get(action="export", detail__pack=pack.pk, detail__step="build")
    assert event.user == accounts["staff_mc"] and event.detail["counts"]["activities"] == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c:d*e?.pdf", "a_b_c_d_e_.pdf"),
        ("  .hidden.  ", "hidden"),
        ("", "未命名"),
        ("CON.txt", "_CON.txt"),
        ("2026-03-05 民族团结 宣传月", "2026-03-05 民族团结 宣传月"),
        ("换\n行\t名.docx", "换_行_名.docx"),
    ],
)
def test_safe_name_makes_one_harmless_path_component(text: str, expected: str) -> None:
    assert safe_name(text) == expected


def test_safe_name_limits_the_length_keeps_the_extension_and_makes_names_unique() -> None:
    used: set[str] = set()
    long = safe_name("很" * 100 + ".pdf", used)
    assert len(long) == NAME_LIMIT and long.endswith("很.pdf")
    assert safe_name("签到表.pdf", used) == "签到表.pdf"
    assert safe_name("签到表.PDF", used) == "签到表(2).PDF"
    assert safe_name("签到表.pdf", used) == "签到表(3).pdf"


def test_the_task_marks_the_pack_failed_on_an_unexpected_error(
    accounts: dict[str, User],
    miaochuan: Community,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(pack: EvidencePack) -> None:
        pack.status = "building"
        pack.save()
        raise RuntimeError("disk full")

    monkeypatch.setattr(evidence_pack, "build_pack", broken)
    with caplog.at_level(logging.ERROR):
        pack = build(accounts["staff_mc"], miaochuan)
    assert pack.status == "failed" and pack.message and not pack.file
    assert "disk full" in caplog.text  # the details are in the log, not on the page
