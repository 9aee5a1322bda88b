"""A streaming .xlsx writer for the sheets 同心 hands out: exports, templates, instructions.

Each worksheet is written as SpreadsheetML straight into its zip member, a few hundred rows at a
time, so an export of 100,000 residents takes constant memory and a few seconds: xlsxwriter, even
in constant_memory mode, spends about seven microseconds of Python on every cell. Strings are
inline strings (`t="inlineStr"`): no cell is ever a formula, whatever its text.

What it writes: a merged title row, a bold header row (frozen), typed cells (text, numbers,
booleans, dates and times), columns formatted as text, column widths, drop-down lists (long ones
in a hidden sheet) and instruction sheets of wrapped paragraphs; and, for print-ready sheets
such as the county workbook's, a style sheet of the caller's, merged ranges over several rows,
frozen columns, row heights, every cell styled (blank ones too), page set-up (sheets.paper:
paper, orientation, fit to width or scale, margins, header and footer) and header rows and
identifying columns repeated on every printed page.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import IO
from xml.sax.saxutils import quoteattr

from django.utils import timezone

from sheets import paper

MAX_TEXT = 32_767  # characters Excel keeps in a cell
FLUSH_ROWS = 500
# The rows of a sheet kept in memory before they go to a temporary file: past this, memory
# would grow with the export (BytesIO doubles as it grows, and the roll-over copies it once).
SPOOL_BYTES = 2**20
EPOCH = datetime(1899, 12, 30)
EPOCH_DATE = EPOCH.date()

# Cell styles (cellXfs indexes of STYLES below).
TITLE, HEADER, TEXT, DATE, DATETIME, TIME, WRAP = 1, 2, 3, 4, 5, 6, 7

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_x[0-9A-Fa-f]{4}_")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x")
# A row's texts joined with a character no export holds: what _text would change in any of
# them (also a space, as str.isspace() sees one, at either end of one), or a text that holds
# the joining character itself.
_APART = "\ue000"
_NOT_PLAIN = re.compile(
    "[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x|(?:^|\ue000)\\s|\\s(?:\ue000|$)"
)

STYLES = (
    _HEAD + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="hh:mm:ss"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/>'
    '</right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/>'
    "</bottom><diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment horizontal="center"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """A string as the content of <t>: escaped, Excel's _xHHHH_ escapes for what XML forbids."""
    if not _SPECIAL.search(value) and len(value) <= MAX_TEXT:
        if value[:1].isspace() or value[-1:].isspace():
            return f'<t xml:space="preserve">{value}</t>'
        return f"<t>{value}</t>"  # most cells: nothing to escape
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if "_x" in value:
        value = _ESCAPE_LIKE.sub(lambda m: "_x005F" + m.group(0), value)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[:1].isspace() or value[-1:].isspace():
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


def _serial(value: date | datetime | time | timedelta) -> tuple[str, int]:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        return repr((value - EPOCH).total_seconds() / 86_400), DATETIME
    if isinstance(value, date):
        return str((value - EPOCH_DATE).days), DATE
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return repr(seconds / 86_400), TIME
    return repr(value.total_seconds() / 86_400), TIME


def cell(ref: str, value: object, style: int = 0, text: bool = False) -> str:
    """One <c> element; "" for an empty cell. `text`: written as text whatever its type."""
    s = f' s="{style}"' if style else ""
    if type(value) is str or text:
        string = value if type(value) is str else str(value)
        return f'<c r="{ref}"{s} t="inlineStr"><is>{_text(string)}</is></c>' if string else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return f'<c r="{ref}"{s} t="inlineStr"><is>{_text(str(value))}</is></c>'
        return f'<c r="{ref}"{s}><v>{number!r}</v></c>'
    if isinstance(value, date | time | timedelta):
        serial, date_style = _serial(value)
        return f'<c r="{ref}" s="{style or date_style}"><v>{serial}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is>{_text(str(value))}</is></c>'


