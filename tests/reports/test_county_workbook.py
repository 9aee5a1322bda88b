"""The county workbook: its sheets, headers, print set-up, totals, masking, scope and jobs."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from campaigns.models import Activity
from core.models import AuditEvent
from ledgers.identifiers import mask_id
from ledgers.models import Community, Resident
from reports.county.workbook import build_county_workbook
from reports.models import CountyWorkbook, Period
from tests.helpers import assert_fixed_queries_of
from tests.reports.year_of_work import DEC31, YEAR

pytestmark = pytest.mark.django_db

SHEETS = [
    "汇总",
    "少数民族人口",
    "少数民族流动人口",
    "新的社会阶层人士",
    "归侨侨眷",
    "赴外留学生",
    "个体工商户",
    "宗教活动场所",
    "隐患排查整改台账",
    "活动台账",
    "走访台账",
    "帮扶救助台账",
    "参保台账",
]


def build(user: User, communities: list[Community], period: Period | None = None) -> Any:
    buffer = io.BytesIO()
    build_county_workbook(buffer, user, period or Period("year", YEAR), communities)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def downloaded(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def headers(sheet: Any, row: int) -> list[Any]:
    return [cell.value for cell in sheet[row]]


def total_row(sheet: Any) -> int:
    """The 合计 row's number (the signatures come under it)."""
    return max(cell.row for cell in sheet["A"] if cell.value == "合计")


def rows_of(sheet: Any, first: int) -> list[tuple[Any, ...]]:
    """The data rows (not the totals row) from `first`."""
    return list(sheet.iter_rows(min_row=first, max_row=total_row(sheet) - 1, values_only=True))


@pytest.fixture
def all_communities(accounts: dict[str, User]) -> list[Community]:
    return list(Community.objects.order_by("code"))


@pytest.fixture
def leader_book(
    year_of_work: dict[str, Any], accounts: dict[str, User], all_communities: Any
) -> Any:
    return build(accounts["leader"], all_communities)


def test_the_sheets_come_in_the_county_order(leader_book: Any) -> None:
    assert leader_book.sheetnames == SHEETS


def test_each_sheet_has_a_merged_title_the_unit_and_the_date(leader_book: Any) -> None:
    sheet = leader_book["活动台账"]
    last = sheet.max_column
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A1:{openpyxl.utils.get_column_letter(last)}1" in merged
    assert sheet["A1"].value == f"城市社区党工委活动台账（{YEAR}年）"
    assert sheet["A2"].value.startswith("填报单位：城市社区党工委")
    assert "填报日期：" in [c.value for c in sheet[2] if c.value][-1]
    people = leader_book["少数民族人口"]["A1"].value
    assert people.startswith("城市社区党工委少数民族人口台账（") and "在册" in people


def test_grouped_columns_have_two_header_rows_merged_as_the_county_draws_them(
    leader_book: Any,
) -> None:
    sheet = leader_book["隐患排查整改台账"]
    top, bottom = headers(sheet, 3), headers(sheet, 4)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    group = top.index("整改情况")
    assert bottom[group : group + 6] == [
        "整改措施",
        "整改资金",
        "责任单位",
        "责任人",
        "整改时限",
        "完成日期",
    ]
    letters = openpyxl.utils.get_column_letter
    assert f"{letters(group + 1)}3:{letters(group + 6)}3" in merged
    review = top.index("复查验收")
    assert bottom[review : review + 4] == ["复查人", "验收日期", "结论", "销号日期"]
    assert "A3:A4" in merged and top[0] == "序号"  # an ungrouped header spans both rows
    activities = leader_book["活动台账"]
    group = headers(activities, 3).index("参加人数")
    assert headers(activities, 4)[group : group + 2] == ["合计", "其中少数民族"]


def test_headers_are_frozen_and_repeated_on_every_printed_page(leader_book: Any) -> None:
    hazards, overseas = leader_book["隐患排查整改台账"], leader_book["归侨侨眷"]
    assert hazards.freeze_panes == "C5"
    assert hazards.print_title_rows == "$3:$4"
    assert overseas.freeze_panes == "C4"  # one header row
    assert overseas.print_title_rows == "$3:$3"
    # How each sheet prints: tests/reports/test_county_printing.py.


