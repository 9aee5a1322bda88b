"""Page set-up for printed sheets: paper, orientation, fit to the page's width or split across
pages with print titles, header and footer — chosen so that no text prints below 9 pt.

A sheet `width` points wide prints at `printable / width` of its size when fitted to the page's
width. When that leaves the text at 9 pt or more it is fitted (one page wide, as many down as
needed). Otherwise it prints at a fixed scale, never below 9 pt: the one that fits the page's
width in Excel when that is 9 pt or more, else 9 pt, split across pages; its identifying
columns (序号, 姓名 or 名称, the number) repeat on the left of every page, its header rows at
the top, and pages are numbered across, then down.

Column widths are Excel's unit (characters of the default font's digit, as stored). A character
prints 5.25 pt wide in Excel with 宋体 (its 7 px digit), 6.35 pt in LibreOffice, which has no
宋体 and measures its stand-in (measured by the county workbook's printing test): a sheet is
fitted only when it keeps 9 pt at the wider, and a fixed scale keeps 9 pt in both.

`layout()` decides; `spreadsheetml()` writes the decision for sheets.xlsxstream.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_PRINTED_PT = 9.0  # no text below this on paper
EXCEL_DIGIT_PX = 7  # 宋体 10 pt's digit at 96 dpi: Excel's unit of column width
WIDEST_CHARACTER_PT = 6.35  # a character of column width in LibreOffice, at 100 %
POINTS_PER_INCH = 72
FULL = 0.6  # of its width, a page keeps when a group of columns moves to the next


@dataclass(frozen=True)
class Paper:
    """A paper size: SpreadsheetML's code and its width and height in millimetres (portrait)."""

    name: str
    code: int
    width_mm: float
    height_mm: float


A4 = Paper("A4", 9, 210, 297)
A3 = Paper("A3", 8, 297, 420)
PAPERS = {paper.name: paper for paper in (A4, A3)}


@dataclass(frozen=True)
class Margins:
    """In inches, as SpreadsheetML keeps them."""

    left: float = 0.4
    right: float = 0.4
    top: float = 0.75
    bottom: float = 0.75
    header: float = 0.3
    footer: float = 0.3


@dataclass(frozen=True)
class PageSetup:
    """How a sheet prints."""

    paper: Paper
    landscape: bool
    fit_width: bool  # one page wide, as many down as needed; else printed at `scale`
    scale: int  # per cent: the fitted scale (estimated), or the one printed at
    title_columns: int  # columns repeated on the left of every page (not fitted), from A
    first_page_columns: int  # the columns Excel prints on the first page across
    margins: Margins
    columns: int  # of the sheet
    breaks: tuple[int, ...] = ()  # the first column of each page across but the first

    @property
    def split(self) -> bool:
        """Printed across more than one page wide (in Excel)."""
        return bool(self.breaks)

    def printed_size(self, font_size: float) -> float:
        """What a `font_size` pt text measures on paper (at the least)."""
        return font_size * self.scale / 100


def column_points(width: float) -> float:
    """A column `width` characters wide (as stored) as Excel prints it, in points at 100 %."""
    return math.trunc(width * EXCEL_DIGIT_PX + 0.5) * 0.75


def widest_points(width: float) -> float:
    """A column `width` characters wide (as stored) as wide as it may print, at 100 %."""
    return width * WIDEST_CHARACTER_PT


def printable_width(paper: Paper, landscape: bool, margins: Margins) -> float:
    """The width in points between the left and right margins."""
    across = paper.height_mm if landscape else paper.width_mm
    return across / 25.4 * POINTS_PER_INCH - (margins.left + margins.right) * POINTS_PER_INCH


