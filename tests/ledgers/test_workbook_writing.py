"""Writing xlsx and CSV, and the error workbook an import hands back: every file is built here."""

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from sheets.reading import Table
from sheets.writing import ERROR_COLUMN, SheetSpec, csv_chunks, error_workbook, write_xlsx
from tests.ledgers.test_workbooks import (
    ALIASES,
    CSV_ROWS,
    HEADERS,
    LEDGER_XLS_CELLS,
    biff,
    csv_bytes,
    ledger_workbook,
    ole,
    read_all,
    xlsx_bytes,
)

# ---------------------------------------------------------------------------------------------
# Writing xlsx


def test_write_xlsx_never_writes_a_formula_and_keeps_ids_as_text() -> None:
    out = io.BytesIO()
    rows: list[list[object]] = [
        ["马丽", "630102198503021234", '=HYPERLINK("http://x","y")', date(1985, 3, 2), 3, None],
        ["韩强", 630102199001011234, "+1", datetime(2024, 1, 2, 9, 30), 1.5, "-5"],
    ]
    spec = SheetSpec(
        name="居民",
        headers=["姓名", "公民身份号码", "链接", "出生日期", "人数", "备注"],
        rows=iter(rows),
        title="庙川社区少数民族人口台账",
        text_columns={1},
    )
    write_xlsx(out, [spec])
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["居民"]
    assert sheet["A1"].value == "庙川社区少数民族人口台账"
    assert "A1:F1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "姓名"
    assert sheet.freeze_panes == "A3"
    link = sheet["C3"]
    assert link.data_type == "s"
    assert link.value == '=HYPERLINK("http://x","y")'
    assert sheet["C4"].value == "+1" and sheet["C4"].data_type == "s"
    assert sheet["F4"].value == "-5" and sheet["F4"].data_type == "s"
    assert sheet["B3"].value == "630102198503021234"
    assert sheet["B3"].number_format == "@"
    assert sheet["B4"].value == "630102199001011234"  # an int in a text column becomes text
    assert sheet["D3"].value == datetime(1985, 3, 2)
    assert sheet["D3"].number_format == "yyyy-mm-dd"
    assert sheet["E3"].value == 3
    assert sheet["F3"].value is None
    assert sheet.column_dimensions["B"].width >= 18


def test_write_xlsx_validations_and_notes(tmp_path: Path) -> None:
    ethnicities = [f"{n:02d}民族名称很长的一个选项" for n in range(1, 57)]
    specs = [
        SheetSpec(name="填表说明", headers=[], notes=["第一段说明。", "第二段说明。"]),
        SheetSpec(
            name="模板",
            headers=["姓名", "性别", "民族"],
            validations={1: ["男", "女"], 2: ethnicities},
            widths=[12, 6, 20],
        ),
    ]
    path = tmp_path / "模板.xlsx"
    write_xlsx(path, specs)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["填表说明", "模板", "_lists"]
    notes = book["填表说明"]
    assert [notes["A1"].value, notes["A2"].value] == ["第一段说明。", "第二段说明。"]
    assert notes.column_dimensions["A"].width == pytest.approx(100, abs=1)
    assert book["_lists"].sheet_state == "hidden"
    assert [book["_lists"].cell(row=n, column=1).value for n in (1, 56)] == [
        ethnicities[0],
        ethnicities[55],
    ]
    validations = {str(v.sqref): v.formula1 for v in book["模板"].data_validations.dataValidation}
    assert validations == {"B2:B1001": '"男,女"', "C2:C1001": "'_lists'!$A$1:$A$56"}


def test_write_xlsx_streams_many_rows() -> None:
    out = io.BytesIO()
    rows = ([f"马{n}", n] for n in range(20_000))
    write_xlsx(out, [SheetSpec(name="大", headers=["姓名", "序号"], rows=rows)])
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    assert book["大"].max_row == 20_001


def test_write_xlsx_text_survives_xml_and_excel_escapes() -> None:
    """What XML forbids or Excel would decode comes back as it was written (nearly: a control
    character cannot be stored, Excel's _xHHHH_ form stands for it)."""
    texts = ["A & B <c>", " 前后空格 ", "_x0041_ stays", "tab\there", "bell\x07", "x" * 40_000]
    out = io.BytesIO()
    rows = [[t, n] for n, t in enumerate(texts)]
    write_xlsx(out, [SheetSpec(name="文本", headers=["内容", "序号"], rows=rows)])
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["文本"]
    back = [sheet.cell(row=r, column=1).value for r in range(2, 2 + len(texts))]
    # openpyxl shows Excel's escapes as they are stored; Excel (and calamine) decode them.
    assert back[:4] == [texts[0], texts[1], "_x005F_x0041_ stays", texts[3]]
    assert back[4] == "bell_x0007_"
    assert back[5] == "x" * 32_767  # Excel's limit for a cell
    table = read_all(out.getvalue(), "a.xlsx", {"内容": "内容", "序号": "序号"})
    assert [cells[0] for _n, cells in table.listed()][:4] == texts[:4]


# ---------------------------------------------------------------------------------------------
# Writing CSV