def test_columns_are_wide_enough_for_chinese_text(leader_book: Any) -> None:
    sheet = leader_book["隐患排查整改台账"]
    names = [low or top for top, low in zip(headers(sheet, 3), headers(sheet, 4), strict=True)]
    letters = openpyxl.utils.get_column_letter
    widths = {name: sheet.column_dimensions[letters(i + 1)].width for i, name in enumerate(names)}
    assert widths["临时管控措施"] >= 12  # six characters, each two wide


def test_periods_select_the_records_of_each_ledger(leader_book: Any) -> None:
    hazards = [row[1] for row in rows_of(leader_book["隐患排查整改台账"], 5)]
    # Found in the year, or before it and still open at its start; not after, not closed before.
    assert sorted(hazards) == ["YH-0", "YH-1", "YH-2", "YH-B"]
    activities = rows_of(leader_book["活动台账"], 5)
    assert len(activities) == 5  # next year's mobilisation meeting is out
    assert "全办" in [row[3] for row in activities]  # the office-wide performance
    insurance = rows_of(leader_book["参保台账"], 4)
    assert len(insurance) == 6 and {row[5] for row in insurance} == {YEAR}


def test_totals_count_rows_and_add_up_participants_and_money(leader_book: Any) -> None:
    activities = leader_book["活动台账"]
    total = headers(activities, total_row(activities))
    participants = headers(activities, 4).index("合计")
    assert total[0] == "合计" and total[1] == "共5次"
    assert total[participants : participants + 2] == [208, 73]
    hazards = leader_book["隐患排查整改台账"]
    funding = headers(hazards, 4).index("整改资金")
    assert headers(hazards, total_row(hazards))[funding] == 4500.5
    minority = leader_book["少数民族人口"]
    assert headers(minority, total_row(minority))[1] == "共5人"


def test_the_summary_has_a_row_per_community_and_the_office_and_a_total(leader_book: Any) -> None:
    sheet = leader_book["汇总"]
    top, bottom = headers(sheet, 3), headers(sheet, 4)
    names = [row[1] for row in rows_of(sheet, 5)]
    assert names[-1] == "全办" and "庙川社区" in names and "北环路社区" in names
    total = headers(sheet, total_row(sheet))
    hazards = top.index("隐患（处）")
    assert total[hazards : hazards + 2] == [3, 1]
    minority = bottom.index("少数民族")
    assert total[minority] == 5 and total[minority + 1] == 71.4
    assert total[top.index("宣传报道（篇）")] == 3


def test_id_numbers_are_masked_without_the_right_to_see_them(
    year_of_work: dict[str, Any], accounts: dict[str, User], all_communities: Any
) -> None:
    number = year_of_work["head"].id_number
    county = build(accounts["county"], all_communities)["少数民族人口"]
    column = headers(county, 3).index("公民身份号码")
    ids = [row[column] for row in rows_of(county, 4)]
    assert mask_id(number) in ids and number not in ids
    staff = build(accounts["staff_mc"], all_communities)["少数民族人口"]
    assert number in [row[column] for row in rows_of(staff, 4)]


def test_religion_and_assistance_details_only_for_those_allowed(
    year_of_work: dict[str, Any], accounts: dict[str, User], all_communities: Any
) -> None:
    county = build(accounts["county"], all_communities)
    assistance = headers(county["帮扶救助台账"], 4)
    for sensitive in ("事由", "家庭月收入（元）", "批准金额/月标准（元）", "金额"):
        assert sensitive not in assistance + headers(county["帮扶救助台账"], 3)
    assert "宗教信仰" not in headers(county["少数民族人口"], 3)
    leader = build(accounts["leader"], all_communities)["帮扶救助台账"]
    assert "批准金额/月标准（元）" in headers(leader, 4)
    amount = headers(leader, 4).index("批准金额/月标准（元）")
    assert headers(leader, total_row(leader))[amount] == 2500.0  # 5 cases of 500 in the year
    staff = build(accounts["staff_mc"], all_communities)
    assert "宗教信仰" in headers(staff["少数民族人口"], 3)


