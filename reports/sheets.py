"""Print-ready ledger sheets (县级报表 style) written with xlsxwriter in constant-memory mode.

A sheet is a merged title row, a 填报单位/填报日期 row, one or two header rows (a group header
spans the columns it groups; the others are merged down), the rows, and a 合计 row; with
borders, frozen headers, column widths fitted to Chinese text, A4 landscape fitted to the page
width, the header rows repeated on every printed page and page numbers in the footer.

Rows are written in order and flushed as they go, so memory stays flat whatever the number of
rows. No string ever becomes a formula: every text goes through write_string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from ledgers.workbooks import fitted_widths

SAMPLE_ROWS = 200  # rows the column widths are fitted to
A4 = 9  # xlsxwriter's paper size code


@dataclass(frozen=True)
class Col:
    """A column of a county sheet: its header, how a row gives its cell, and its group."""

    header: str
    value: Callable[[Any], object]
    group: str = ""  # the header above this one, spanning the adjacent columns of the group
    total: bool = False  # summed in the 合计 row
    text: bool = False  # written as text (ID numbers, phones, codes)
    money: bool = False  # yuan, two decimals


class Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, book: Any) -> None:
        base = {"border": 1, "valign": "vcenter", "text_wrap": True, "font_size": 10}
        self.title = book.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        )
        self.left = book.add_format({"font_size": 10, "valign": "vcenter"})
        self.right = book.add_format({"font_size": 10, "align": "right", "valign": "vcenter"})
        self.header = book.add_format(
            {**base, "bold": True, "align": "center", "bg_color": "#F2F2F2"}
        )
        self.cell = book.add_format(base)
        self.text = book.add_format({**base, "num_format": "@"})
        self.number = book.add_format({**base, "align": "right"})
        self.money = book.add_format({**base, "num_format": "#,##0.00"})
        self.date = book.add_format({**base, "num_format": "yyyy-mm-dd", "align": "center"})
        self.datetime = book.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"})
        self.total = book.add_format({**base, "bold": True})
        self.total_money = book.add_format({**base, "bold": True, "num_format": "#,##0.00"})


def header_rows(columns: Sequence[Col]) -> int:
    return 2 if any(column.group for column in columns) else 1


class CountyBook:
    """One workbook: sheets added one after another, each written whole before the next."""

    def __init__(self, target: str | IO[bytes], unit: str, today: date) -> None:
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.formats = Formats(self.book)
        self.unit = unit
        self.today = today
        self.yes, self.no = _("Yes"), _("No")

    def close(self) -> None:
        self.book.close()

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
        f = self.formats
        ws = self.book.add_worksheet(name)
        width = len(columns) + 1
        last = width - 1
        ws.set_row(0, 30)
        ws.merge_range(0, 0, 0, last, title, f.title)
        half = max(width // 2, 1)
        self._span(ws, 1, 0, half - 1, _("Reporting unit: %(unit)s") % {"unit": self.unit}, f.left)
        day = _("Date: %(day)s") % {"day": f"{self.today:%Y-%m-%d}"}
        self._span(ws, 1, half, last, day, f.right)
        first_data = self._headers(ws, 2, columns)
        ws.freeze_panes(first_data, min(2, last))
        ws.repeat_rows(2, first_data - 1)

        getters = [column.value for column in columns]
        sums = [Decimal(0) for _column in columns]
        summed = [i for i, column in enumerate(columns) if column.total]
        sample: list[list[object]] = []
        number = 0
        put = self._put
        for number, item in enumerate(rows, start=1):
            values = [get(item) for get in getters]
            row = first_data + number - 1
            ws.write_number(row, 0, number, f.number)
            for col, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
                put(ws, row, col, value, column)
            for i in summed:
                value = values[i]
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    sums[i] += Decimal(value)
            if number <= SAMPLE_ROWS:
                sample.append([number, *values])
        self._totals(ws, first_data + number, columns, number, measure, sums, totals)
        headers = [_("No."), *(column.header for column in columns)]
        for col, col_width in enumerate(fitted_widths(headers, sample)):
            ws.set_column(col, col, col_width)
        self._print_setup(ws)
        return number

    def _span(self, ws: Any, row: int, first: int, last: int, text: str, fmt: Any) -> None:
        if last > first:
            ws.merge_range(row, first, row, last, text, fmt)
        else:
            ws.write_string(row, first, text, fmt)

    def _headers(self, ws: Any, row: int, columns: Sequence[Col]) -> int:
        """The header rows from `row`; returns the first data row. With groups, the group's
        header spans its columns and every other header is merged over both rows."""
        fmt = self.formats.header
        headers = [_("No."), *(column.header for column in columns)]
        groups = ["", *(column.group for column in columns)]
        if header_rows(columns) == 1:
            for col, header in enumerate(headers):
                ws.write_string(row, col, header, fmt)
            return row + 1
        # Rows go out in order (constant memory): the top row whole, then the lower one.
        col = 0
        while col < len(headers):
            group = groups[col]
            end = col
            while group and end + 1 < len(headers) and groups[end + 1] == group:
                end += 1
            self._span(ws, row, col, end, group or headers[col], fmt)
            col = end + 1
        for col, header in enumerate(headers):
            if groups[col]:
                ws.write_string(row + 1, col, header, fmt)
            else:
                ws.write_blank(row + 1, col, None, fmt)
                # merge_range would write into the row above, already flushed: the range is
                # recorded as merge_range records it.
                ws.merge.append([row, col, row + 1, col])
        return row + 2

    def _put(self, ws: Any, row: int, col: int, value: object, column: Col) -> None:
        f = self.formats
        if value is None or value == "":
            ws.write_blank(row, col, None, f.text if column.text else f.cell)
        elif type(value) is str:
            ws.write_string(row, col, value, f.text if column.text else f.cell)
        elif column.text:
            ws.write_string(row, col, str(value), f.text)
        elif isinstance(value, bool):
            ws.write_string(row, col, self.yes if value else self.no, f.cell)
        elif isinstance(value, int | float | Decimal):
            ws.write_number(row, col, float(value), f.money if column.money else f.number)
        elif isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            ws.write_datetime(row, col, local.replace(tzinfo=None), f.datetime)
        elif isinstance(value, date):
            ws.write_datetime(row, col, value, f.date)
        else:
            ws.write_string(row, col, str(value), f.cell)

    def _totals(
        self,
        ws: Any,
        row: int,
        columns: Sequence[Col],
        count: int,
        measure: str,
        sums: list[Decimal],
        totals: Sequence[object] | None,
    ) -> None:
        f = self.formats
        ws.write_string(row, 0, _("Total"), f.total)
        if totals is None:
            counted = _("%(n)d %(measure)s") % {"n": count, "measure": measure}
            totals = [counted, *([None] * (len(columns) - 1))]
            for i, column in enumerate(columns):
                if column.total:
                    totals[i] = sums[i]
        for col, (value, column) in enumerate(zip(totals, columns, strict=True), start=1):
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                ws.write_number(row, col, float(value), f.total_money if column.money else f.total)
            elif value in (None, ""):
                ws.write_blank(row, col, None, f.total)
            else:
                ws.write_string(row, col, str(value), f.total)

    def _print_setup(self, ws: Any) -> None:
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # the width of one page, as many pages down as needed
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
        ws.set_footer(_("&CPage &P of &N"))