def test_csv_chunks_bom_crlf_and_formula_safety() -> None:
    rows: list[list[object]] = [
        ["=1+1", "-5", "+86 139", "@SUM(A1)", "\tx", "马丽", None],
        [-5, 3.5, date(1985, 3, 2), datetime(2024, 1, 2, 9, 30), True, "a,b", ""],
    ]
    data = b"".join(csv_chunks(["甲", "乙", "丙", "丁", "戊", "己", "庚"], rows))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.count("\r\n") == 3
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[1] == ["'=1+1", "'-5", "'+86 139", "'@SUM(A1)", "'\tx", "马丽", ""]
    assert parsed[2] == ["-5", "3.5", "1985-03-02", "2024-01-02 09:30:00", "True", "a,b", ""]


def test_csv_chunks_are_about_64_kb() -> None:
    chunks = list(
        csv_chunks(["姓名", "地址"], ([f"马{n}", "青海省西宁市城东区"] for n in range(20_000)))
    )
    assert len(chunks) > 3
    assert all(64 * 1024 <= len(chunk) < 66 * 1024 for chunk in chunks[:-1])
    assert b"".join(chunks).decode("utf-8-sig").count("\r\n") == 20_001


# ---------------------------------------------------------------------------------------------
# The error workbook

RED = "FFC7CE"


def test_error_workbook_marks_up_the_uploaded_xlsx() -> None:
    data = xlsx_bytes(ledger_workbook())
    table = read_all(data, "台账.xlsx", ALIASES)
    errors: dict[int, list[tuple[int | None, str]]] = {
        5: [(4, "号码中的出生日期1985-03-02不存在。"), (None, "与第7行重复。")],
        9: [(0, "社区不能为空。")],
    }
    book = openpyxl.load_workbook(io.BytesIO(error_workbook(data, table, errors)))
    assert book.sheetnames == ["台账", "说明"]
    sheet = book["台账"]
    assert sheet["A1"].value == "庙川社区少数民族人口台账"
    assert "A1:F1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["G4"].value == ERROR_COLUMN
    assert sheet["G5"].value == "公民身份号码：号码中的出生日期1985-03-02不存在。；与第7行重复。"
    assert sheet["G6"].value is None
    assert sheet["G9"].value == "社区：社区不能为空。"
    assert sheet["E5"].fill.fgColor.rgb.endswith(RED)
    assert sheet["E5"].font.color.rgb.endswith("9C0006")
    assert sheet["E5"].value == "630102198503021234"
    assert sheet["A9"].fill.fgColor.rgb.endswith(RED)
    assert not sheet["C5"].fill.fgColor.rgb.endswith(RED)
    assert sheet["C6"].value == "韩强"  # rows without errors stay


def test_an_error_workbook_uploaded_again_is_marked_up_afresh() -> None:
    data = xlsx_bytes(ledger_workbook())
    first = error_workbook(data, read_all(data, "台账.xlsx", ALIASES), {5: [(4, "旧错误。")]})
    again = read_all(first, "台账.xlsx", ALIASES)
    assert again.headers == [*HEADERS, ERROR_COLUMN]
    second = error_workbook(first, again, {6: [(2, "新错误。")]})
    sheet = openpyxl.load_workbook(io.BytesIO(second))["台账"]
    assert [cell.value for cell in sheet[4]] == [*HEADERS, ERROR_COLUMN]
    assert sheet["G5"].value is None
    assert not sheet["E5"].fill.fgColor.rgb.endswith(RED)
    assert sheet["G6"].value == "姓名：新错误。"
    assert sheet["C6"].fill.fgColor.rgb.endswith(RED)
    again.format = "csv"
    copied = openpyxl.load_workbook(io.BytesIO(error_workbook(first, again, {6: [(2, "x")]})))
    assert [cell.value for cell in copied[ERROR_COLUMN][4]] == [*HEADERS, ERROR_COLUMN]


def test_error_workbook_for_csv_is_a_new_workbook_at_the_original_row_numbers() -> None:
    data = csv_bytes(CSV_ROWS, "gbk")
    table = read_all(data, "台账.csv", ALIASES)
    errors = {4: [(2, "校验码不对。")]}
    book = openpyxl.load_workbook(io.BytesIO(error_workbook(data, table, errors)))
    assert book.sheetnames[0] == ERROR_COLUMN
    sheet = book[ERROR_COLUMN]
    assert ".csv" in sheet["A1"].value
    assert [cell.value for cell in sheet[2]] == ["姓名", "民族", "身份证号", ERROR_COLUMN]
    assert [cell.value for cell in sheet[3]][:3] == ["马丽", "回族", "630102198503021234"]
    assert sheet["C4"].value == "63010219900101123X"
    assert sheet["C4"].fill.fgColor.rgb.endswith(RED)
    assert sheet["D4"].value == "身份证号：校验码不对。"
    assert sheet["A5"].value == "冶明"
    assert ".csv" in book["说明"]["A1"].value


def test_error_workbook_for_xls() -> None:
    data = ole(biff(LEDGER_XLS_CELLS))
    table = read_all(data, "台账.xls", ALIASES)
    book = openpyxl.load_workbook(io.BytesIO(error_workbook(data, table, {5: [(1, "重复。")]})))
    sheet = book[ERROR_COLUMN]
    assert sheet["B5"].value == "韩强"
    assert sheet["B5"].fill.fgColor.rgb.endswith(RED)
    assert sheet["D5"].value == "姓名：重复。"
    assert sheet["A4"].value == "庙川社区"


def test_table_is_a_plain_dataclass() -> None:
    table = Table(1, ["姓名"], [(2, ["马丽"])], "Sheet1", "xlsx")
    assert table.listed()[0] == (2, ["马丽"])
