"""Uploaded spreadsheets read safely and fast, and the spreadsheets 同心 writes (xlsx and CSV)."""

import csv
import io
import logging
import os
import re
import struct
import sys
import unicodedata
import zipfile
import zlib
from array import array
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import chain, islice
from operator import itemgetter
from typing import IO, Any, cast
from xml.parsers import expat

import openpyxl
import xlsxwriter
from defusedxml import ElementTree as SafeElementTree
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill
from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from ledgers.identifiers import LazyText, _lazy_percent
from sheets import xlsxstream

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 20  # the header row is looked for among this many non-blank rows
EXCEL_MAX_ROWS = 1_048_576  # a row number beyond this is a damaged or crafted file
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
_CHUNK = 1 << 20  # zip members are inflated and scanned one MiB at a time
_MAX_ZIP_MEMBERS = 10_000
_RATIO_LIMIT = 200  # a member that inflates more than 200:1 ...
_RATIO_MIN_BYTES = 10 * 2**20  # ... and to more than 10 MB is a zip bomb
_MAX_OPEN_TAG = 4 * 2**20  # no spreadsheet has an unclosed tag or a text run this long
_MAX_XLS_SHEETS = 1_000
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MAGIC_NOT_SPREADSHEET = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"MZ",  # Windows executable
    b"\x7fELF",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"{\\rtf",
    b"%!PS",
)
# fmt: off
_NOT_SPREADSHEET_EXTENSIONS = frozenset({
    ".doc", ".docx", ".docm", ".dot", ".dotx", ".wps", ".pdf", ".ppt", ".pptx", ".png", ".jpg",
    ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".exe", ".dll", ".msi", ".apk", ".zip",
    ".rar", ".7z", ".gz", ".tar", ".mp3", ".mp4", ".avi", ".mov",
})
# fmt: on
_TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})


class WorkbookError(Exception):
    """A file that cannot be read: `message` is what the upload form shows, `code` names why."""

    def __init__(self, message: LazyText, code: str) -> None:
        super().__init__(message, code)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def _error(code: str, template: LazyText, **params: object) -> WorkbookError:
    """The message is filled in when shown, so it follows the reader's language."""
    return WorkbookError(cast(LazyText, _lazy_percent(template, params)), code)


def _unreadable() -> WorkbookError:
    template = _(
        # Translators: 无法把这个文件当作电子表格读取。
        # 请用Excel或WPS打开它，另存为.xlsx格式后重新上传。
        "The file could not be read as a spreadsheet. Open it in Excel or WPS, save it as .xlsx "
        "and upload it again."
    )
    return WorkbookError(template, "unreadable")


def _not_spreadsheet() -> WorkbookError:
    template = _(
        # Translators: 这个文件不是电子表格。请上传Excel（.xlsx或.xls）、WPS表格、
        # OpenDocument（.ods）或CSV文件。
        "This file is not a spreadsheet. Upload an Excel (.xlsx or .xls), WPS, OpenDocument "
        "(.ods) or CSV file."
    )
    return WorkbookError(template, "not_spreadsheet")


def _encrypted() -> WorkbookError:
    template = _(
        # Translators: 这个文件设置了密码。请去掉密码（或另存一份不加密的副本）后重新上传。
        "The file is protected with a password. Remove the password (or save a copy without "
        "one) and upload it again."
    )
    return WorkbookError(template, "encrypted")


def _unsafe_xml() -> WorkbookError:
    template = _(
        # Translators: 这个文件含有文档类型声明（DOCTYPE或ENTITY），正常的电子表格不会有。
        # 为了安全，不读取该文件。
        "The file contains a document type declaration (DOCTYPE or ENTITY), which spreadsheets "
        "never have. For safety it is not read."
    )
    return WorkbookError(template, "unsafe_xml")


