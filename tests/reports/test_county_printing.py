"""How the county workbook and the yearly statistics print: paper, scale (no text below 9 pt),
print titles, header and footer, the signature block, a ledger past Excel's row limit, page
numbers in the yearly .docx; and, where LibreOffice is installed, the printed PDF itself."""

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from ledgers.models import Community
from reports.county import writer
from reports.county.workbook import build_county_workbook
from reports.county.writer import Col, CountyBook
from reports.models import CountyWorkbook, Period
from sheets.paper import A4, layout
from tests.reports.year_of_work import YEAR

pytestmark = pytest.mark.django_db

PAPER_CODES = {"A4": 9, "A3": 8}
LANDSCAPE_MM = {"A4": 297, "A3": 420}
PORTRAIT_MM = {"A4": 210, "A3": 297}
# A character of column width as LibreOffice prints it (the widest of the programs a clerk may
# print with; Excel with 宋体 prints 5.25 pt): what sheets.paper plans for.
CHARACTER_PT = 6.35
SIGNATURES = ["填报单位（盖章）：", "填报人：", "审核人：", "填报日期："]


def build(user: User, paper: str = "A4") -> tuple[bytes, dict[str, int]]:
    buffer = io.BytesIO()
    communities = list(Community.objects.order_by("code"))
    written = build_county_workbook(buffer, user, Period("year", YEAR), communities, paper=paper)
    return buffer.getvalue(), written


