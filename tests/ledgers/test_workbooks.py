"""Reading uploaded spreadsheets safely, and writing xlsx and CSV: every file is built here."""

import contextlib
import csv
import io
import shutil
import struct
import subprocess
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
import pytest
import xlsxwriter
from django.utils import translation
from openpyxl.styles import Font

from sheets.errors import WorkbookError
from sheets.guards import Limits
from sheets.reading import Table, clean_header, read_table

ALIASES = {
    "社区": "社区",
    "网格": "网格",
    "姓名": "姓名",
    "民族": "民族",
    "身份证号": "公民身份号码",
    "身份证号码": "公民身份号码",
    "公民身份号码": "公民身份号码",
    "联系电话": "联系电话",
}
HEADERS = ["社区", "网格", "姓名", "民族", "公民身份号码", "联系电话"]
PEOPLE = [
    ["庙川社区", "第一网格", "马丽", "回族", "630102198503021234", "13900000001"],
    ["庙川社区", "第一网格", "韩强", "撒拉族", "63010219900101123X", "13900000002"],
    ["庙川社区", "第二网格", "冶明", "回族", "630102197712310011", "13900000003"],
]


def read_all(data: bytes, name: str, aliases: Any, **kwargs: Any) -> Table:
    """read_table, with every row read (rows are otherwise read as they are iterated)."""
    table = read_table(data, name, aliases, **kwargs)
    table.listed()
    return table


