"""The spreadsheets 同心 writes: xlsx (streamed by sheets.xlsxstream), CSV, and the error
workbook that shows a clerk what to correct in their upload.

No string is ever written as a formula: in xlsx every text goes in as a string, in CSV a text
Excel would run as a formula gets a leading apostrophe.
"""

import csv
import io
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import lazy_percent
from sheets import xlsxstream
from sheets.reading import Table

logger = logging.getLogger(__name__)

ERROR_COLUMN = "错误说明"  # the column error_workbook() adds
ERROR_FILL = "FFC7CE"  # Excel's "light red fill with dark red text"
ERROR_FONT = "9C0006"
TEMPLATE_VALIDATION_ROWS = 1_000  # drop-down lists cover at least this many rows of a template
CSV_CHUNK_BYTES = 64 * 1024
# openpyxl holds a whole workbook as Python objects: marking up 50,000 rows in place took 27 s
# and 510 MiB, 5,000 rows about 2.5 s. Larger tables are copied into a new workbook instead.
MARK_UP_MAX_ROWS = 5_000

_XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class SheetSpec:
    name: str
    headers: list[str]
    rows: Iterable[Sequence[object]] = ()
    title: str = ""  # a merged, bold title row above the headers
    text_columns: set[int] = field(default_factory=set)  # ID and phone columns: format "@"
    widths: list[int] | None = None  # None: fitted to the header and the first 200 rows
    freeze_header: bool = True
    validations: dict[int, list[str]] = field(default_factory=dict)  # column → drop-down values
    notes: list[str] = field(default_factory=list)  # an instructions sheet: one paragraph a row


# ---------------------------------------------------------------------------------------------
# Writing: xlsx


def _local(value: datetime) -> datetime:
    if timezone.is_aware(value):
        return timezone.make_naive(timezone.localtime(value))
    return value


def display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text[:60])


