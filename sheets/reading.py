"""Reading an uploaded spreadsheet: the table under its header row, from xlsx, xls, ods or CSV.

`read_table` tells the format by content, has the file checked by sheets.guards, then reads
it with python-calamine (openpyxl for the xlsx calamine cannot read), finds the header row among
the first rows, fills merged cells and yields the rows under it as they are read.
"""

import csv
import io
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

from django.utils.translation import gettext_lazy as _
from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from sheets import guards
from sheets.errors import (
    WorkbookError,
    encrypted,
    not_spreadsheet,
    too_many_cells,
    too_many_columns,
    unreadable,
    workbook_error,
)
from sheets.guards import Limits, PartStats

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 20  # the header row is looked for among this many non-blank rows
EXCEL_MAX_ROWS = 1_048_576  # a row number beyond this is a damaged or crafted file
_TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
DEFAULT_LIMITS = Limits()  # frozen: one shared default is safe


@dataclass
class Table:
    """The rows under the header row. `rows` is read once, as it is iterated (an import holds
    a few thousand rows at a time, never the whole sheet); `listed()` reads them all."""

    header_row: int  # 1-based Excel row number of the header
    headers: list[str]  # the file's own header texts, cleaned; "" for an empty header cell
    rows: Iterable[tuple[int, list[object]]]  # (Excel row number, cells padded to the headers)
    sheet_name: str
    format: str  # "xlsx", "xls", "ods" or "csv"
    size: int = 0  # rows in the sheet below the header, blank ones included: for progress

    def listed(self) -> list[tuple[int, list[object]]]:
        if not isinstance(self.rows, list):
            self.rows = list(self.rows)
        return self.rows


# ---------------------------------------------------------------------------------------------
# Reading: the entry point