def _too_many_cells(rows: int, columns: int, limits: "Limits") -> WorkbookError:
    template = _(
        # Translators: 这个工作表有数据的区域达到%(rows)s行×%(columns)s列，超过了可读取的
        # %(limit)s个单元格。请删除数据下方或右侧远处多余的内容后再上传。
        "The used area of the sheet reaches %(rows)s rows by %(columns)s columns, more than the "
        "%(limit)s cells that can be read. Delete stray content far below or to the right of "
        "the data and upload the file again."
    )
    shown = {"rows": f"{rows:,}", "columns": f"{columns:,}", "limit": f"{limits.max_cells:,}"}
    return _error("too_many_cells", template, **shown)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 2**20
    max_unzipped_bytes: int = 200 * 2**20
    max_rows: int = 100_000
    max_columns: int = 200
    # python-calamine lays a sheet out as a dense rows × columns grid of 32-byte cells before
    # Python sees a row, and aborts the whole process when that allocation fails: a 5 KB xlsx
    # with values in A1 and XFD1048576 asks for 512 GiB. The used area is measured from the
    # file first and refused above this many cells (4,000,000 ≈ 122 MiB).
    max_cells: int = 4_000_000


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
# Reading: the entry point


def read_table(
    data: bytes,
    filename: str,
    header_aliases: Mapping[str, str],
    *,
    limits: Limits = Limits(),  # frozen: one shared default is safe
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
        raise _error("too_large", template, size=size, limit=limit)
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
        raise _unreadable() from exc
    except BaseException as exc:  # pyo3 turns a Rust panic into PanicException(BaseException)
        if type(exc).__name__ != "PanicException":
            raise
        logger.warning("python-calamine panicked on %r: %r", filename, exc)
        raise _unreadable() from None


def _guarded(rows: Iterator["Row"], filename: str) -> Iterator["Row"]:
    with _readable(filename):
        yield from rows


def _read_table(data: bytes, filename: str, aliases: Mapping[str, str], limits: Limits) -> Table:
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, aliases, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        stream = _xls_workbook_stream(data)
        _check_biff(stream, limits)
        return _read_with_calamine(data, "xls", aliases, limits, None)
    if data.startswith(_MAGIC_NOT_SPREADSHEET) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_spreadsheet()
    if data[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08"):
        raise _unreadable()  # Excel 2.x-4.x worksheets: a bare BIFF stream, too old to read
    extension = os.path.splitext(filename)[1].lower()
    if extension in _NOT_SPREADSHEET_EXTENSIONS:
        raise _not_spreadsheet()
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
        raise _unreadable()  # openpyxl would yield every missing row up to <row r="9999999999">
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
            raise _error("too_many_rows", template, limit=f"{limits.max_rows:,}")
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
        raise _too_many_columns(used, limits)


def _too_many_columns(count: int, limits: Limits) -> WorkbookError:
    # Translators: 这个工作表有%(count)d列，最多只能读取%(limit)d列。
    template = _("The sheet has %(count)d columns; at most %(limit)d can be read.")
    return _error("too_many_columns", template, count=count, limit=limits.max_columns)


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
    raise _error("no_header", template, names=_canonical_examples(aliases))


# ---------------------------------------------------------------------------------------------
# Reading: xlsx and ods (zip), checked before any parser sees them


@dataclass
class _PartStats:
    """What an XML part would ask of calamine if read as a worksheet: cells and their extent.

    The first pass only counts and searches (C speed, no object per cell): when every cell tag
    is a plain `<c r="A1" t="s">` with one reference of one letter and at most five digits, the
    extent is at most 99,999 × 26. Otherwise a second pass reads every r attribute in the part
    (quick-xml accepts a second r, even without a space before it, and calamine uses it).
    """

    cells: int = 0  # cell start tags
    plain: int = 0  # of which start `<c r="`
    unusual: bool = False  # <c> with other spacing, or prefixed <x:c>
    small: bool = True  # every reference within A1:Z99999
    exact: bool = False
    cells_with_ref: int = 0  # exact pass: cells whose r attribute was read
    odd_refs: int = 0  # exact pass: r attributes whose value is not a plain A1 reference
    max_row: int = 0
    max_col: int = 0

    @property
    def positioned(self) -> bool:
        """Every cell states its position (else calamine counts along, and openpyxl reads it)."""
        if self.exact:
            return self.cells_with_ref == self.cells and not self.odd_refs
        return self.plain == self.cells and not self.unusual

    @property
    def rows(self) -> int:
        return self.max_row if self.exact else 99_999 if self.small else 1_048_576

    @property
    def columns(self) -> int:
        return self.max_col if self.exact else 26 if self.small else 16_384

    def merge(self, other: "_PartStats") -> None:
        """Grow to cover `other` too (for a sheet whose part is not known)."""
        positioned = self.positioned and other.positioned
        self.exact = True
        self.cells = max(self.cells, other.cells)
        self.cells_with_ref = self.cells if positioned else -1
        self.max_row = max(self.max_row, other.rows)
        self.max_col = max(self.max_col, other.columns)


_UNSAFE_MARKUP = re.compile(rb"<!(?!--|\[CDATA\[)")
_ODD_CELL = re.compile(rb"<c[\t\n\r>/]")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
# A cell start tag that is not `<c r="A1"` (one letter, at most five digits) followed only by
# other plainly quoted, space-separated attributes.
_NOT_PLAIN_SMALL = re.compile(
    rb'<c (?!r="[A-Za-z][0-9]{1,5}"(?:[ \t\r\n]+(?!r=)[A-Za-z:]+="[^"<>]*")*[ \t\r\n]*/?>)'
)
# Exact pass: every r attribute anywhere (rows' too: a bound may be loose, never short).
_R_ATTRIBUTE = re.compile(rb"[\s\"']r\s*=")
_ANY_REF = re.compile(rb"[\s\"']r\s*=\s*[\"']([A-Za-z]{0,9})([0-9]{1,12})[\"']")
# Any layout: the r attribute of a cell start tag, skipping other attributes whole (so that a
# quoted value cannot hide a reference).
_CELL_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c"
    rb"(?:\s+(?!r\s*=)[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
    rb"\s+r\s*=\s*[\"']([A-Za-z]{0,9})([0-9]{1,12})[\"']"
)
_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return max(number, 1)


def _count_cells(part: bytes, stats: _PartStats) -> None:
    """First pass over a piece of a part: counts and searches only."""
    stats.cells += part.count(b"<c ")
    stats.plain += part.count(b'<c r="')
    if not stats.unusual and (
        _ODD_CELL.search(part) or (b":c" in part and _PREFIXED_CELL.search(part))
    ):
        stats.unusual = True
    if stats.small and _NOT_PLAIN_SMALL.search(part):
        stats.small = False


def _read_refs(part: bytes, stats: _PartStats) -> None:
    """Exact pass: every r attribute, for a part whose first-pass bound was too loose."""
    stats.cells += len(_CELL_OPEN.findall(part))
    stats.cells_with_ref += len(_CELL_REF.findall(part))
    refs = _ANY_REF.findall(part)
    stats.odd_refs += len(_R_ATTRIBUTE.findall(part)) - len(refs)
    if refs:
        stats.max_col = max(stats.max_col, *map(_column_number, set(map(itemgetter(0), refs))))
        stats.max_row = max(stats.max_row, *map(int, set(map(itemgetter(1), refs))))


class _OdsExtent:
    """Streams content.xml through expat, adding up the area calamine will lay out.

    calamine reads every table of an .ods when it opens it and repeats each non-empty cell
    and row as often as number-columns-repeated / number-rows-repeated say.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0
        self.in_cell = 0
        self.row = self.repeat = self.col = self.width = 0
        self.table_rows = self.table_width = 0
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse

    def refuse(self, *args: object) -> None:
        raise _unsafe_xml()

    def feed(self, part: bytes, final: bool = False) -> None:
        self.parser.Parse(part, final)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in ("table:table-cell", "table:covered-table-cell"):
            if self.in_cell:
                self.in_cell += 1
                return
            self.in_cell = 1
            self.col += max(int(attrs.get("table:number-columns-repeated", "1")), 1)
            if "office:value-type" in attrs or "table:formula" in attrs:
                self.width = self.col
        elif self.in_cell:
            return
        elif name == "table:table-row":
            self.repeat = max(int(attrs.get("table:number-rows-repeated", "1")), 1)
            self.col = self.width = 0
        elif name == "table:table":
            self.row = self.table_rows = self.table_width = 0

    def end(self, name: str) -> None:
        if name in ("table:table-cell", "table:covered-table-cell"):
            self.in_cell -= 1
        elif self.in_cell:
            return
        elif name == "table:table-row":
            if self.width:
                self.table_rows = self.row + self.repeat
                self.table_width = max(self.table_width, self.width)
                if self.total + self.table_rows * self.table_width > self.limits.max_cells:
                    raise _too_many_cells(self.table_rows, self.table_width, self.limits)
            self.row += self.repeat
        elif name == "table:table":
            self.total += self.table_rows * self.table_width


def _zip_bomb(limits: Limits) -> WorkbookError:
    template = _(
        # Translators: 这个文件解压后超过%(limit)s MB（或压缩比异常，像是“压缩炸弹”），
        # 无法安全读取。
        "The file unpacks to more than %(limit)s MB (or is compressed suspiciously well, like a "
        "zip bomb), so it cannot be read safely."
    )
    return _error("zip_bomb", template, limit=f"{limits.max_unzipped_bytes / 2**20:g}")


def _inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes as any unzipper will see them, whatever sizes the directory declares."""
    offset = info.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise _unreadable()
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for position in range(0, len(raw), _CHUNK):
            yield bytes(raw[position : position + _CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = 0
    while not inflater.eof:
        if inflater.unconsumed_tail:
            piece = inflater.unconsumed_tail
        elif position < len(raw):
            piece = bytes(raw[position : position + _CHUNK])
            position += _CHUNK
        else:
            piece = b""
        out = inflater.decompress(piece, _CHUNK)
        if out:
            yield out
        elif not piece:
            break


class _ZipScan:
    """Inflates every member once, counting real bytes, and scans the XML ones as they stream.

    A member is XML when its name says so or its content starts with "<": a worksheet part can
    be named anything in the relationships. Cells are counted in every XML part under xl/.
    """

    def __init__(self, data: bytes, limits: Limits, kind: str) -> None:
        self.data = data
        self.limits = limits
        self.kind = kind
        self.inflated = 0
        self.parts: dict[str, _PartStats] = {}

    def run(self, infos: list[zipfile.ZipInfo]) -> None:
        for info in infos:
            if not info.is_dir():
                self.member(info)

    def member(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        name = info.filename
        xml = name.lower().endswith((".xml", ".rels", ".vml"))
        stats: _PartStats | None = None
        ods: _OdsExtent | None = None
        size = 0
        carry = b""
        first = True
        for chunk in _inflate(self.data, info):
            size += len(chunk)
            self.inflated += len(chunk)
            if self.inflated > limits.max_unzipped_bytes:
                raise _zip_bomb(limits)
            if size > _RATIO_MIN_BYTES and size > _RATIO_LIMIT * max(info.compress_size, 1):
                raise _zip_bomb(limits)
            if first:
                first = False
                start = chunk[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
                xml = xml or start.startswith(b"<")
                if xml and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                    raise _unreadable()  # UTF-16/32 parts: no spreadsheet program writes them
                if xml and self.kind == "xlsx" and name.startswith("xl/"):
                    stats = self.parts.setdefault(name, _PartStats())
                if xml and self.kind == "ods" and name == "content.xml":
                    ods = _OdsExtent(limits)
            if not xml:
                continue
            buffer = carry + chunk if carry else chunk
            cut = buffer.rfind(b">") + 1
            if not cut:
                carry = buffer
                if len(carry) > _MAX_OPEN_TAG:
                    raise _unreadable()
                continue
            self.part(buffer[:cut], stats, ods)
            carry = buffer[cut:]
        if xml:
            self.part(carry, stats, ods)
            if ods is not None:
                ods.feed(b"", final=True)
        loose = stats is not None and (not stats.positioned or not stats.small)
        if stats is not None and stats.cells and loose:
            self.exact(info, stats)

    def exact(self, info: zipfile.ZipInfo, stats: _PartStats) -> None:
        """Second pass: read every cell reference of a part whose first-pass bound was loose."""
        stats.exact = True
        stats.cells = stats.cells_with_ref = stats.odd_refs = stats.max_row = stats.max_col = 0
        carry = b""
        for chunk in _inflate(self.data, info):
            buffer = carry + chunk if carry else chunk
            cut = buffer.rfind(b">") + 1
            _read_refs(buffer[:cut], stats)
            carry = buffer[cut:]
        _read_refs(carry, stats)

    def part(self, part: bytes, stats: _PartStats | None, ods: _OdsExtent | None) -> None:
        if _UNSAFE_MARKUP.search(part):
            raise _unsafe_xml()
        if stats is not None:
            _count_cells(part, stats)
        if ods is not None:
            ods.feed(part)


def _open_zip(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _unreadable() from None
    infos = archive.infolist()
    if len(infos) > _MAX_ZIP_MEMBERS:
        raise _zip_bomb(limits)
    declared = 0
    names: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise _encrypted()
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unreadable()
        name = info.filename
        if name in names or "\\" in name or name.startswith("/") or ".." in name.split("/"):
            raise _unreadable()  # no spreadsheet program writes such names; parsers differ on them
        names.add(name)
        declared += info.file_size
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > _RATIO_LIMIT * max(
            info.compress_size, 1
        ):
            raise _zip_bomb(limits)
    if declared > limits.max_unzipped_bytes:
        raise _zip_bomb(limits)
    if "xl/workbook.xml" in names:
        return archive, "xlsx"
    if "mimetype" in names:
        mimetype = archive.getinfo("mimetype")
        if mimetype.file_size < 200:
            content = archive.read(mimetype).strip()
            if content == b"application/vnd.oasis.opendocument.spreadsheet":
                return archive, "ods"
    if "xl/workbook.bin" in names:
        raise _unreadable()  # .xlsb: Excel can save it as .xlsx
    raise _not_spreadsheet()


def _read_zip(data: bytes, aliases: Mapping[str, str], limits: Limits) -> Table:
    archive, kind = _open_zip(data, limits)
    scan = _ZipScan(data, limits, kind)
    scan.run(archive.infolist())
    if kind == "ods":
        return _read_with_calamine(data, "ods", aliases, limits, None)
    parts = _xlsx_sheet_parts(archive)
    every = _PartStats()
    for stats in scan.parts.values():
        if stats.cells:
            every.merge(stats)

    def stats_for(name: str) -> _PartStats:
        part = parts.get(name)
        return scan.parts.get(part, every) if part else every

    try:
        return _read_with_calamine(data, "xlsx", aliases, limits, stats_for)
    except WorkbookError:
        raise
    except _OpenpyxlInstead as instead:
        return _read_with_openpyxl(data, instead.sheet, aliases, limits)
    except BaseException as exc:
        if not isinstance(exc, CalamineError) and type(exc).__name__ != "PanicException":
            raise
        logger.info("python-calamine could not read an xlsx, trying openpyxl: %r", exc)
    return _read_with_openpyxl(data, None, aliases, limits)


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, for the plain relative targets Excel and WPS write.

    A sheet missing here is checked against the largest extent of all parts instead.
    """
    try:
        book = SafeElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if rel.tag.rsplit("}", 1)[-1] == "Relationship"
    }
    parts = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rid) or ""
        if target.startswith("/xl/"):
            target = target[4:]
        elif target.startswith(("/", "xl/")):
            continue
        if re.fullmatch(r"[\w.-]+(/[\w.-]+)*", target) and ".." not in target.split("/"):
            parts[sheet.get("name", "")] = "xl/" + target
    return parts


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
    stats_for: Callable[[str], _PartStats] | None,
) -> Table:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise _encrypted() from None
    with book:
        return _build_table(_calamine_sheets(book, limits, stats_for), fmt, aliases, limits)


def _calamine_sheets(
    book: CalamineWorkbook, limits: Limits, stats_for: Callable[[str], _PartStats] | None
) -> Iterator[_Sheet]:
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
            continue
        if stats_for is not None:
            stats = stats_for(meta.name)
            if stats.cells > limits.max_cells:
                raise _too_many_cells(stats.rows, stats.columns, limits)
            if not stats.positioned:
                raise _OpenpyxlInstead(meta.name)
            if stats.rows * stats.columns > limits.max_cells:
                raise _too_many_cells(stats.rows, stats.columns, limits)
        sheet = book.get_sheet_by_name(meta.name)
        start, end = sheet.start, sheet.end
        if start is None or end is None:
            continue
        width = start[1] + sheet.width
        if width > limits.max_columns:
            raise _too_many_columns(width, limits)
        if (end[0] + 1) * width > limits.max_cells:
            raise _too_many_cells(end[0] + 1, width, limits)
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
    """Streaming read-only openpyxl (its XML goes through defusedxml)."""
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
# Reading: xls (an OLE compound file holding a BIFF stream), checked before calamine sees it

_END_OF_CHAIN = 0xFFFFFFFE
_FREE_SECTOR = 0xFFFFFFFF
_BIFF_CELLS = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD})  # row, column first
_BIFF_MULRK = 0x00BD
_BIFF_DIMENSIONS = 0x0200
_BIFF_EOF = 0x000A
_RECORD = struct.Struct("<HH")
_RECORD_CELL = struct.Struct("<HHHH")


def _u32_array(blob: bytes | bytearray) -> "array[int]":
    values = array("I")
    values.frombytes(blob[: len(blob) - len(blob) % 4])
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _xls_workbook_stream(data: bytes) -> bytes | bytearray:
    """The Workbook stream, after checking every count and chain calamine will trust.

    calamine reserves memory by sizes read from the header and the directory, and follows
    sector chains without looking for loops; a crafted file either aborts the process or
    never finishes. Anything out of range or looping is refused here.
    """
    if len(data) < 512:
        raise _unreadable()
    byte_order, sector_shift, mini_shift = struct.unpack_from("<HHH", data, 28)
    if byte_order != 0xFFFE or sector_shift not in (9, 12) or mini_shift != 6:
        raise _unreadable()
    size = 1 << sector_shift
    counts = struct.unpack_from("<9I", data, 40)
    dir_count, fat_count, dir_start, _, _, minifat_start, minifat_count, difat_start = counts[:8]
    difat_count = counts[8]
    sectors = max((len(data) - size + size - 1) // size, 0)
    if max(dir_count, fat_count, minifat_count, difat_count) > sectors:
        raise _unreadable()

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise _unreadable()
        start = (number + 1) * size
        return data[start : start + size].ljust(size, b"\x00")

    def joined(numbers: list[int]) -> bytearray:
        out = bytearray()
        for number in numbers:
            start = (number + 1) * size
            out += view[start : start + size]
        return out.ljust(len(numbers) * size, b"\x00")

    view = memoryview(data)

    difat = list(struct.unpack_from("<109I", data, 76))
    seen: set[int] = set()
    number = difat_start
    while number not in (_END_OF_CHAIN, _FREE_SECTOR):
        if number in seen:
            raise _unreadable()
        seen.add(number)
        links = _u32_array(sector(number))
        difat.extend(links[:-1])
        number = links[-1]
    fat_sectors = [number for number in difat if number < 0xFFFFFFFA]
    if len(fat_sectors) > sectors:
        raise _unreadable()
    fat = _u32_array(b"".join(sector(number) for number in fat_sectors))

    def follow(start: int, table: "array[int]", limit: int) -> list[int]:
        numbers: list[int] = []
        visited: set[int] = set()
        number = start
        while number != _END_OF_CHAIN:
            if number >= len(table) or number >= limit or number in visited:
                raise _unreadable()
            visited.add(number)
            numbers.append(number)
            number = table[number]
        return numbers

    directory = bytes(joined(follow(dir_start, fat, sectors)))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise _unreadable()

    def entry_size(entry: bytes) -> int:
        value = struct.unpack_from("<Q" if size != 512 else "<I", entry, 120)[0]
        if value > len(data):
            raise _unreadable()
        return int(value)

    def entry_name(entry: bytes) -> str:
        return entry[:64].decode("utf-16-le", "ignore").split("\x00", 1)[0]

    names = [entry_name(entry) for entry in entries]
    for entry, name in zip(entries, names, strict=True):
        if name:
            entry_size(entry)  # calamine reserves a stream's declared size before reading it
    root = entries[0]
    root_start = struct.unpack_from("<I", root, 116)[0]
    root_size = entry_size(root)
    mini_stream = b""
    if root_start != _END_OF_CHAIN:
        chain_ = follow(root_start, fat, sectors)
        mini_stream = bytes(joined(chain_)[:root_size])
    minifat = array("I")
    if minifat_start != _END_OF_CHAIN:
        minifat = _u32_array(joined(follow(minifat_start, fat, sectors)))
    for wanted in ("Workbook", "Book"):
        if wanted in names:
            entry = entries[names.index(wanted)]
            break
    else:
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise _encrypted()  # an .xlsx saved with a password
        raise _not_spreadsheet()  # .doc, .ppt, .msi …
    start = struct.unpack_from("<I", entry, 116)[0]
    length = entry_size(entry)
    if length < 4096:
        small = len(mini_stream) // 64
        pieces = [mini_stream[n * 64 : n * 64 + 64] for n in follow(start, minifat, small)]
        return b"".join(pieces)[:length]
    stream = joined(follow(start, fat, sectors))
    del stream[length:]
    return stream


def _check_biff(stream: bytes | bytearray, limits: Limits) -> None:
    """Refuse the records that make calamine reserve or lay out more than max_cells."""
    end = len(stream)
    sheets: list[int] = []
    position = 0
    while position + 4 <= end:
        kind, length = _RECORD.unpack_from(stream, position)
        body = position + 4
        position = body + length
        if kind == 0x0085 and length >= 4:  # BOUNDSHEET: where a sheet's records start
            sheets.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == 0x00FC and length >= 8:  # SST: calamine reserves the declared count
            count = struct.unpack_from("<i", stream, body + 4)[0]
            if count < 0 or count > end // 3 + 1:
                raise _unreadable()
        elif kind == 0x002F:  # FILEPASS
            raise _encrypted()
        elif kind == _BIFF_EOF:
            break
    if len(sheets) > _MAX_XLS_SHEETS:
        raise _unreadable()
    budget = 2 * (end // 4 + 1)  # records visited over all sheets; overlapping sheets loop
    total = 0
    for start in dict.fromkeys(sheets):
        max_row = max_col = -1
        position = start
        while position + 4 <= end:
            budget -= 1
            if budget < 0:
                raise _unreadable()
            kind, length = _RECORD.unpack_from(stream, position)
            body = position + 4
            position = body + length
            if position > end:
                break
            if kind in _BIFF_CELLS and length >= 4:
                _, _, row, col = _RECORD_CELL.unpack_from(stream, body - 4)
            elif kind == _BIFF_MULRK and length >= 6:
                row = struct.unpack_from("<H", stream, body)[0]
                col = struct.unpack_from("<H", stream, position - 2)[0]
            elif kind == _BIFF_DIMENSIONS and length in (10, 14):
                _check_dimensions(stream[body:position], limits)
                continue
            elif kind == _BIFF_EOF:
                break
            else:
                continue
            max_row = max(max_row, row)
            max_col = max(max_col, col)
        if max_row >= 0:
            total += (max_row + 1) * (max_col + 1)
            if total > limits.max_cells:
                raise _too_many_cells(max_row + 1, max_col + 1, limits)


def _check_dimensions(record: bytes | bytearray, limits: Limits) -> None:
    """calamine reserves rows × columns cells from DIMENSIONS, with u32 arithmetic that wraps."""
    if len(record) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", record)
    else:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", record)
    if last_row >= 1 and last_col >= 1:
        rows = (last_row - 1 - first_row + 1) % 2**32
        cols = (last_col - 1 - first_col + 1) % 2**32
    else:
        rows = cols = 1
    if rows > 65_536 or cols > 256:
        raise _unreadable()  # beyond what any .xls can hold: a damaged or crafted file
    if rows * cols > limits.max_cells:
        raise _too_many_cells(rows, cols, limits)


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
        raise _not_spreadsheet()
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
            raise _not_spreadsheet() from None
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
    note = str(_lazy_percent(template, {"format": "." + table.format}))
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