class Sheet:
    """A worksheet being written: rows go in order, each straight to the zip member."""

    def __init__(self, handle: IO[bytes], columns: int) -> None:
        self.handle = handle
        # The rows wait here (on disk past a few MiB) until the sheet's extent, which Excel
        # and openpyxl read from the <dimension> before the rows, is known.
        self.body = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by finish)
        self.letters = [column_letter(i) for i in range(max(columns, 1))]
        self.number = 0  # the last row written (1-based)
        self.width = 0  # the columns used
        self.buffer: list[str] = []
        self.head = ""
        self.merges: list[str] = []
        self.validations: list[str] = []
        self.properties = ""  # <sheetPr>: before everything else
        self.page = ""  # page set-up: after everything else

    def start(
        self,
        widths: Sequence[float],
        styles: dict[int, int],
        freeze_rows: int,
        freeze_cols: int = 0,
    ) -> None:
        """The sheet's view (frozen rows and columns), column widths and column styles; called
        before the sheet is finished (before or after its rows)."""
        view = '<sheetView workbookViewId="0">'
        if freeze_rows and freeze_cols:
            view += (
                f'<pane xSplit="{freeze_cols}" ySplit="{freeze_rows}" '
                f'topLeftCell="{column_letter(freeze_cols)}{freeze_rows + 1}" '
                'activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/>'
            )
        elif freeze_rows:
            view += (
                f'<pane ySplit="{freeze_rows}" topLeftCell="A{freeze_rows + 1}" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
            )
        view += "</sheetView>"
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{width + 0.71:.2f}" customWidth="1"'
            + (f' style="{styles[i]}"' if i in styles else "")
            + "/>"
            for i, width in enumerate(widths)
        )
        extra = [i for i in styles if i >= len(widths)]
        cols += "".join(f'<col min="{i + 1}" max="{i + 1}" style="{styles[i]}"/>' for i in extra)
        self.head = f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        if cols:
            self.head += f"<cols>{cols}</cols>"

    def row(self, values: Iterable[object], style: int = 0, styles: Sequence[int] = ()) -> None:
        """The next row; `styles` gives a column's style (text columns), `style` the row's."""
        self.number += 1
        number, letters, count = str(self.number), self.letters, len(styles)
        values = values if isinstance(values, list | tuple) else list(values)
        if len(values) > len(letters):
            letters.extend(column_letter(i) for i in range(len(letters), len(values)))
        # Most texts need nothing of _text (no escape, no space at either end, short): asked of
        # the row's texts at once, as one string; a row with one that does takes _text per cell.
        joined = _APART.join([value for value in values if type(value) is str])
        plain = not style and len(joined) <= MAX_TEXT and not _NOT_PLAIN.search(joined)
        cells = []
        col = -1
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            column_style = styles[col] if col < count else 0
            if plain and type(value) is str:  # the common cell, inlined: what cell() writes
                if column_style:
                    cells.append(
                        f'<c r="{letters[col]}{number}" s="{column_style}" t="inlineStr">'
                        f"<is><t>{value}</t></is></c>"
                    )
                else:
                    cells.append(
                        f'<c r="{letters[col]}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
                    )
            elif type(value) is str and not (style or column_style):
                cells.append(
                    f'<c r="{letters[col]}{number}" t="inlineStr"><is>{_text(value)}</is></c>'
                )
            elif type(value) is date and not style:  # a birth date: what cell() writes
                cells.append(
                    f'<c r="{letters[col]}{number}" s="{column_style or DATE}">'
                    f"<v>{(value - EPOCH_DATE).days}</v></c>"
                )
            else:
                cells.append(
                    cell(letters[col] + number, value, style or column_style, column_style == TEXT)
                )
        if col >= self.width:
            self.width = col + 1
        self.buffer.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.buffer) >= FLUSH_ROWS:
            self.flush()

    def styled_row(
        self, values: Sequence[object], styles: Sequence[int], height: float | None = None
    ) -> None:
        """The next row, each cell with its own style (`styles[i]`), empty cells too (so their
        borders show); dates need a style with a date format."""
        self.number += 1
        number = str(self.number)
        letters = self.letters
        if len(values) > len(letters):
            letters.extend(column_letter(i) for i in range(len(letters), len(values)))
        cells = []
        for col, value in enumerate(values):
            ref = letters[col] + number
            if value is None or value == "":
                cells.append(f'<c r="{ref}" s="{styles[col]}"/>')
            elif type(value) is str:
                cells.append(
                    f'<c r="{ref}" s="{styles[col]}" t="inlineStr"><is>{_text(value)}</is></c>'
                )
            else:
                cells.append(cell(ref, value, styles[col]))
        self.width = max(self.width, len(values))
        height_attr = f' ht="{height}" customHeight="1"' if height else ""
        self.buffer.append(f'<row r="{number}"{height_attr}>{"".join(cells)}</row>')
        if len(self.buffer) >= FLUSH_ROWS:
            self.flush()

    def merge(self, first_col: int, last_col: int) -> None:
        """Merge the current row from first_col to last_col."""
        self.merges.append(
            f"{column_letter(first_col)}{self.number}:{column_letter(last_col)}{self.number}"
        )

    def merge_range(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a range (1-based rows, 0-based columns), rows written or not."""
        self.merges.append(
            f"{column_letter(first_col)}{first_row}:{column_letter(last_col)}{last_row}"
        )

    def print_setup(self, setup: paper.PageSetup, header: str = "", footer: str = "") -> None:
        """Print as `setup` says (sheets.paper), with a header and a footer in Excel's codes."""
        self.properties, self.page = paper.spreadsheetml(setup, header, footer)

    def validate(self, col: int, first_row: int, last_row: int, formula: str) -> None:
        letter = column_letter(col)
        self.validations.append(
            f'<dataValidation type="list" allowBlank="1" showInputMessage="1" '
            f'showErrorMessage="1" sqref="{letter}{first_row}:{letter}{last_row}">'
            f"<formula1>{_escape(formula)}</formula1></dataValidation>"
        )

    def flush(self) -> None:
        if self.buffer:
            self.body.write("".join(self.buffer).encode())
            self.buffer = []

    def finish(self) -> None:
        self.flush()
        extent = "A1"
        if self.number and self.width:
            extent = f"A1:{column_letter(self.width - 1)}{self.number}"
        self.write(
            f'{_HEAD}<worksheet {_NS}>{self.properties}<dimension ref="{extent}"/>{self.head}'
            "<sheetData>"
        )
        self.body.seek(0)
        shutil.copyfileobj(self.body, self.handle, 2**20)
        self.body.close()
        self.write("</sheetData>")
        if self.merges:
            refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            self.write(f'<mergeCells count="{len(self.merges)}">{refs}</mergeCells>')
        if self.validations:
            self.write(
                f'<dataValidations count="{len(self.validations)}">'
                f"{''.join(self.validations)}</dataValidations>"
            )
        self.write(
            (
                self.page
                or '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                'footer="0.3"/>'
            )
            + "</worksheet>"
        )

    def write(self, text: str) -> None:
        self.handle.write(text.encode())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Book:
    """An .xlsx being written sheet after sheet (one sheet open at a time)."""

    def __init__(self, target: str | IO[bytes], styles: str = STYLES) -> None:
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3)
        self.names: list[tuple[str, bool]] = []  # sheet name, hidden
        self.writing: Sheet | None = None
        self.styles = styles
        self.print_titles: dict[int, tuple[int, int]] = {}  # sheet index → first, last row
        self.print_columns: dict[int, tuple[int, int]] = {}  # sheet index → first, last column

    def repeat_rows(self, first: int, last: int) -> None:
        """Print rows first…last (1-based) of the sheet being written on every page."""
        self.print_titles[len(self.names) - 1] = (first, last)

    def repeat_columns(self, first: int, last: int) -> None:
        """Print columns first…last (0-based) of the sheet being written on every page."""
        self.print_columns[len(self.names) - 1] = (first, last)

    def open_sheet(self, name: str, columns: int, hidden: bool = False) -> Sheet:
        """The next worksheet; write it whole and `close_sheet` it before opening another."""
        self.names.append((name, hidden))
        member = f"xl/worksheets/sheet{len(self.names)}.xml"
        self.writing = Sheet(self.zip.open(member, "w", force_zip64=True), columns)
        return self.writing

    def close_sheet(self, sheet: Sheet) -> None:
        sheet.finish()
        sheet.handle.close()
        self.writing = None

    def abort(self) -> None:
        """Give up a workbook that failed half-way (its file is useless)."""
        with contextlib.suppress(Exception):
            if self.writing is not None:
                self.writing.body.close()
                self.writing.handle.close()
            self.zip.close()

    def _titles(self, index: int) -> str:
        """The print titles of a sheet: 'name'!$A:$B,'name'!$3:$4 (columns first, as Excel)."""
        quoted = "'" + self.names[index][0].replace("'", "''") + "'"
        refs = []
        if index in self.print_columns:
            first, last = self.print_columns[index]
            refs.append(f"{quoted}!${column_letter(first)}:${column_letter(last)}")
        if index in self.print_titles:
            first, last = self.print_titles[index]
            refs.append(f"{quoted}!${first}:${last}")
        return ",".join(refs)

    def close(self) -> None:
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}"'
            + (' state="hidden"' if hidden else "")
            + f' r:id="rId{i}"/>'
            for i, (name, hidden) in enumerate(self.names, start=1)
        )
        active = next((i for i, (_n, hidden) in enumerate(self.names) if not hidden), 0)
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
            + _escape(self._titles(index))
            + "</definedName>"
            for index in sorted(self.print_titles.keys() | self.print_columns.keys())
        )
        defined = f"<definedNames>{names}</definedNames>" if names else ""
        self.zip.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook {_NS}><bookViews><workbookView activeTab="{active}"/>'
            f"</bookViews><sheets>{sheets}</sheets>{defined}</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.names) + 1)
        )
        styles_id = len(self.names) + 1
        rels += (
            f'<Relationship Id="rId{styles_id}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        )
        package = "http://schemas.openxmlformats.org/package/2006/relationships"
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{package}">{rels}</Relationships>',
        )
        self.zip.writestr("xl/styles.xml", self.styles)
        self.zip.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{package}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
            for i in range(1, len(self.names) + 1)
        )
        self.zip.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zip.close()
