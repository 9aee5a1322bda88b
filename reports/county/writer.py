"""Print-ready ledger sheets (县级报表 style), streamed with the project's SpreadsheetML writer.

A sheet is a merged title row, a 填报单位/填报日期 row, one or two header rows (a group header
spans the columns it groups; the others are merged down over both rows), the rows, a 合计 row
and the signature block (填报单位（盖章）, 填报人, 审核人, 填报日期); with borders on every
cell, frozen headers and identifying columns, column widths fitted to Chinese text, and printed
on the paper asked for (A4 or A3) with no text below 9 pt (sheets.paper: fitted to the page's
width, or split across pages with 序号 and the identifying columns repeated on the left), the
header rows repeated on every page, the title in the page header and page numbers in the
footer. A ledger longer than Excel's sheet goes on in a next sheet, "参保台账（续1）".

Rows go straight to the file as they come (sheets.xlsxstream: a microsecond or two a cell,
where xlsxwriter takes seven), so memory stays flat whatever the number of rows. Strings are
inline strings: no cell is ever a formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sheets import xlsxstream
from sheets.paper import A4, PageSetup, Paper, header_text
from sheets.paper import layout as page_layout
from sheets.writing import display_width, fitted_widths

SAMPLE_ROWS = 200  # rows the column widths are fitted to
HEADER_ROW = 3  # 1-based: the title and the 填报单位 rows come first
MAX_ROWS = 1_048_576  # Excel's rows in a sheet: past them a ledger goes on in a next sheet
FOOTER_ROWS = 4  # under the rows: 合计, a blank row and the signatures (two rows at most)
FONT_SIZE = 10  # the text's, in points (_FONT)
PADDING = 0.71  # what Excel adds to a column's width in characters (xlsxstream.Sheet.start)
SIGNATURE_CHARS = 24  # the room one signature needs, in characters
SIGNATURE_HEIGHT = 36  # points: room to sign and to stamp
LINE_HEIGHT = 15  # points: a line of 10 pt text in a cell

# Cell styles: indexes into STYLES' cellXfs.
TITLE, LEFT, RIGHT, HEADER, CELL, TEXT, NUMBER, MONEY, DATE, DATETIME, TOTAL, TOTAL_MONEY = range(
    1, 13
)
TITLE_SHRUNK = 13  # a title over the part of a first page not repeated on the others
_FONT = '<sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/>'
_BORDER = (
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/>'
    '</right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/>'
    "</bottom><diagonal/></border>"
)


def _xf(font: int = 0, border: int = 1, fill: int = 0, fmt: int = 0, align: str = "") -> str:
    wrap = ' wrapText="1"' if border else ""
    return (
        f'<xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0" '
        'applyFont="1" applyBorder="1" applyFill="1" applyNumberFormat="1" applyAlignment="1">'
        f'<alignment vertical="center"{align}{wrap}/></xf>'
    )


_XFS = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    _xf(font=2, border=0, align=' horizontal="center"'),  # TITLE
    _xf(border=0),  # LEFT
    _xf(border=0, align=' horizontal="right"'),  # RIGHT
    _xf(font=1, fill=2, align=' horizontal="center"'),  # HEADER
    _xf(),  # CELL
    _xf(fmt=49),  # TEXT
    _xf(align=' horizontal="right"'),  # NUMBER
    _xf(fmt=4),  # MONEY: #,##0.00
    _xf(fmt=164, align=' horizontal="center"'),  # DATE
    _xf(fmt=165),  # DATETIME
    _xf(font=1),  # TOTAL
    _xf(font=1, fmt=4),  # TOTAL_MONEY
    _xf(font=2, border=0, align=' horizontal="center" shrinkToFit="1"'),  # TITLE_SHRUNK
]
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    f'<fonts count="3"><font>{_FONT}</font><font><b/>{_FONT}</font>'
    '<font><b/><sz val="16"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>{_BORDER}'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{len(_XFS)}">{"".join(_XFS)}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


@dataclass(frozen=True)
class Col:
    """A column of a county sheet: its header, how a row gives its cell, and its group."""

    header: str
    value: Callable[[Any], object]
    group: str = ""  # the header above this one, spanning the adjacent columns of the group
    total: bool = False  # summed in the 合计 row
    text: bool = False  # written as text (ID numbers, phones, codes)
    money: bool = False  # yuan, two decimals


def header_rows(columns: Sequence[Col]) -> int:
    return 2 if any(column.group for column in columns) else 1


@dataclass(frozen=True)
class Layout:
    """How a sheet (and each of its continuations) is laid out and printed."""

    name: str
    title: str
    columns: Sequence[Col]
    widths: list[int]  # of 序号 and the columns, in characters
    setup: PageSetup
    frozen: int  # columns kept in view: 序号 and those that identify a row

    @property
    def width(self) -> int:
        return len(self.widths)

    @property
    def first_data(self) -> int:
        """The first data row (1-based)."""
        return HEADER_ROW + header_rows(self.columns)

    def part_name(self, part: int) -> str:
        return f"{self.name}（续{part}）" if part else self.name

    def part_title(self, part: int) -> str:
        return f"{self.title}（续{part}）" if part else self.title

    @property
    def page_one(self) -> tuple[int, int]:
        """The columns (first, last) the title and the unit go over: those of the first page
        across, less the columns every page repeats (they would show a piece of them on every
        page)."""
        setup = self.setup
        if not setup.split:
            return 0, self.width - 1
        return setup.title_columns, setup.first_page_columns - 1

    @property
    def last_page(self) -> tuple[int, int]:
        """The columns the signatures go under: those of the last page across, when there is
        room to sign there (pages are numbered across, then down), else page_one's."""
        setup = self.setup
        if setup.split and sum(self.widths[setup.breaks[-1] :]) >= SIGNATURE_CHARS * 2:
            return setup.breaks[-1], self.width - 1
        return self.page_one


