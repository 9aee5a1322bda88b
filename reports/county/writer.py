"""Print-ready ledger sheets (县级报表 style), streamed with the project's SpreadsheetML writer.

A sheet is a merged title row, a 填报单位/填报日期 row, one or two header rows (a group header
spans the columns it groups; the others are merged down over both rows), the rows, and a 合计
row; with borders on every cell, frozen headers, column widths fitted to Chinese text, A4
landscape fitted to the page width, the header rows repeated on every printed page and page
numbers in the footer.

Rows go straight to the file as they come (sheets.xlsxstream: a microsecond or two a cell,
where xlsxwriter takes seven), so memory stays flat whatever the number of rows. Strings are
inline strings: no cell is ever a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sheets import xlsxstream
from sheets.writing import fitted_widths

SAMPLE_ROWS = 200  # rows the column widths are fitted to
A4 = 9  # SpreadsheetML's paper size code
HEADER_ROW = 3  # 1-based: the title and the 填报单位 rows come first

# Cell styles: indexes into STYLES' cellXfs.
TITLE, LEFT, RIGHT, HEADER, CELL, TEXT, NUMBER, MONEY, DATE, DATETIME, TOTAL, TOTAL_MONEY = range(
    1, 13
)
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


class CountyBook:
    """One workbook: sheets added one after another, each written whole before the next."""

    def __init__(self, target: str | IO[bytes], unit: str, today: date) -> None:
        self.book = xlsxstream.Book(target, styles=STYLES)
        self.unit = unit
        self.today = today
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
    ) -> int:
        """Write a sheet: 序号 then `columns`, a row per item of `rows`; returns the rows
        written. The 合计 row counts the rows and sums the columns marked `total`, unless
        `totals` gives its cells (after 序号)."""
        width = len(columns) + 1
        sheet = self.book.open_sheet(name, width)
        self._top(sheet, title, width)
        first_data = self._headers(sheet, columns)
        getters = [column.value for column in columns]
        sums = [Decimal(0)] * len(columns)
        summed = [i for i, column in enumerate(columns) if column.total]
        base = [CELL] * width
        base[0] = NUMBER
        sample: list[list[object]] = []
        number = 0
        for number, item in enumerate(rows, start=1):
            values: list[object] = [number, *(get(item) for get in getters)]
            styles = base.copy()
            for col, column in enumerate(columns, start=1):
                values[col], styles[col] = self._cell(values[col], column)
            for i in summed:
                value = values[i + 1]
                if isinstance(value, int | float | Decimal):
                    sums[i] += Decimal(value)
            sheet.styled_row(values, styles)
            if number <= SAMPLE_ROWS:
                sample.append(values)
        self._totals(sheet, columns, number, measure, sums, totals)
        headers = [_("No."), *(column.header for column in columns)]
        sheet.start(fitted_widths(headers, sample), {}, first_data - 1, min(2, width - 1))
        self.book.repeat_rows(HEADER_ROW, first_data - 1)
        sheet.print_setup(
            landscape=True,
            paper=A4,
            fit_width=True,
            margins=(0.4, 0.4, 0.6, 0.7),
            footer=_("&CPage &P of &N"),
            centered=True,
        )
        self.book.close_sheet(sheet)
        return number

    def _top(self, sheet: xlsxstream.Sheet, title: str, width: int) -> None:
        """The title row, and the row of the reporting unit and the date."""
        sheet.styled_row([title, *([None] * (width - 1))], [TITLE] * width, height=30)
        if width > 1:
            sheet.merge(0, width - 1)
        half = max(width // 2, 1)
        unit = _("Reporting unit: %(unit)s") % {"unit": self.unit}
        day = _("Date: %(day)s") % {"day": f"{self.today:%Y-%m-%d}"}
        cells: list[object] = [None] * width
        cells[0], cells[min(half, width - 1)] = unit, day
        sheet.styled_row(cells, [LEFT] * half + [RIGHT] * (width - half))
        if half > 1:
            sheet.merge(0, half - 1)
        if width - 1 > half:
            sheet.merge(half, width - 1)

    def _headers(self, sheet: xlsxstream.Sheet, columns: Sequence[Col]) -> int:
        """The header rows; returns the first data row (1-based). With groups, a group's
        header spans its columns and every other header is merged over both rows."""
        headers = [_("No."), *(column.header for column in columns)]
        styles = [HEADER] * len(headers)
        if header_rows(columns) == 1:
            sheet.styled_row(headers, styles)
            return HEADER_ROW + 1
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
        sheet.styled_row(top, styles)
        sheet.styled_row(bottom, styles)
        return HEADER_ROW + 2

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