def read_table(
    data: bytes,
    filename: str,
    header_aliases: Mapping[str, str],
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    """The table under the header row of the first visible sheet that has one.

    The format is told by content, not by the file name. Only WorkbookError leaves this
    function, whatever the bytes: every other failure of a parser becomes "could not be read".
    """
    if len(data) > limits.max_bytes:
        template = _(
            # Translators: 文件大小为%(size)s MB，最多只能上传%(limit)s MB的文件。
            "The file is %(size)s MB; files of up to %(limit)s MB can be uploaded."
        )
        size, limit = f"{len(data) / 2**20:.1f}", f"{limits.max_bytes / 2**20:g}"
        raise workbook_error("too_large", template, size=size, limit=limit)
    with _readable(filename):
        table = _read_table(data, filename, header_aliases, limits)
    table.rows = _guarded(iter(table.rows), filename)
    return table


@contextmanager
def _readable(filename: str) -> Iterator[None]:
    """Only WorkbookError gets out: every other failure of a parser is "could not be read"."""
    try:
        yield
    except WorkbookError:
        raise
    except Exception as exc:
        logger.warning("Unreadable spreadsheet %r: %r", filename, exc)
        raise unreadable() from exc
    except BaseException as exc:  # pyo3 turns a Rust panic into PanicException(BaseException)
        if type(exc).__name__ != "PanicException":
            raise
        logger.warning("python-calamine panicked on %r: %r", filename, exc)
        raise unreadable() from None


def _guarded(rows: Iterator["Row"], filename: str) -> Iterator["Row"]:
    with _readable(filename):
        yield from rows


def _read_table(data: bytes, filename: str, aliases: Mapping[str, str], limits: Limits) -> Table:
    if data.startswith(guards.ZIP_SIGNATURE):
        return _read_zip(data, aliases, limits)
    if data.startswith(guards.OLE_SIGNATURE):
        guards.check_xls(data, limits)
        return _read_with_calamine(data, "xls", aliases, limits, None)
    guards.refuse_other_formats(data, filename)
    extension = os.path.splitext(filename)[1].lower()
    return _read_csv(data, extension, aliases, limits)


# ---------------------------------------------------------------------------------------------
# Reading: building the table from rows


Row = tuple[int, list[object]]  # (1-based Excel row number, cells from column A; None = empty)
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (rows 1-based)


@dataclass
class _Sheet:
    name: str
    rows: Iterator[Row]
    merges: list[Merge]
    size: int = 0  # the rows the sheet declares (for progress only)


_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_header(value: object) -> str:
    """Header text as compared: NFKC (full-width → ASCII), no line breaks, single spaces.

    Spaces between two Chinese characters go too: forms pad "姓名" to "姓  名".
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE)
    text = " ".join(_LINE_BREAKS.sub("", text).split())
    return _SPACE_IN_CJK.sub("", text)


def _is_blank(number: int, cells: list[object]) -> bool:
    """Whether the row holds nothing but spaces; a row past Excel's last ends the reading."""
    if number > EXCEL_MAX_ROWS:
        raise unreadable()  # openpyxl would yield every missing row up to <row r="9999999999">
    for value in cells:
        if value is not None and not (type(value) is str and not value.strip()):
            return False
    return True


class _MergeFiller:
    """Copies the top-left value of each merged range into every cell of the range."""

    def __init__(self, merges: list[Merge]) -> None:
        self.starts: dict[int, list[tuple[int, int, int]]] = {}
        for first_row, first_col, last_row, last_col in merges:
            if last_row > first_row or last_col > first_col:
                self.starts.setdefault(first_row, []).append((first_col, last_col, last_row))
        self.active: list[tuple[int, int, int, object]] = []

    def fill(self, number: int, cells: list[object]) -> None:
        starting = self.starts.pop(number, None)
        if starting:
            for first_col, last_col, last_row in starting:
                value = cells[first_col] if first_col < len(cells) else None
                if value is not None:
                    self.active.append((first_col, last_col, last_row, value))
        if not self.active:
            return
        still = []
        for first_col, last_col, last_row, value in self.active:
            if last_row < number:
                continue
            still.append((first_col, last_col, last_row, value))
            for col in range(first_col, min(last_col + 1, len(cells))):
                cells[col] = value
        self.active = still


def _canonical_examples(aliases: Mapping[str, str]) -> str:
    names = list(dict.fromkeys(aliases.values()))
    shown = "、".join(names[:4])
    return shown + ("…" if len(names) > 4 else "")


def _data_rows(rows: Iterable[Row], width: int, limits: Limits) -> Iterator[Row]:
    """The rows under the header, padded or cut to its width, at most limits.max_rows."""
    for count, (number, cells) in enumerate(rows, start=1):
        if count > limits.max_rows:
            template = _(
                # Translators: 工作表中表头以下超过%(limit)s行。请把数据拆分成几个文件上传。
                "The sheet has more than %(limit)s rows under the header. Split the data "
                "into several files."
            )
            raise workbook_error("too_many_rows", template, limit=f"{limits.max_rows:,}")
        if len(cells) > width:
            del cells[width:]
        elif len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        yield number, cells


def _locate_header(
    sheet: _Sheet, wanted: frozenset[str], limits: Limits
) -> tuple[list[Row], Row | None]:
    """The first non-blank rows (merged cells filled) and the header row among them, if any."""
    filler = _MergeFiller(sheet.merges)
    head: list[Row] = []
    for number, cells in sheet.rows:
        if _is_blank(number, cells):
            continue
        _check_width(cells, limits)
        filler.fill(number, cells)
        head.append((number, cells))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    best: Row | None = None
    best_count = 1
    for number, cells in head:
        count = sum(1 for value in cells if value is not None and clean_header(value) in wanted)
        if count > best_count:
            best, best_count = (number, cells), count
    if best is None:
        return head, None
    sheet.merges = []  # the filler below takes over the ranges still open
    sheet.rows = _filled(sheet.rows, filler, limits)
    return head, best


def _filled(rows: Iterator[Row], filler: _MergeFiller, limits: Limits) -> Iterator[Row]:
    for number, cells in rows:
        if _is_blank(number, cells):
            continue
        _check_width(cells, limits)
        filler.fill(number, cells)
        yield number, cells


def _check_width(cells: list[object], limits: Limits) -> None:
    if len(cells) <= limits.max_columns:
        return
    used = len(cells)
    while used and cells[used - 1] is None:
        used -= 1
    if used > limits.max_columns:
        raise too_many_columns(used, limits.max_columns)


def _build_table(
    sheets: Iterable[_Sheet], fmt: str, aliases: Mapping[str, str], limits: Limits
) -> Table:
    wanted = frozenset(clean_header(name) for name in aliases)
    seen_data = False
    for sheet in sheets:
        head, found = _locate_header(sheet, wanted, limits)
        seen_data = seen_data or bool(head)
        if found is None:
            continue
        header_row, header_cells = found
        headers = [clean_header(value) for value in header_cells]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        later = [row for row in head if row[0] > header_row]
        rows = _data_rows(chain(later, sheet.rows), width, limits)
        first = next(rows, None)
        if first is None:
            # Translators: 工作表的表头下面没有数据行。
            raise WorkbookError(_("The sheet has no rows under the header."), "no_rows")
        size = max(sheet.size - header_row, 1)
        return Table(header_row, headers, chain([first], rows), sheet.name, fmt, size)
    if not seen_data:
        # Translators: 这个文件是空的：没有哪个可见的工作表里有数据。
        raise WorkbookError(_("The file is empty: no visible sheet has any data."), "empty")
    template = _(
        # Translators: 找不到表头行：前20行里没有本次导入需要的列名（例如%(names)s）。
        "No header row found: the first 20 rows have none of the column names this import "
        "expects (such as %(names)s)."
    )
    raise workbook_error("no_header", template, names=_canonical_examples(aliases))


# ---------------------------------------------------------------------------------------------
# Reading: xlsx and ods (zip), once sheets.guards has scanned them


def _read_zip(data: bytes, aliases: Mapping[str, str], limits: Limits) -> Table:
    scanned = guards.check_zip(data, limits)
    if scanned.kind == "ods":
        return _read_with_calamine(data, "ods", aliases, limits, None)
    try:
        return _read_with_calamine(data, "xlsx", aliases, limits, scanned.extent)
    except WorkbookError:
        raise
    except _OpenpyxlInstead as instead:
        return _read_with_openpyxl(data, instead.sheet, aliases, limits)
    except BaseException as exc:
        if not isinstance(exc, CalamineError) and type(exc).__name__ != "PanicException":
            raise
        logger.info("python-calamine could not read an xlsx, trying openpyxl: %r", exc)
    return _read_with_openpyxl(data, None, aliases, limits)


class _OpenpyxlInstead(Exception):
    """A worksheet part with cells that omit their positions: read it with openpyxl."""

    def __init__(self, sheet: str) -> None:
        super().__init__(sheet)
        self.sheet = sheet


# ---------------------------------------------------------------------------------------------
# Reading: calamine (xlsx, xls, ods) and openpyxl (xlsx fallback)


def _read_with_calamine(
    data: bytes,
    fmt: str,
    aliases: Mapping[str, str],
    limits: Limits,
    stats_for: Callable[[str], PartStats] | None,
) -> Table:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise encrypted() from None
    with book:
        return _build_table(_calamine_sheets(book, limits, stats_for), fmt, aliases, limits)


def _calamine_sheets(
    book: CalamineWorkbook, limits: Limits, stats_for: Callable[[str], PartStats] | None
) -> Iterator[_Sheet]:
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
            continue
        if stats_for is not None and not guards.check_extent(stats_for(meta.name), limits):
            raise _OpenpyxlInstead(meta.name)
        sheet = book.get_sheet_by_name(meta.name)
        start, end = sheet.start, sheet.end
        if start is None or end is None:
            continue
        width = start[1] + sheet.width
        if width > limits.max_columns:
            raise too_many_columns(width, limits.max_columns)
        if (end[0] + 1) * width > limits.max_cells:
            raise too_many_cells(end[0] + 1, width, limits.max_cells)
        merges = [
            (first[0] + 1, first[1], last[0] + 1, last[1])
            for first, last in (sheet.merged_cell_ranges or ())
        ]
        yield _Sheet(meta.name, _calamine_rows(sheet, start[1]), merges, end[0] + 1)


def _calamine_rows(sheet: CalamineSheet, first_col: int) -> Iterator[Row]:
    # iter_rows() starts at row 1 (empty rows before the data included) but at the first used
    # column; calamine gives "" for an empty cell.
    shared = _Shared()
    for number, values in enumerate(sheet.iter_rows(), start=1):
        yield number, shared.cells(values, first_col)


class _Shared:
    """Empty strings become None, and each column keeps one object per distinct text.

    Columns such as 民族, 性别 or 社区 repeat a handful of values over 50,000 rows; sharing
    them halves the memory a table takes. A column that proves mostly distinct (names, ID
    numbers) stops being tracked.
    """

    LIMIT = 2_000

    def __init__(self) -> None:
        self.columns: list[dict[str, str] | None] = []

    def cells(self, values: Sequence[object], first_col: int = 0) -> list[object]:
        cells: list[object] = [None] * first_col
        columns = self.columns
        if first_col + len(values) > len(columns):
            columns.extend({} for _ in range(first_col + len(values) - len(columns)))
        index = first_col
        limit = self.LIMIT
        for value in values:
            if type(value) is str:
                if not value:
                    value = None
                else:
                    seen = columns[index]
                    if seen is not None:
                        value = seen.setdefault(value, value)
                        if len(seen) > limit:
                            columns[index] = None
            cells.append(value)
            index += 1
        return cells


def _read_with_openpyxl(
    data: bytes, only: str | None, aliases: Mapping[str, str], limits: Limits
) -> Table:
    sheets = _openpyxl_sheets(data, only)
    try:
        table = _build_table(sheets, "xlsx", aliases, limits)
        table.listed()  # before the workbook closes with its generator (a rare fallback)
        return table
    finally:
        sheets.close()


def _openpyxl_sheets(data: bytes, only: str | None) -> Generator[_Sheet]:
    """Streaming read-only openpyxl (its XML goes through defusedxml), imported only for the
    files calamine cannot read."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible" or (only is not None and sheet.title != only):
                continue
            sheet.reset_dimensions()  # <dimension> is not trusted: rows are not padded to it
            shared = _Shared()
            rows = (
                (number, shared.cells(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            yield _Sheet(sheet.title, rows, [])
    finally:
        book.close()


# ---------------------------------------------------------------------------------------------
# Reading: CSV


def _read_csv(data: bytes, extension: str, aliases: Mapping[str, str], limits: Limits) -> Table:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) and (
        b"<html" in head or b"<table" in head or b"<?xml" in head or b"<!doctype" in head
    ):
        template = _(
            # Translators: 这个文件其实是网页（HTML）或XML文件，只是用了电子表格的文件名。
            # 请用Excel或WPS打开它，另存为.xlsx格式后重新上传。
            "This file is really a web page (HTML) or XML file with a spreadsheet's name. Open "
            "it in Excel or WPS, save it as .xlsx and upload it again."
        )
        raise WorkbookError(template, "html")
    text = _decode_text(data, extension)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    shared = _Shared()
    rows = ((number, shared.cells(record)) for number, record in enumerate(reader, start=1))
    return _build_table([_Sheet("", rows, [], text.count("\n") + 1)], "csv", aliases, limits)


def _decode_text(data: bytes, extension: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Excel's "Unicode text" (tab-separated)
    if b"\x00" in data[:8192]:
        raise not_spreadsheet()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK: Excel and WPS on Chinese Windows
    except UnicodeDecodeError:
        if extension not in _TEXT_EXTENSIONS:
            raise not_spreadsheet() from None
        template = _(
            # Translators: 这个CSV文件既不是UTF-8也不是GBK/GB18030编码。请在Excel或WPS中
            # 另存为“CSV UTF-8”格式后重新上传。
            "This CSV file is neither UTF-8 nor GBK/GB18030 text. Save it from Excel or WPS as "
            "“CSV UTF-8” and upload it again."
        )
        raise WorkbookError(template, "encoding") from None


def _sniff_delimiter(text: str) -> str:
    """The candidate that splits the most lines into the same number of fields."""
    lines = [line for line in text[:65536].splitlines() if line.strip()][:40]
    best, best_score = ",", 0
    for delimiter in (",", "\t", ";"):
        counts = [line.count(delimiter) for line in lines if delimiter in line]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common)
        if score > best_score:
            best, best_score = delimiter, score
    return best