def load(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def printable_points(sheet: Any, paper: str) -> float:
    landscape = sheet.page_setup.orientation == "landscape"
    across = (LANDSCAPE_MM if landscape else PORTRAIT_MM)[paper] / 25.4 * 72
    margins = sheet.page_margins
    return across - (margins.left + margins.right) * 72


def sheet_points(sheet: Any) -> float:
    letters = openpyxl.utils.get_column_letter
    widths = [sheet.column_dimensions[letters(i)].width for i in range(1, sheet.max_column + 1)]
    return sum(widths) * CHARACTER_PT


def total_row(sheet: Any) -> int:
    return max(cell.row for cell in sheet["A"] if cell.value == "合计")


def texts_under(sheet: Any, row: int) -> list[str]:
    return [
        str(cell.value)
        for cells in sheet.iter_rows(min_row=row + 1)
        for cell in cells
        if cell.value is not None
    ]


@pytest.fixture
def leader(year_of_work: dict[str, Any], accounts: dict[str, User]) -> User:
    return accounts["leader"]


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_every_sheet_prints_on_the_paper_chosen_with_no_text_below_9_pt(
    leader: User, paper: str
) -> None:
    book = load(build(leader, paper)[0])
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == PAPER_CODES[paper], sheet.title
        fitted = sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage
        if fitted:
            assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # down as needed
            scale = min(printable_points(sheet, paper) / sheet_points(sheet), 1)
        else:
            scale = int(setup.scale) / 100
            assert sheet.print_title_cols, sheet.title  # 序号 and the name on every page
        assert scale * 10 >= 9, f"{sheet.title} prints at {scale * 10:.1f} pt"
        if sheet_points(sheet) > printable_points(sheet, paper):
            assert setup.orientation == "landscape", sheet.title
        assert sheet.print_title_rows, sheet.title  # the header rows on every page


def test_a_sheet_too_wide_for_a4_is_split_with_its_identifying_columns_repeated(
    leader: User,
) -> None:
    book = load(build(leader, "A4")[0])
    hazards = book["隐患排查整改台账"]
    assert not hazards.sheet_properties.pageSetUpPr.fitToPage
    assert hazards.page_setup.scale == 90  # 10 pt text printed at 9 pt
    assert hazards.page_setup.pageOrder == "overThenDown"  # a band of rows, then the next
    assert hazards.print_title_cols == "$A:$B"  # 序号, 隐患编号
    assert hazards.print_title_rows == "$3:$4"
    breaks = [brk.id for brk in hazards.col_breaks.brk]
    assert breaks and breaks[0] > 2  # the first page holds more than the repeated columns
    assert [hazards["A3"].value, hazards["B3"].value] == ["序号", "隐患编号"]
    assistance = book["帮扶救助台账"]
    assert assistance.print_title_cols == "$A:$D"  # 序号, 社区, 户号, 申请人
    # Whole groups on a page: no break falls inside 整改情况.
    top = [cell.value for cell in hazards[3]]
    start = top.index("整改情况")
    end = start + 6
    assert not [col for col in breaks if start < col <= end]


def test_a3_fits_what_a4_splits(leader: User) -> None:
    a4, a3 = load(build(leader, "A4")[0]), load(build(leader, "A3")[0])
    split_a4 = [s.title for s in a4.worksheets if s.print_title_cols]
    split_a3 = [s.title for s in a3.worksheets if s.print_title_cols]
    assert "隐患排查整改台账" in split_a4 and set(split_a3) < set(split_a4)


def test_pages_are_numbered_under_the_sheets_title(leader: User) -> None:
    book = load(build(leader)[0])
    for sheet in book.worksheets:
        assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text
        title = next(cell.value for cell in sheet[1] if cell.value)
        assert title in sheet.oddHeader.center.text  # the title and the period
        assert "（2" in title or "在册" in title


def test_every_sheet_ends_with_the_signature_block(leader: User) -> None:
    book = load(build(leader)[0])
    for sheet in book.worksheets:
        below = texts_under(sheet, total_row(sheet))
        for label in SIGNATURES:
            assert any(text.startswith(label) for text in below), (sheet.title, label)


def test_a_ledger_past_the_row_limit_goes_on_in_a_next_sheet(
    leader: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "MAX_ROWS", 12)
    content, written = build(leader)
    book = load(content)
    names = book.sheetnames
    assert names[names.index("参保台账") + 1] == "参保台账（续1）"
    first, rest = book["参保台账"], book["参保台账（续1）"]
    for sheet in (first, rest):
        assert sheet.max_row <= 12
        assert [cell.value for cell in sheet[3]] == [cell.value for cell in first[3]]
        assert sheet.print_title_rows == first.print_title_rows
        assert sheet.page_setup.paperSize == first.page_setup.paperSize
        assert sheet.page_setup.orientation == first.page_setup.orientation
        below = texts_under(sheet, sheet.max_row - 3)
        assert any(text.startswith("审核人：") for text in below)
    assert rest["A1"].value == f"{first['A1'].value}（续1）"
    numbers = [row[0] for row in rest.iter_rows(min_row=4, values_only=True)]
    assert numbers[0] == 6  # 序号 goes on
    assert not any(cell.value == "合计" for cell in first["A"])  # the total at the end only
    assert rest.cell(total_row(rest), 2).value == "共6条"
    assert written["参保台账"] == 6


def test_the_clerk_chooses_a3_on_the_form(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    client = client_as("leader")
    page = client.get("/reports/county-workbook/").content.decode()
    assert 'value="A4"' in page and 'value="A3"' in page
    data = {"year": YEAR, "period": "month-12", "communities": [miaochuan.pk], "paper": "A3"}
    response: Any = client.post("/reports/county-workbook/", data, follow=True)  # a file
    assert CountyWorkbook.objects.get().paper == "A3"
    book = load(b"".join(response.streaming_content))
    assert {sheet.page_setup.paperSize for sheet in book.worksheets} == {8}


# ---- the yearly statistics ----------------------------------------------------------------


def test_the_yearly_docx_numbers_its_pages(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = client_as("staff_mc").get(
        f"/reports/yearly/docx/?year={YEAR}&community={miaochuan.pk}"
    )
    footer = docx.Document(io.BytesIO(response.content)).sections[0].footer
    xml = footer._element.xml
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.paragraphs[0].text == "第 1 页"  # Word puts each page's number for the 1


def test_the_yearly_xlsx_prints_as_the_county_sheets(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = client_as("staff_mc").get(
        f"/reports/yearly/xlsx/?year={YEAR}&community={miaochuan.pk}"
    )
    sheet = load(response.content).active
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$3:$3"
    assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text
    assert sheet["A1"].value in sheet.oddHeader.center.text
    fitted = sheet.sheet_properties.pageSetUpPr.fitToPage
    assert fitted and sheet_points(sheet) * 0.9 <= printable_points(sheet, "A4")
    below = texts_under(sheet, sheet.max_row - 3)
    assert all(any(text.startswith(label) for text in below) for label in SIGNATURES)


# ---- on paper (LibreOffice) -----------------------------------------------------------------


def _pdf(workbooks: dict[str, bytes], where: Path) -> dict[str, Path]:
    """The workbooks converted to PDF by LibreOffice."""
    for name, content in workbooks.items():
        (where / f"{name}.xlsx").write_bytes(content)
    files = [str(where / f"{name}.xlsx") for name in workbooks]
    profile = f"-env:UserInstallation=file://{where}/profile"
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(where)]
    subprocess.run([*command, *files], check=True, capture_output=True, timeout=300)
    return {name: where / f"{name}.pdf" for name in workbooks}


def _word_heights(pdf: Path) -> list[tuple[float, str]]:
    """Each printed word's height (points) and text (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(float(bottom) - float(top), text) for top, bottom, text in words]


def _reference() -> bytes:
    """A sheet small enough to print at full size: its 10 pt text is 10 pt on paper."""
    buffer = io.BytesIO()
    book = CountyBook(buffer, "校准", date(2026, 1, 1))
    book.sheet("校准", "校准", [Col("校准", lambda row: row)], ["校准文字"], "条")
    book.close()
    return buffer.getvalue()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_printed_workbook_has_no_text_below_9_pt(leader: User, tmp_path: Path) -> None:
    pdfs = _pdf({"reference": _reference(), "a4": build(leader, "A4")[0]}, tmp_path)
    # The height pdftotext gives a word of 10 pt text printed at full size.
    ten_pt = max(height for height, text in _word_heights(pdfs["reference"]) if text == "校准文字")
    printed = _word_heights(pdfs["a4"])
    assert len(printed) > 500  # every sheet is there
    smallest = min(height for height, _text in printed) / ten_pt * 10
    assert smallest >= 8.95, f"the smallest text prints at {smallest:.2f} pt"


# ---- the page set-up on its own (sheets.paper) ------------------------------------------------


def test_a_sheet_that_fits_prints_at_full_size_and_a_wide_one_never_below_9_pt() -> None:
    narrow = layout([10.71] * 6, 10, A4, title_columns=2)
    assert (narrow.landscape, narrow.fit_width, narrow.scale, narrow.breaks) == (
        False,
        True,
        100,
        (),
    )
    wide = layout([14.71] * 25, 10, A4, title_columns=2)
    assert not wide.fit_width and wide.scale == 90 and wide.landscape
    assert wide.title_columns == 2 and len(wide.breaks) >= 2
    assert wide.printed_size(10) == 9


def test_a_page_break_moves_before_a_group_it_would_cut() -> None:
    widths = [10.71] * 20
    cut = layout(widths, 10, A4).breaks[0]
    kept = layout(widths, 10, A4, groups=[(cut - 2, cut + 1)]).breaks[0]
    assert kept == cut - 2