def layout(
    widths: Sequence[float],
    font_size: float,
    paper: Paper = A4,
    title_columns: int = 0,
    groups: Sequence[tuple[int, int]] = (),
    margins: Margins | None = None,
) -> PageSetup:
    """The set-up of a sheet of columns `widths` (as stored) in `font_size` pt text: portrait
    when it fits at full size, else landscape; fitted to the width when that keeps 9 pt, else
    at a fixed scale with `title_columns` repeated. Split, its pages break between columns
    where every program fits them, and not inside `groups` (first, last column) that fit on
    a page."""
    margins = margins or Margins()
    widest = sum(widest_points(width) for width in widths) or 1.0
    if widest <= printable_width(paper, False, margins):
        return PageSetup(paper, False, True, 100, 0, len(widths), margins, len(widths))
    across = printable_width(paper, True, margins)
    smallest = math.ceil(MIN_PRINTED_PT / font_size * 100)  # per cent: 90 for 10 pt
    fitted = min(math.floor(across / widest * 100), 100)
    if fitted >= smallest:
        return PageSetup(paper, True, True, fitted, 0, len(widths), margins, len(widths))
    excel = sum(column_points(width) for width in widths)
    scale = min(max(math.floor(across / excel * 100), smallest), 100)
    if scale > smallest:  # one page wide in Excel; elsewhere the program breaks it
        return PageSetup(
            paper, True, False, scale, title_columns, len(widths), margins, len(widths)
        )
    room = across * 100 / scale
    breaks = _breaks([widest_points(width) for width in widths], room, title_columns, groups)
    first = breaks[0] if breaks else len(widths)
    titles = min(title_columns, first - 1)
    return PageSetup(paper, True, False, scale, titles, first, margins, len(widths), tuple(breaks))


def _breaks(
    points: Sequence[float], room: float, titles: int, groups: Sequence[tuple[int, int]]
) -> list[int]:
    """The first column of each page across but the first: as many columns as fit beside the
    repeated ones, a group moved whole to the next page when it fits on one and the page it
    leaves stays FULL."""
    repeated = sum(points[:titles])
    breaks: list[int] = []
    col = 0
    while col < len(points):
        used = repeated if breaks else 0.0
        end = col
        while end < len(points) and used + points[end] <= room:
            used += points[end]
            end += 1
        end = max(end, col + 1)
        if end >= len(points):
            break
        for first, last in groups:
            whole = sum(points[first : last + 1]) + repeated <= room
            if col < first < end <= last and whole and sum(points[col:first]) >= room * FULL:
                end = first
        breaks.append(end)
        col = end
    return breaks


def header_text(text: str) -> str:
    """`text` as the literal text of a header or footer section (& is a code there)."""
    return text.replace("&", "&&")


def spreadsheetml(setup: PageSetup, header: str = "", footer: str = "") -> tuple[str, str]:
    """The <sheetPr> and the page elements (after <mergeCells> and <dataValidations>) of a
    worksheet printed as `setup` says; `header` and `footer` in Excel's codes (&P, &N, &C …),
    at the printed size."""
    properties = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if setup.fit_width else ""
    m = setup.margins
    page = "" if setup.split else '<printOptions horizontalCentered="1"/>'
    page += (
        f'<pageMargins left="{m.left}" right="{m.right}" top="{m.top}" bottom="{m.bottom}" '
        f'header="{m.header}" footer="{m.footer}"/>'
    )
    page += f'<pageSetup paperSize="{setup.paper.code}"'
    if setup.fit_width:
        page += ' fitToWidth="1" fitToHeight="0"'
    else:
        page += f' scale="{setup.scale}" pageOrder="overThenDown"'
    page += f' orientation="{"landscape" if setup.landscape else "portrait"}"/>'
    if header or footer:
        page += "<headerFooter>"
        page += f"<oddHeader>{_escape(header)}</oddHeader>" if header else ""
        page += f"<oddFooter>{_escape(footer)}</oddFooter>" if footer else ""
        page += "</headerFooter>"
    if setup.breaks:
        page += f'<colBreaks count="{len(setup.breaks)}" manualBreakCount="{len(setup.breaks)}">'
        page += "".join(f'<brk id="{col}" max="1048575" man="1"/>' for col in setup.breaks)
        page += "</colBreaks>"
    return properties, page


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