def _groups(columns: Sequence[Col]) -> list[tuple[int, int]]:
    """The columns (first, last, counting 序号) of each group header."""
    spans: list[tuple[int, int]] = []
    for col, column in enumerate(columns, start=1):
        if not column.group:
            continue
        if spans and spans[-1][1] == col - 1 and columns[col - 2].group == column.group:
            spans[-1] = (spans[-1][0], col)
        else:
            spans.append((col, col))
    return spans


def _widths(headers: Sequence[str], sample: Sequence[Sequence[object]]) -> list[int]:
    """Column widths fitted to the first rows, and to the headers in at most two lines."""
    fitted = fitted_widths([""] * len(headers), sample)
    return [
        max(width, _header_width(header)) for header, width in zip(headers, fitted, strict=True)
    ]


def _header_width(header: str) -> int:
    """Six characters to a line; a longer header in two lines."""
    width = display_width(header)
    return width + 2 if width <= 12 else max(math.ceil(width / 4) * 2, 12) + 2


def _height(values: Sequence[object], widths: Sequence[int]) -> float | None:
    """The height of a row whose text wraps (None: one line). Set, not left to the program:
    not every one fits the rows to their text when it opens a file."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if type(value) is str and (len(value) * 2 > width - 2 or "\n" in value):
            room = max(width - 2, 1)
            needed = 0
            for part in value.split("\n"):
                # display_width measures 60 characters: a longer text in proportion.
                measured = display_width(part) * max(len(part), 60) / 60
                needed += max(math.ceil(measured / room), 1)
            lines = max(lines, needed)
    return LINE_HEIGHT * lines if lines > 1 else None


def _segments(widths: Sequence[int], count: int) -> list[tuple[int, int]]:
    """`count` runs of adjacent columns (first, last) of about equal width, in order."""
    total = sum(widths)
    runs: list[tuple[int, int]] = []
    start, used = 0, 0
    for index in range(count):
        target = total * (index + 1) / count
        end = start
        used += widths[end]
        # Leave a column for each run still to come.
        while end + 1 < len(widths) - (count - index - 1) and used + widths[end + 1] / 2 <= target:
            end += 1
            used += widths[end]
        if index == count - 1:
            end = len(widths) - 1
        runs.append((start, end))
        start = end + 1
    return runs


class CountyBook:
    """One workbook: sheets added one after another, each written whole before the next."""

    def __init__(self, target: str | IO[bytes], unit: str, today: date, paper: Paper = A4) -> None:
        self.book = xlsxstream.Book(target, styles=STYLES)
        self.unit = unit
        self.today = today
        self.paper = paper
        self.yes, self.no = _("Yes"), _("No")

    def close(self) -> None:
        self.book.close()

    def abort(self) -> None:
        self.book.abort()

    def sheet(
        self,
        name: str,
        title: str,
        columns: Sequence[Col],
        rows: Iterable[Any],
        measure: str,
        totals: Sequence[object] | None = None,
        keys: int = 1,
        total_row: bool = True,
    ) -> int:
        """Write a sheet: 序号 then `columns`, a row per item of `rows`; returns the rows
        written. The 合计 row counts the rows and sums the columns marked `total`, unless
        `totals` gives its cells (after 序号). 序号 and the first `keys` columns identify a
        row: they stay in view and, on a sheet split across pages, print on every page. Past
        MAX_ROWS the rows go on to a next sheet, "name（续1）", laid out the same."""
        headers = [_("No."), *(column.header for column in columns)]
        sums = [Decimal(0)] * len(columns)
        prepared = self._rows(columns, rows, sums)
        sample = list(islice(prepared, SAMPLE_ROWS))  # the widths, hence the layout, first
        widths = _widths(headers, [values for values, _styles in sample])
        setup = page_layout(
            [w + PADDING for w in widths], FONT_SIZE, self.paper, 1 + keys, _groups(columns)
        )
        laid = Layout(name, title, columns, widths, setup, min(1 + keys, len(headers) - 1))
        part = 0
        sheet = self._open(laid, part)
        room = MAX_ROWS - laid.first_data + 1 - FOOTER_ROWS
        written = number = 0
        for values, styles in chain(sample, prepared):
            if written == room:
                self._close(sheet, laid, part)
                part += 1
                sheet, written = self._open(laid, part), 0
            sheet.styled_row(values, styles, height=_height(values, widths))
            written += 1
            number += 1
        if total_row:
            self._totals(sheet, columns, number, measure, sums, totals)
        self._close(sheet, laid, part)
        return number

    def _rows(
        self, columns: Sequence[Col], rows: Iterable[Any], sums: list[Decimal]
    ) -> Iterator[tuple[list[object], list[int]]]:
        """Each item's cells and their styles, numbered; adds up the `total` columns."""
        getters = [column.value for column in columns]
        summed = [i for i, column in enumerate(columns) if column.total]
        base = [CELL] * (len(columns) + 1)
        base[0] = NUMBER
        for number, item in enumerate(rows, start=1):
            values: list[object] = [number, *(get(item) for get in getters)]
            styles = base.copy()
            for col, column in enumerate(columns, start=1):
                values[col], styles[col] = self._cell(values[col], column)
            for i in summed:
                value = values[i + 1]
                if isinstance(value, int | float | Decimal):
                    sums[i] += Decimal(value)
            yield values, styles

    def _open(self, layout: Layout, part: int) -> xlsxstream.Sheet:
        """A sheet (the `part`-th continuation when not 0): its title, unit and headers."""
        sheet = self.book.open_sheet(layout.part_name(part), layout.width)
        self._top(sheet, layout.part_title(part), layout)
        self._headers(sheet, layout)
        return sheet

    def _close(self, sheet: xlsxstream.Sheet, layout: Layout, part: int) -> None:
        """The signature block, the view and the print set-up; the sheet is done."""
        self._signatures(sheet, layout)
        setup = layout.setup
        sheet.start(layout.widths, {}, layout.first_data - 1, layout.frozen)
        self.book.repeat_rows(HEADER_ROW, layout.first_data - 1)
        if setup.title_columns:
            self.book.repeat_columns(0, setup.title_columns - 1)
        header = "&C&12" + header_text(layout.part_title(part))
        sheet.print_setup(setup, header=header, footer="&C&10" + _("Page &P of &N"))
        self.book.close_sheet(sheet)

    def _top(self, sheet: xlsxstream.Sheet, title: str, layout: Layout) -> None:
        """The title row, and the row of the reporting unit and the date, over the columns of
        the first page across (a title cut by a page edge reads as two)."""
        width, (first, last) = layout.width, layout.page_one
        cells: list[object] = [None] * width
        cells[first] = title
        style = TITLE_SHRUNK if layout.setup.split else TITLE
        sheet.styled_row(cells, [style] * width, height=30)
        if last > first:
            sheet.merge(first, last)
        half = first + max((last - first + 1) // 2, 1)
        unit = _("Reporting unit: %(unit)s") % {"unit": self.unit}
        day = _("Date: %(day)s") % {"day": f"{self.today:%Y-%m-%d}"}
        cells = [None] * width
        cells[first], cells[min(half, width - 1)] = unit, day
        sheet.styled_row(cells, [LEFT] * half + [RIGHT] * (width - half))
        if half - 1 > first:
            sheet.merge(first, half - 1)
        if last > half:
            sheet.merge(half, last)

    def _signatures(self, sheet: xlsxstream.Sheet, layout: Layout) -> None:
        """填报单位（盖章）, 填报人, 审核人, 填报日期 under the table, on its last page: four to
        a row when there is room, else two."""
        labels = [
            _("Reporting unit (seal):"),
            _("Filled in by:"),
            _("Checked by:"),
            _("Date filed:        year    month    day"),
        ]
        width, (first, last) = layout.width, layout.last_page
        room = layout.widths[first : last + 1]
        per_row = min(len(labels) if sum(room) >= SIGNATURE_CHARS * 4 else 2, len(room))
        sheet.styled_row([None] * width, [LEFT] * width)
        for label_index in range(0, len(labels), per_row):
            cells: list[object] = [None] * width
            row = sheet.number + 1
            for (start, end), label in zip(
                _segments(room, per_row), labels[label_index : label_index + per_row], strict=False
            ):
                cells[first + start] = label
                if end > start:
                    sheet.merge_range(row, first + start, row, first + end)
            sheet.styled_row(cells, [LEFT] * width, height=SIGNATURE_HEIGHT)

    def _headers(self, sheet: xlsxstream.Sheet, layout: Layout) -> None:
        """The header rows. With groups, a group's header spans its columns and every other
        header is merged over both rows. A header wider than its column takes two lines."""
        columns = layout.columns
        headers = [_("No."), *(column.header for column in columns)]
        styles = [HEADER] * len(headers)
        wrapped = any(
            display_width(header) + 2 > width
            for header, width in zip(headers, layout.widths, strict=True)
        )
        height = LINE_HEIGHT * (2 if wrapped else 1)
        if header_rows(columns) == 1:
            sheet.styled_row(headers, styles, height=height)
            return
        groups = ["", *(column.group for column in columns)]
        top: list[object] = [None] * len(headers)
        bottom: list[object] = [None] * len(headers)
        col = 0
        while col < len(headers):
            group, end = groups[col], col
            while group and end + 1 < len(headers) and groups[end + 1] == group:
                end += 1
            if group:
                top[col] = group
                bottom[col : end + 1] = headers[col : end + 1]
                if end > col:
                    sheet.merge_range(HEADER_ROW, col, HEADER_ROW, end)
            else:
                top[col] = headers[col]
                sheet.merge_range(HEADER_ROW, col, HEADER_ROW + 1, col)
            col = end + 1
        sheet.styled_row(top, styles, height=LINE_HEIGHT)
        sheet.styled_row(bottom, styles, height=height)  # with the row above: two lines

    def _cell(self, value: object, column: Col) -> tuple[object, int]:
        """The value as written, and its style."""
        if value is None or value == "":
            return None, TEXT if column.text else CELL
        if type(value) is str:
            return value, TEXT if column.text else CELL
        if column.text:
            return str(value), TEXT
        if isinstance(value, bool):
            return (self.yes if value else self.no), CELL
        if isinstance(value, int | float | Decimal):
            return value, MONEY if column.money else NUMBER
        if isinstance(value, datetime):
            return (timezone.localtime(value) if timezone.is_aware(value) else value), DATETIME
        if isinstance(value, date):
            return value, DATE
        return str(value), CELL

    def _totals(
        self,
        sheet: xlsxstream.Sheet,
        columns: Sequence[Col],
        count: int,
        measure: str,
        sums: list[Decimal],
        totals: Sequence[object] | None,
    ) -> None:
        if totals is None:
            counted = _("%(n)d %(measure)s") % {"n": count, "measure": measure}
            totals = [counted, *([None] * (len(columns) - 1))]
            for i, column in enumerate(columns):
                if column.total:
                    totals[i] = sums[i]
        styles = [TOTAL] + [TOTAL_MONEY if column.money else TOTAL for column in columns]
        sheet.styled_row([_("Total"), *totals], styles)