def fitted_widths(headers: Sequence[str], sample: Sequence[Sequence[object]]) -> list[int]:
    count = max([len(headers), *(len(row) for row in sample)], default=0)
    widths = []
    for col in range(count):
        header = headers[col] if col < len(headers) else ""
        longest = max(
            [
                display_width(header),
                *(display_width(row[col]) for row in sample if col < len(row)),
            ]
        )
        widths.append(min(max(longest + 2, 6), 50))
    return widths


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Sheet"
    cleaned = cleaned[:31]
    candidate, suffix = cleaned, 2
    while candidate.lower() in used:
        tail = f" ({suffix})"
        candidate, suffix = cleaned[: 31 - len(tail)] + tail, suffix + 1
    used.add(candidate.lower())
    return candidate


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = book.add_format({"num_format": "@"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.time = book.add_format({"num_format": "hh:mm:ss"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        error = {"bg_color": f"#{ERROR_FILL}", "font_color": f"#{ERROR_FONT}"}
        self.error = book.add_format(error)
        self.error_text = book.add_format({**error, "num_format": "@"})
        self.error_date = book.add_format({**error, "num_format": "yyyy-mm-dd"})
        self.error_datetime = book.add_format({**error, "num_format": "yyyy-mm-dd hh:mm:ss"})
        self.error_note = book.add_format({**error, "text_wrap": True, "valign": "top"})


def _write_cell(
    sheet: Any, row: int, col: int, value: object, formats: _Formats, text: bool, error: bool
) -> None:
    """One value, never as a formula: strings always go through write_string."""
    if value is None:
        if error:
            sheet.write_blank(row, col, None, formats.error)
        return
    if text or isinstance(value, str):
        if error:
            fmt = formats.error_text if text else formats.error
        else:
            fmt = formats.text if text else None
        sheet.write_string(row, col, str(value), fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, formats.error if error else None)
    elif isinstance(value, int | float | Decimal):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            sheet.write_string(row, col, str(value), formats.error if error else None)
        else:
            sheet.write_number(row, col, number, formats.error if error else None)
    elif isinstance(value, datetime):
        fmt = formats.error_datetime if error else formats.datetime
        sheet.write_datetime(row, col, _local(value), fmt)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats.error_date if error else formats.date)
    elif isinstance(value, time | timedelta):
        sheet.write_datetime(row, col, value, formats.error if error else formats.time)
    else:
        sheet.write_string(row, col, str(value), formats.error if error else None)


def write_xlsx(
    path_or_buffer: str | os.PathLike[str] | IO[bytes], sheets: Sequence[SheetSpec]
) -> None:
    """Write the sheets, streaming, in constant memory; no string ever becomes a formula."""
    if isinstance(path_or_buffer, os.PathLike):
        path_or_buffer = os.fspath(path_or_buffer)
    book = xlsxstream.Book(path_or_buffer)
    writer = _BookWriter(book)
    try:
        for spec in sheets:
            name = writer.sheet_name(str(spec.name))
            if spec.notes:
                writer.notes(name, spec)
            else:
                writer.table(name, spec)
        writer.finish()
    except BaseException:
        book.abort()
        raise
    book.close()


class _BookWriter:
    """One workbook's sheet names and long drop-down lists (kept in a hidden sheet)."""

    def __init__(self, book: xlsxstream.Book) -> None:
        self.book = book
        self.used: set[str] = set()
        self.lists_name = ""
        self.lists: list[list[str]] = []

    def sheet_name(self, name: str) -> str:
        return _sheet_name(name, self.used)

    def notes(self, name: str, spec: SheetSpec) -> None:
        sheet = self.book.open_sheet(name, 1)
        sheet.start([100], {0: xlsxstream.WRAP}, 0)
        if spec.title:
            sheet.row([str(spec.title)], xlsxstream.TITLE)
        for paragraph in spec.notes:
            sheet.row([str(paragraph)], xlsxstream.WRAP)
        self.book.close_sheet(sheet)

    def table(self, name: str, spec: SheetSpec) -> None:
        rows = iter(spec.rows)
        sample = list(islice(rows, 200))
        widths = spec.widths if spec.widths is not None else fitted_widths(spec.headers, sample)
        text = dict.fromkeys(spec.text_columns, xlsxstream.TEXT)
        sheet = self.book.open_sheet(name, max(len(spec.headers), len(widths)))
        header_row = 2 if spec.title else 1
        sheet.start(widths, text, header_row if spec.freeze_header else 0)
        if spec.title:
            sheet.row([str(spec.title)], xlsxstream.TITLE)
            if len(spec.headers) > 1:
                sheet.merge(0, len(spec.headers) - 1)
        sheet.row([str(header) for header in spec.headers], xlsxstream.HEADER)
        styles = [text.get(col, 0) for col in range(max(len(spec.headers), *text, 0) + 1)]
        for values in chain(sample, rows):
            sheet.row(values, styles=styles)
        first = header_row + 1
        data_rows = sheet.number - header_row
        last_row = min(first + max(data_rows, TEMPLATE_VALIDATION_ROWS) - 1, 1_048_576)
        for col, values in spec.validations.items():
            sheet.validate(col, first, last_row, self.validation(values))
        self.book.close_sheet(sheet)

    def validation(self, values: Sequence[object]) -> str:
        """A drop-down's source: the list itself when short, else a column of the hidden sheet."""
        choices = [str(value) for value in values]
        inline = ",".join(choices)
        if len(inline) <= 255 and not any("," in c or '"' in c for c in choices):
            return f'"{inline}"'
        if not self.lists_name:
            self.lists_name = self.sheet_name("_lists")
        self.lists.append(choices)
        letter = xlsxstream.column_letter(len(self.lists) - 1)
        return f"'{self.lists_name}'!${letter}$1:${letter}${len(choices)}"

    def finish(self) -> None:
        """The hidden sheet of long drop-down lists, one list a column."""
        if not self.lists:
            return
        sheet = self.book.open_sheet(self.lists_name, len(self.lists), hidden=True)
        sheet.start([], {}, 0)
        longest = max(len(choices) for choices in self.lists)
        for row in range(longest):
            sheet.row([choices[row] if row < len(choices) else None for choices in self.lists])
        self.book.close_sheet(sheet)


# ---------------------------------------------------------------------------------------------
# Writing: CSV


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_PREFIXES) else value
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value)
    if not isinstance(value, int | float | Decimal) and text.startswith(_FORMULA_PREFIXES):
        return "'" + text  # a lazy translation or another object that prints as text
    return text


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """UTF-8 with BOM, CRLF, ~64 KB at a time; text that Excel would run as a formula gets '."""
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")
    out = bytearray(b"\xef\xbb\xbf")
    for values in chain([headers], rows):
        writer.writerow([_csv_text(value) for value in values])
        out += line.getvalue().encode("utf-8")
        line.seek(0)
        line.truncate()
        if len(out) >= CSV_CHUNK_BYTES:
            yield bytes(out)
            out.clear()
    if out:
        yield bytes(out)


# ---------------------------------------------------------------------------------------------
# Writing: the error workbook


def _row_messages(table: Table, issues: Sequence[tuple[int | None, str]]) -> str:
    parts = []
    for col, message in issues:
        if col is not None and 0 <= col < len(table.headers):
            label = table.headers[col] or f"第{col + 1}列"
            parts.append(f"{label}：{message}")
        else:
            parts.append(str(message))
    return "；".join(parts)


def error_workbook(
    data: bytes,
    table: Table,
    errors: Mapping[int, Sequence[tuple[int | None, str]]],
    conceal: Mapping[int, Callable[[object], object]] | None = None,
) -> bytes:
    """The upload with a 错误说明 column and the bad cells in red, for the clerk to correct.

    An .xlsx is marked up in place (formatting, title rows and other sheets kept, pictures and
    charts lost: openpyxl drops them). .xls, .ods and CSV cannot be edited in place, and an
    xlsx of more than MARK_UP_MAX_ROWS rows is too costly to, so their table is copied into a
    new workbook instead, each row at its original row number. With `conceal` (column index →
    what the reader may see of its cells: masked ID numbers, nothing of a column they may not
    read) the table is always copied, with those cells concealed: the original never leaves.
    """
    if conceal:
        table.rows = [
            (number, [conceal[i](c) if i in conceal else c for i, c in enumerate(row)])
            for number, row in table.listed()
        ]
        return _copy_with_errors(table, errors)
    if table.format == "xlsx" and len(table.listed()) <= MARK_UP_MAX_ROWS:
        try:
            return _mark_up_xlsx(data, table, errors)
        except Exception as exc:
            logger.warning("Could not mark up the uploaded xlsx, copying instead: %r", exc)
    return _copy_with_errors(table, errors)


def _mark_up_xlsx(
    data: bytes, table: Table, errors: Mapping[int, Sequence[tuple[int | None, str]]]
) -> bytes:
    # openpyxl only here and in reading's fallback: 10 MiB a process never needs otherwise.
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.load_workbook(io.BytesIO(data))  # defusedxml parses it
    sheet = book[table.sheet_name]
    fill = PatternFill(fill_type="solid", start_color=ERROR_FILL, end_color=ERROR_FILL)
    if ERROR_COLUMN in table.headers:  # an error workbook of ours, corrected and uploaded again
        column = table.headers.index(ERROR_COLUMN) + 1
        _clear_marks(sheet, table.header_row + 1, column)
    else:
        column = sheet.max_column + 1
    header = sheet.cell(row=table.header_row, column=column, value=ERROR_COLUMN)
    header.font = Font(bold=True, color=ERROR_FONT)
    header.fill = fill
    letter = openpyxl.utils.get_column_letter(column)
    sheet.column_dimensions[letter].width = 60
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, issues in sorted(errors.items()):
        if not issues:
            continue
        note = sheet.cell(row=number, column=column, value=_row_messages(table, issues))
        note.fill, note.font, note.alignment = fill, Font(color=ERROR_FONT), wrap
        for col, _message in issues:
            if col is not None and 0 <= col < len(table.headers):
                cell = sheet.cell(row=number, column=col + 1)
                if type(cell).__name__ != "MergedCell":
                    font = copy(cell.font)
                    font.color = ERROR_FONT
                    cell.fill, cell.font = fill, font
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _clear_marks(sheet: Any, first_row: int, column: int) -> None:
    """Remove the messages and red cells an earlier error workbook left below the header."""
    from openpyxl.styles import PatternFill

    for row in sheet.iter_rows(min_row=first_row, max_col=column):
        for cell in row:
            if type(cell).__name__ == "MergedCell":
                continue
            if cell.column == column:
                cell.value = None
            color = cell.fill.fgColor.rgb if cell.fill is not None else None
            if isinstance(color, str) and color.upper().endswith(ERROR_FILL):
                cell.fill = PatternFill(fill_type=None)
                font = copy(cell.font)
                font.color = None
                cell.font = font


def _copy_with_errors(
    table: Table, errors: Mapping[int, Sequence[tuple[int | None, str]]]
) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, _XLSX_OPTIONS)
    formats = _Formats(book)
    sheet = book.add_worksheet(ERROR_COLUMN)
    note_sheet = book.add_worksheet("说明")
    width = len(table.headers)
    if ERROR_COLUMN in table.headers:  # an error workbook of ours: its old messages go
        width = table.headers.index(ERROR_COLUMN)
    sample = [cells[:width] for _number, cells in table.listed()[:200]]
    for col, col_width in enumerate(fitted_widths(table.headers[:width], sample)):
        sheet.set_column(col, col, col_width)
    sheet.set_column(width, width, 60)
    template = _(
        # Translators: 无法直接在原%(format)s文件上标注。本表按原行号列出原文件表头以下的数据，
        # 有错误的单元格标为红色，原因写在“错误说明”列。请改正原文件后重新上传。
        "The original %(format)s file could not be marked up in place. This sheet lists its "
        "data under the header at the original row numbers; cells with errors are red and the "
        "reasons are in the 错误说明 column. Correct the original file and upload it again."
    )
    note = str(lazy_percent(template, {"format": "." + table.format}))
    if table.header_row > 1:
        last = max(width, 1)
        sheet.merge_range(0, 0, 0, last, note, formats.error_note)
        sheet.set_row(0, 45)
    for col, header in enumerate(table.headers[:width]):
        sheet.write_string(table.header_row - 1, col, header, formats.header)
    sheet.write_string(table.header_row - 1, width, ERROR_COLUMN, formats.header)
    sheet.freeze_panes(table.header_row, 0)
    rows = dict(table.listed())
    for number in sorted(set(rows) | {n for n, issues in errors.items() if issues}):
        if number <= table.header_row:
            continue
        issues = errors.get(number) or ()
        bad = {col for col, _message in issues if col is not None}
        for col, value in enumerate(rows.get(number, ())[:width]):
            _write_cell(sheet, number - 1, col, value, formats, False, col in bad)
        if issues:
            sheet.write_string(number - 1, width, _row_messages(table, issues), formats.error_note)
    note_sheet.set_column(0, 0, 100, formats.wrap)
    note_sheet.write_string(0, 0, note, formats.wrap)
    book.close()
    return out.getvalue()
