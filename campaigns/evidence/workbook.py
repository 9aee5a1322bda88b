"""The evidence pack's summary workbook (汇总.xlsx): printable, bordered tables with a merged
title, frozen and repeated header rows and a totals row, written row by row in constant memory."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

A4 = 9  # xlsxwriter's paper code
MIN_WIDTH, MAX_WIDTH = 6, 40  # a long text column wraps at MAX_WIDTH
TITLE_SCALE = 1.6  # the title's 16 points to the table's 10


def text_width(value: object) -> int:
    """How many Latin-character widths the longest line of `value` needs: a Chinese character
    takes two."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    lines = str(value).splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line[:200])
        for line in lines
    )


class SummaryBook:
    """One .xlsx file: a cover sheet, then one table a record type. Strings are written as
    strings (never formulas or links), so a title such as "=1+1" stays text."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.book = xlsxwriter.Workbook(
            os.fspath(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        add = self.book.add_format
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.title = add({**base, "bold": True, "font_size": 16, "align": "center"})
        self.header = add({**cell, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.label = add({**cell, "bold": True, "bg_color": "#F2F2F2"})
        self.text = add(cell)
        self.number = add({**cell, "align": "right"})
        self.date = add({**cell, "num_format": "yyyy-mm-dd", "align": "center"})
        totals = {**cell, "bold": True, "bg_color": "#F2F2F2"}
        self.total_text = add(totals)
        self.total_number = add({**totals, "align": "right"})

    def close(self) -> None:
        self.book.close()

    def _sheet(self, name: str) -> Any:
        sheet = self.book.add_worksheet(name)
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)  # as wide as the page, as many pages long as it takes
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.center_horizontally()
        sheet.set_footer("&C第 &P 页，共 &N 页")
        return sheet

    def _write(self, sheet: Any, row: int, col: int, value: object, *, total: bool = False) -> None:
        if isinstance(value, bool):
            value = "是" if value else "否"
        if isinstance(value, int | float | Decimal):
            sheet.write_number(row, col, float(value), self.total_number if total else self.number)
        elif isinstance(value, datetime):
            text = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
            sheet.write_string(row, col, text, self.total_text if total else self.text)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date)
        elif value is None or value == "":
            sheet.write_blank(row, col, None, self.total_text if total else self.text)
        else:
            sheet.write_string(row, col, str(value), self.total_text if total else self.text)

    def cover(
        self,
        name: str,
        title: str,
        facts: Sequence[tuple[str, str]],
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
    ) -> None:
        """The first sheet: what the pack is (label and value rows), then a small table."""
        sheet = self._sheet(name)
        sheet.set_portrait()
        width = max(len(headers), 2)
        sheet.merge_range(0, 0, 0, width - 1, title, self.title)
        sheet.set_row(0, 30)
        row = 2
        for label, value in facts:
            sheet.write_string(row, 0, label, self.label)
            sheet.merge_range(row, 1, row, width - 1, value, self.text)
            row += 1
        row += 1
        sheet.write_row(row, 0, list(headers), self.header)
        for line in rows:
            row += 1
            for col, cell in enumerate(line):
                self._write(sheet, row, col, cell)
        sheet.set_column(0, 0, 16)
        sheet.set_column(1, width - 1, 14)
        labels = [text_width(value) for _label, value in facts]
        if labels and max(labels) > 14 * (width - 1):
            sheet.set_column(1, width - 1, min(MAX_WIDTH, max(labels) // (width - 1) + 2))

    def table(
        self,
        name: str,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        totals: Any,
    ) -> int:
        """A titled table; `totals()` is called after the rows and gives the last row. Returns
        the number of rows written."""
        sheet = self._sheet(name)
        last = len(headers) - 1
        sheet.merge_range(0, 0, 0, last, title, self.title)
        sheet.set_row(0, 28)
        sheet.write_row(1, 0, list(headers), self.header)
        sheet.freeze_panes(2, 0)
        sheet.repeat_rows(0, 1)  # the title and the header on every printed page
        widths = [text_width(header) for header in headers]
        row = 1
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                self._write(sheet, row, col, value)
                widths[col] = max(widths[col], text_width(value))
        count = row - 1
        row += 1
        for col, value in enumerate(totals()):
            self._write(sheet, row, col, value, total=True)
            widths[col] = max(widths[col], min(text_width(value), MAX_WIDTH))
        fitted: list[float] = [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]
        # The title is in a larger font: widen the columns alike until it fits above them.
        short = TITLE_SCALE * text_width(title) - sum(fitted)
        if short > 0:
            fitted = [width + short / len(fitted) for width in fitted]
        for col, width in enumerate(fitted):
            sheet.set_column(col, col, width)
        return count