def test_staff_get_only_their_communities_whatever_they_ask(
    year_of_work: dict[str, Any], accounts: dict[str, User], all_communities: Any
) -> None:
    book = build(accounts["staff_mc"], all_communities)
    assert "北环路社区" not in {row[1] for row in rows_of(book["汇总"], 5)}
    assert "YH-B" not in [row[1] for row in rows_of(book["隐患排查整改台账"], 5)]
    assert next(cell.value for cell in book["汇总"][2] if cell.value) == "填报单位：庙川社区"


def test_a_workbook_takes_a_fixed_number_of_queries(
    year_of_work: dict[str, Any], accounts: dict[str, User], all_communities: Any
) -> None:
    mc = year_of_work["household"].community

    def add_rows(n: int) -> None:
        Resident.objects.bulk_create(
            Resident(community=mc, name="批量", gender="2", ethnicity="03",
                     birth_date=date(1990, 1, 1))
            for _ in range(n)
        )  # fmt: skip
        Activity.objects.bulk_create(
            Activity(community=mc, kind="service", title="办实事", held_on=DEC31, place_text="x")
            for _ in range(n)
        )

    leader = accounts["leader"]
    assert_fixed_queries_of(lambda: build(leader, all_communities), add_rows)


# ---- the pages ----------------------------------------------------------------------------


def test_a_year_is_built_as_a_job_whose_page_offers_the_download(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], beihuan: Community
) -> None:
    client = client_as("staff_mc")
    choices = client.get("/reports/county-workbook/").context["form"]["communities"]
    assert [c.choice_label for c in choices] == ["庙川社区"]  # theirs only, all ticked
    assert b"checked" in client.get("/reports/county-workbook/").content
    refused = client.post("/reports/county-workbook/", {"year": YEAR, "communities": [beihuan.pk]})
    assert "communities" in refused.context["form"].errors
    data = {"year": YEAR, "period": "year-1", "communities": [c.data["value"] for c in choices]}
    response = client.post("/reports/county-workbook/", data)
    job = CountyWorkbook.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert b"download-workbook" in page.content
    download = client.get(f"/reports/county-workbook/{job.pk}/download/")
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(downloaded(download)))
    assert book.sheetnames == SHEETS
    event = AuditEvent.objects.get(action="export")
    assert event.detail["communities"] == ["庙川社区"]
    assert event.detail["start"] == f"{YEAR}-01-01" and event.detail["end"] == f"{YEAR}-12-31"


def test_a_month_of_one_community_downloads_at_once(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = {"year": YEAR, "period": "month-12", "communities": [miaochuan.pk]}
    response = client_as("leader").post("/reports/county-workbook/", data, follow=True)
    assert response["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(downloaded(response)))
    assert book["活动台账"]["A1"].value == f"庙川社区活动台账（{YEAR}年12月）"


def test_another_users_job_is_not_found(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    data = {"year": YEAR, "period": "quarter-4", "communities": [miaochuan.pk]}
    client_as("leader").post("/reports/county-workbook/", data)
    job = CountyWorkbook.objects.get()
    for persona in ("staff_mc", "county"):
        assert client_as(persona).get(job.get_absolute_url()).status_code == 404
        assert (
            client_as(persona).get(f"/reports/county-workbook/{job.pk}/download/").status_code
            == 404
        )


def test_the_form_refuses_no_community_and_a_bad_year(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    response = client_as("staff_mc").post(
        "/reports/county-workbook/", {"year": "1899", "period": "nonsense"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"year", "period", "communities"} <= errors.keys()
    assert not CountyWorkbook.objects.exists()


def test_the_job_page_survives_a_reload_and_polls_while_running(
    year_of_work: dict[str, Any], accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    job = CountyWorkbook.objects.create(
        requested_by=accounts["staff_mc"],
        period_kind="year",
        year=YEAR,
        progress=40,
        stage="走访台账",
    )
    client = client_as("staff_mc")
    for _reload in range(2):
        page = client.get(job.get_absolute_url()).content.decode()
        assert 'hx-trigger="every 1s"' in page and "走访台账" in page
    partial = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b'value="40"' in partial.content
    assert client.get(f"/reports/county-workbook/{job.pk}/download/").status_code == 404