def xlsx_bytes(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ledger_workbook() -> openpyxl.Workbook:
    """A ledger as community offices keep it: title, unit row, header, data, blank rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet["A1"] = "庙川社区少数民族人口台账"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "填报单位：庙川社区居委会"
    sheet["E2"] = "填报日期：2024年5月1日"
    for col, header in enumerate(HEADERS, start=1):
        sheet.cell(row=4, column=col, value=header)  # row 3 left empty
    for row, person in enumerate(PEOPLE, start=5):
        for col, value in enumerate(person, start=1):
            sheet.cell(row=row, column=col, value=value)
    sheet["C9"] = "马建国"  # rows 8 is blank; a row further down
    sheet["D9"] = "回族"
    sheet["A12"] = "   "  # whitespace only, then a formatted but empty cell far below
    sheet["F40"].font = Font(bold=True)
    book.create_sheet("说明")["A1"] = "填表说明"
    return book


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same zip with one member's content replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        f'org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def inline(ref: str, text: str) -> str:
    position = f' r="{ref}"' if ref else ""
    return f'<c{position} t="inlineStr"><is><t>{text}</t></is></c>'


def simple_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    return xlsx_bytes(book)


# ---------------------------------------------------------------------------------------------
# Reading xlsx


def test_title_and_unit_rows_are_skipped_and_row_numbers_are_exact() -> None:
    table = read_all(xlsx_bytes(ledger_workbook()), "台账.xlsx", ALIASES)
    assert table.format == "xlsx"
    assert table.sheet_name == "台账"
    assert table.header_row == 4
    assert table.headers == HEADERS
    assert [number for number, _cells in table.listed()] == [5, 6, 7, 9]
    assert table.listed()[0][1] == PEOPLE[0]
    assert table.listed()[3][1] == [None, None, "马建国", "回族", None, None]


def test_header_aliases_and_messy_header_text() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓  名", "身份证\n号码", "ＩＤ　Ｎｏ．", "联系电话 "])
    sheet.append([1, "马丽", "630102198503021234", "x", "13900000001"])
    table = read_all(xlsx_bytes(book), "a.xlsx", ALIASES)
    assert table.header_row == 1
    assert table.headers == ["序号", "姓名", "身份证号码", "ID No.", "联系电话"]
    canonical = [ALIASES.get(header) for header in table.headers]
    assert canonical == [None, "姓名", "公民身份号码", None, "联系电话"]
    assert table.listed() == [(2, [1, "马丽", "630102198503021234", "x", "13900000001"])]


def test_clean_header() -> None:
    assert clean_header("  公民\r\n身份号码 ") == "公民身份号码"
    assert clean_header("（备注）") == "(备注)"
    assert clean_header("出生 日期\u200b") == "出生日期"
    assert clean_header("Phone   No") == "Phone No"
    assert clean_header(2024.0) == "2024"
    assert clean_header(None) == ""


def test_merged_cells_are_filled_with_the_top_left_value() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["社区", "网格", "姓名"])
    sheet.append(["庙川社区", "第一网格", "马丽"])
    sheet.append([None, None, "韩强"])
    sheet.append([None, "第二网格", "冶明"])
    sheet.append(["东关社区", None, "马强"])
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B3")
    table = read_all(xlsx_bytes(book), "a.xlsx", ALIASES)
    assert table.listed() == [
        (2, ["庙川社区", "第一网格", "马丽"]),
        (3, ["庙川社区", "第一网格", "韩强"]),
        (4, ["庙川社区", "第二网格", "冶明"]),
        (5, ["东关社区", None, "马强"]),
    ]


def test_blank_and_formatted_trailing_rows_are_ignored() -> None:
    table = read_all(xlsx_bytes(ledger_workbook()), "a.xlsx", ALIASES)
    assert table.listed()[-1][0] == 9  # not 12 (spaces) nor 40 (bold but empty)


def test_an_instructions_sheet_first_is_passed_over() -> None:
    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active["A1"] = "请按下表填写，不要合并单元格。"
    data = book.create_sheet("数据")
    data.append(["姓名", "民族"])
    data.append(["马丽", "回族"])
    hidden = book.create_sheet("隐藏", 0)
    hidden.append(["姓名", "民族"])
    hidden.append(["不应读取", "汉族"])
    hidden.sheet_state = "hidden"
    table = read_all(xlsx_bytes(book), "a.xlsx", ALIASES)
    assert table.sheet_name == "数据"
    assert table.listed() == [(2, ["马丽", "回族"])]


def test_values_come_as_the_reader_gives_them() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "民族", "出生日期", "人数", "公民身份号码"])
    sheet.write_string(1, 0, "马丽")
    sheet.write_string(1, 1, "回族")
    sheet.write_datetime(1, 2, date(1985, 3, 2), book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.write_number(1, 3, 3)
    sheet.write_number(1, 4, 630102198503021234)  # Excel turned the ID into a number
    book.close()
    table = read_all(out.getvalue(), "a.xlsx", ALIASES)
    assert table.listed() == [(2, ["马丽", "回族", date(1985, 3, 2), 3.0, 6.301021985030212e17])]


def test_cells_without_positions_are_read_with_openpyxl() -> None:
    rows = (
        f"<row>{inline('', '姓名')}{inline('', '民族')}</row>"
        f'<row r="3">{inline("", "马丽")}{inline("", "回族")}</row>'
        f"<row>{inline('B4', '撒拉族')}{inline('', 'x')}</row>"
    )
    data = replace_member(simple_xlsx(), "xl/worksheets/sheet1.xml", sheet_xml(rows))
    table = read_all(data, "a.xlsx", ALIASES)
    assert table.header_row == 1
    assert table.listed() == [(3, ["马丽", "回族"]), (4, [None, "撒拉族"])]


def test_a_sheet_whose_values_sit_far_apart_is_refused_before_calamine_allocates() -> None:
    # python-calamine would lay out 1,048,576 × 16,384 cells and abort the whole process.
    book = openpyxl.Workbook()
    book.active["A1"] = "姓名"
    book.active["B1"] = "民族"
    book.active["XFD1048576"] = "x"
    with pytest.raises(WorkbookError) as caught:
        read_all(xlsx_bytes(book), "a.xlsx", ALIASES)
    assert caught.value.code == "too_many_cells"
    hidden = sheet_xml(
        f'<row r="1">{inline("A1", "姓名")}<c s="0" r="XFD999999"><v>1</v></c></row>'
    )
    with pytest.raises(WorkbookError) as caught:
        read_all(replace_member(simple_xlsx(), "xl/worksheets/sheet1.xml", hidden), "a", ALIASES)
    assert caught.value.code == "too_many_cells"


def test_a_reference_hidden_in_another_attribute_is_not_trusted() -> None:
    rows = f'<row><c foo=\' r="A1"\' r="XFD1048576"><v>1</v></c>{inline("A2", "姓名")}</row>'
    data = replace_member(simple_xlsx(), "xl/worksheets/sheet1.xml", sheet_xml(rows))
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "a.xlsx", ALIASES)
    assert caught.value.code == "too_many_cells"


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B1" t="n"r="XFD1048576"><v>1</v></c>',  # found by fuzzing: it aborted the process
        '<c r="B1" r="XFD1048576"><v>1</v></c>',
        "<c r='B1' t='n' r='XFD1048576'><v>1</v></c>",
    ],
)
def test_a_second_reference_in_a_cell_tag_is_counted(cell: str) -> None:
    rows = f'<row r="1">{inline("A1", "姓名")}{cell}</row>'
    data = replace_member(simple_xlsx(), "xl/worksheets/sheet1.xml", sheet_xml(rows))
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "a.xlsx", ALIASES)
    assert caught.value.code == "too_many_cells"


def test_a_row_number_beyond_excel_ends_the_fallback_reader() -> None:
    # Found by fuzzing: openpyxl yields every missing row up to the one named.
    rows = f'<row>{inline("", "姓名")}{inline("", "民族")}</row><row r="99999999"><c/></row>'
    data = replace_member(simple_xlsx(), "xl/worksheets/sheet1.xml", sheet_xml(rows))
    started = time.monotonic()
    with pytest.raises(WorkbookError):
        read_all(data, "a.xlsx", ALIASES)
    assert time.monotonic() - started < 5


def test_too_many_rows() -> None:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "民族"])
    for number in range(11):
        book.active.append([f"马{number}", "回族"])
    with pytest.raises(WorkbookError) as caught:
        read_all(xlsx_bytes(book), "a.xlsx", ALIASES, limits=Limits(max_rows=10))
    assert caught.value.code == "too_many_rows"
    assert "10" in str(caught.value.message)
    table = read_all(xlsx_bytes(book), "a.xlsx", ALIASES, limits=Limits(max_rows=11))
    assert len(table.listed()) == 11


def test_too_many_columns() -> None:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "民族", *[f"列{n}" for n in range(10)]])
    book.active.append(["马丽", "回族"])
    with pytest.raises(WorkbookError) as caught:
        read_all(xlsx_bytes(book), "a.xlsx", ALIASES, limits=Limits(max_columns=5))
    assert caught.value.code == "too_many_columns"


def test_empty_sheet_header_only_and_no_header() -> None:
    with pytest.raises(WorkbookError) as caught:
        read_all(xlsx_bytes(openpyxl.Workbook()), "a.xlsx", ALIASES)
    assert caught.value.code == "empty"
    book = openpyxl.Workbook()
    book.active.append(["庙川社区少数民族人口台账"])
    book.active.append(["姓名", "民族"])
    book.active.append([None, "  "])
    with pytest.raises(WorkbookError) as caught:
        read_all(xlsx_bytes(book), "a.xlsx", ALIASES)
    assert caught.value.code == "no_rows"
    with translation.override("en"):
        assert str(caught.value.message) == "The sheet has no rows under the header."
    with translation.override("zh-hans"):
        assert str(caught.value.message)  # whatever the catalogue says, it renders
    book = openpyxl.Workbook()
    book.active.append(["甲", "乙"])
    book.active.append(["姓名", "x"])  # only one known column name: not a header
    with pytest.raises(WorkbookError) as caught:
        read_all(xlsx_bytes(book), "a.xlsx", ALIASES)
    assert caught.value.code == "no_header"
    assert "社区、网格、姓名、民族" in str(caught.value.message)


def test_messages_are_lazy_and_translatable() -> None:
    with pytest.raises(WorkbookError) as caught:
        read_all(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "a.png", ALIASES)
    with translation.override("en"):
        assert str(caught.value).startswith("This file is not a spreadsheet.")


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


# ---------------------------------------------------------------------------------------------
# Reading CSV


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


CSV_ROWS = [
    ["庙川社区少数民族人口台账", "", ""],
    ["姓名", "民族", "身份证号"],
    *[[name, ethnicity, number] for _c, _g, name, ethnicity, number, _p in PEOPLE],
    ["", "", ""],
]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_offices_use(encoding: str) -> None:
    table = read_all(csv_bytes(CSV_ROWS, encoding), "台账.csv", ALIASES)
    assert table.format == "csv"
    assert table.header_row == 2
    assert table.headers == ["姓名", "民族", "身份证号"]
    assert table.listed()[0] == (3, ["马丽", "回族", "630102198503021234"])
    assert [number for number, _cells in table.listed()] == [3, 4, 5]


def test_tab_and_semicolon_delimited_csv() -> None:
    table = read_all(csv_bytes(CSV_ROWS, "utf-8", "\t"), "台账.txt", ALIASES)
    assert table.listed()[1] == (4, ["韩强", "撒拉族", "63010219900101123X"])
    table = read_all(csv_bytes(CSV_ROWS, "gbk", ";"), "台账.csv", ALIASES)
    assert table.listed()[1] == (4, ["韩强", "撒拉族", "63010219900101123X"])
    unicode_text = csv_bytes(CSV_ROWS, "utf-16", "\t")  # Excel's "Unicode text"
    assert read_all(unicode_text, "a.txt", ALIASES).listed()[2][1][0] == "冶明"


def test_csv_with_a_quoted_line_break_keeps_excel_row_numbers() -> None:
    data = '姓名,民族,备注\r\n马丽,回族,"两行\r\n备注"\r\n韩强,撒拉族,\r\n'.encode()
    table = read_all(data, "a.csv", ALIASES)
    assert table.listed() == [(2, ["马丽", "回族", "两行\r\n备注"]), (3, ["韩强", "撒拉族", None])]


def test_a_web_page_saved_as_xls_is_explained() -> None:
    data = b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>"
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "导出.xls", ALIASES)
    assert caught.value.code == "html"


# ---------------------------------------------------------------------------------------------
# Content, not extension


def test_an_xlsx_named_csv_is_read_as_xlsx() -> None:
    table = read_all(xlsx_bytes(ledger_workbook()), "台账.csv", ALIASES)
    assert table.format == "xlsx"
    assert table.header_row == 4


def test_a_csv_named_xlsx_is_read_as_csv() -> None:
    assert read_all(csv_bytes(CSV_ROWS, "gbk"), "台账.xlsx", ALIASES).format == "csv"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "照片.png"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "台账.xlsx"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "台账.pdf"),
        (b"MZ\x90\x00\x03" + b"\x00" * 64, "setup.exe"),
        (docx_bytes(), "台账.docx"),
        (docx_bytes(), "台账.xlsx"),
        (b"\x00\x01\x02\x03binary", "data.bin"),
        ("姓名,民族\n马丽,回族\n".encode(), "台账.docx"),
    ],
)
def test_not_a_spreadsheet(data: bytes, filename: str) -> None:
    with pytest.raises(WorkbookError) as caught:
        read_all(data, filename, ALIASES)
    assert caught.value.code == "not_spreadsheet"


def test_no_other_exception_escapes_for_damaged_files() -> None:
    whole = xlsx_bytes(ledger_workbook())
    damaged = [whole[:length] for length in range(0, len(whole), 397)]
    damaged += [whole[:200] + bytes(200) + whole[400:], b"PK\x03\x04" + bytes(100)]
    damaged += [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), b"\xd0\xcf\x11\xe0" + bytes(9)]
    for data in damaged:
        with contextlib.suppress(WorkbookError):
            read_all(data, "a.xlsx", ALIASES)


def test_too_large() -> None:
    with pytest.raises(WorkbookError) as caught:
        read_all(b"x" * 2 * 2**20, "a.csv", ALIASES, limits=Limits(max_bytes=2 * 2**20 - 1))
    assert caught.value.code == "too_large"
    assert "2 MB" in str(caught.value.message)


# ---------------------------------------------------------------------------------------------
# Zip bombs and XML entity expansion


def zip_with_zeros(size: int, fill: bytes = b"\x00") -> bytes:
    out = io.BytesIO()
    chunk = fill * (2**20 // len(fill))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_zip_bomb_is_refused_before_parsing() -> None:
    started = time.monotonic()
    data = zip_with_zeros(250 * 2**20)
    assert len(data) < 2**20
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "a.xlsx", ALIASES)
    assert caught.value.code == "zip_bomb"
    assert time.monotonic() - started < 10


def test_a_zip_that_understates_its_sizes_is_measured_as_it_inflates() -> None:
    data = bytearray(zip_with_zeros(120 * 2**20, fill=b"<c/>    "))
    central = data.rfind(b"PK\x01\x02")  # the last entry: the sheet
    struct.pack_into("<I", data, central + 24, 1000)  # its declared uncompressed size
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[-1].file_size == 1000
    with pytest.raises(WorkbookError) as caught:
        read_all(bytes(data), "a.xlsx", ALIASES, limits=Limits(max_unzipped_bytes=50 * 2**20))
    assert caught.value.code == "zip_bomb"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in (range(1, 10))
    )
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
).encode()


def test_billion_laughs_is_refused_quickly() -> None:
    book = ledger_workbook()
    data = replace_member(xlsx_bytes(book), "xl/sharedStrings.xml", BILLION_LAUGHS)
    started = time.monotonic()
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "a.xlsx", ALIASES)
    assert caught.value.code == "unsafe_xml"
    assert time.monotonic() - started < 1


def test_external_entity_in_a_worksheet_is_refused() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = replace_member(simple_xlsx(), "xl/worksheets/sheet1.xml", xxe + sheet_xml("")[38:])
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "a.xlsx", ALIASES)
    assert caught.value.code == "unsafe_xml"


# ---------------------------------------------------------------------------------------------
# OpenDocument


def ods_bytes(table_xml: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="台账">{table_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ods_row(*values: str, repeat: int = 1) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
        if value
        else "<table:table-cell/>"
        for value in values
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def test_ods_is_read() -> None:
    rows = (
        ods_row("庙川社区少数民族人口台账")
        + ods_row("姓名", "民族")
        + ods_row("马丽", "回族")
        + ods_row("", "", repeat=3)
        + ods_row("韩强", "撒拉族")
        + '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    table = read_all(ods_bytes(rows), "台账.xlsx", ALIASES)
    assert table.format == "ods"
    assert table.header_row == 2
    assert table.listed() == [(3, ["马丽", "回族"]), (7, ["韩强", "撒拉族"])]


def test_ods_repeating_a_cell_a_billion_times_is_refused() -> None:
    bomb = (
        '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
    )
    with pytest.raises(WorkbookError) as caught:
        read_all(ods_bytes(ods_row("姓名", "民族") + bomb), "a.ods", ALIASES)
    assert caught.value.code == "too_many_cells"


# ---------------------------------------------------------------------------------------------
# .xls: a minimal BIFF8 workbook in an OLE compound file, built here byte by byte


def record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def label(row: int, col: int, text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + encoded)


def biff(
    cells: list[bytes], dimensions: tuple[int, int, int, int] | None = None, sst: int | None = None
) -> bytes:
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)
    name = "台账".encode("utf-16-le")
    head = record(0x0809, bof) + record(0x0042, struct.pack("<H", 1200))
    tail = (record(0x00FC, struct.pack("<ii", 0, sst)) if sst is not None else b"") + record(0x0A)
    start = len(head) + 4 + 8 + len(name) + len(tail)
    sheet_header = struct.pack("<IBBBB", start, 0, 0, 2, 1) + name
    sheet = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
    if dimensions is not None:
        sheet += record(0x0200, struct.pack("<IIHHH", *dimensions, 0))
    return head + record(0x0085, sheet_header) + tail + sheet + b"".join(cells) + record(0x0A)


def ole(stream: bytes) -> bytes:
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\x00")
    count = len(stream) // 512
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    fat = [0xFFFFFFFD, *range(2, count + 1), end, end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, free, child)
            + bytes(36)
            + struct.pack("<III", start, size, 0)
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 1, len(stream))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, 1, count + 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )
    return header + struct.pack("<128I", *fat) + stream + directory.ljust(512, b"\x00")


LEDGER_XLS_CELLS = [
    label(0, 0, "庙川社区少数民族人口台账"),
    label(2, 0, "社区"),
    label(2, 1, "姓名"),
    label(2, 2, "民族"),
    label(3, 0, "庙川社区"),
    label(3, 1, "马丽"),
    label(3, 2, "回族"),
    label(4, 1, "韩强"),
    record(0x0203, struct.pack("<HHHd", 4, 2, 0, 3.0)),
    record(0x00E5, struct.pack("<HHHHH", 2, 0, 0, 0, 2) + struct.pack("<HHHH", 3, 4, 0, 0)),
]


def test_xls_is_read_with_merged_cells() -> None:
    table = read_all(ole(biff(LEDGER_XLS_CELLS)), "台账.xls", ALIASES)
    assert table.format == "xls"
    assert table.sheet_name == "台账"
    assert table.header_row == 3
    assert table.listed() == [(4, ["庙川社区", "马丽", "回族"]), (5, ["庙川社区", "韩强", 3.0])]


@pytest.mark.parametrize(
    ("cells", "dimensions", "sst", "code"),
    [
        ([label(65535, 255, "x")], None, None, "too_many_cells"),  # calamine: 1 GB for 2 cells
        ([], (0, 2**32 - 1, 0, 255), None, "unreadable"),  # calamine: aborts on the reservation
        ([], (5, 1, 0, 3), None, "unreadable"),  # its u32 subtraction wraps: aborts too
        ([], (0, 60_000, 0, 200), None, "too_many_cells"),
        ([], None, 2**31 - 1, "unreadable"),  # SST capacity from the declared count
    ],
)
def test_xls_records_that_would_exhaust_memory_are_refused(
    cells: list[bytes], dimensions: tuple[int, int, int, int] | None, sst: int | None, code: str
) -> None:
    data = ole(biff([label(0, 0, "姓名"), label(0, 1, "民族"), *cells], dimensions, sst))
    with pytest.raises(WorkbookError) as caught:
        read_all(data, "a.xls", ALIASES)
    assert caught.value.code == code


def test_xls_with_a_looping_sector_chain_is_refused() -> None:
    data = bytearray(ole(biff(LEDGER_XLS_CELLS)))
    struct.pack_into("<I", data, 512 + 4 * 3, 2)  # sector 3 → sector 2 → … forever
    with pytest.raises(WorkbookError) as caught:
        read_all(bytes(data), "a.xls", ALIASES)
    assert caught.value.code == "unreadable"


def test_ole_file_without_a_workbook_is_not_a_spreadsheet() -> None:
    data = bytearray(ole(biff(LEDGER_XLS_CELLS)))
    position = data.find("Workbook".encode("utf-16-le"))
    data[position : position + 16] = "WordDocu".encode("utf-16-le")
    with pytest.raises(WorkbookError) as caught:
        read_all(bytes(data), "a.doc", ALIASES)
    assert caught.value.code == "not_spreadsheet"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("localc") is None,
    reason="LibreOffice Calc (soffice, localc) is needed to write .xls",
)
def test_xls_saved_by_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "台账.xlsx"
    ledger_workbook().save(source)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    table = read_all((tmp_path / "台账.xls").read_bytes(), "台账.xls", ALIASES)
    assert table.format == "xls"
    assert table.header_row == 4
    assert table.headers == HEADERS
    assert [number for number, _cells in table.listed()] == [5, 6, 7, 9]
    assert table.listed()[0][1] == PEOPLE[0]
