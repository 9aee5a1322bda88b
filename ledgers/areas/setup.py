"""An office's first run: its communities and grids, read from a small spreadsheet (or typed at
the prompts of `manage.py setup_office`), checked whole, then written in one transaction.

One row per grid: 社区名称, 统计用区划代码, 社区简称 (optional), 网格编号, 网格名称
(both empty for a community without grids yet). Running it again with the same file changes
nothing; a row that disagrees with what is recorded (another name for a code, a grid code with
another name) is an error, never an overwrite: renaming is done in /admin/, where it keeps its
history.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ledgers.areas.models import Community, Grid, area_code_validator, short_code_validator
from sheets.reading import Table, read_table

# The columns as offices may head them (a column is found by any of its names).
HEADERS = {
    "社区名称": "name",
    "社区": "name",
    "统计用区划代码": "code",
    "区划代码": "code",
    "社区简称": "short_code",
    "简称": "short_code",
    "网格编号": "grid_code",
    "网格名称": "grid_name",
    "网格": "grid_name",
}
TITLES = {
    "name": "社区名称",
    "code": "统计用区划代码",
    "short_code": "社区简称",
    "grid_code": "网格编号",
    "grid_name": "网格名称",
}
REQUIRED = ["name", "code"]


@dataclass(frozen=True)
class Row:
    number: int  # the Excel row, or the entry's number at the prompts
    name: str
    code: str
    short_code: str = ""
    grid_code: str = ""
    grid_name: str = ""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the column's title, as TITLES names it
    message: str

    def __str__(self) -> str:
        return _("row %(row)d, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Outcome:
    communities: list[Community] = field(default_factory=list)  # created
    grids: list[Grid] = field(default_factory=list)  # created
    unchanged: int = 0  # rows already recorded as they are


def read_rows(data: bytes, filename: str) -> list[Row]:
    """The rows of the sheet (the spreadsheet engine's reader, its guards included)."""
    table: Table = read_table(data, filename, HEADERS)
    columns = {HEADERS[h]: i for i, h in enumerate(table.headers) if h in HEADERS}
    missing = [TITLES[c] for c in REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            _("The sheet has no column %(columns)s.") % {"columns": "、".join(missing)}
        )

    def cell(cells: list[object], key: str) -> str:
        if key not in columns:
            return ""
        value = cells[columns[key]]
        if isinstance(value, float) and value.is_integer():  # a code typed as a number
            value = int(value)
        return "" if value is None else str(value).strip()

    return [
        Row(number, *(cell(cells, key) for key in TITLES))
        for number, cells in table.listed()
        if any(cell(cells, key) for key in TITLES)
    ]


def check(rows: Iterable[Row]) -> list[Problem]:
    """Every problem of every row, by row and column; none means the rows can be written."""
    rows = list(rows)
    problems: list[Problem] = []
    say = problems.append
    by_code: dict[str, Row] = {}
    by_name: dict[str, Row] = {}
    grids: dict[tuple[str, str], Row] = {}
    recorded = {c.code: c for c in Community.objects.all()}
    recorded_names = {c.name: c for c in recorded.values()}
    recorded_shorts = {c.short_code: c for c in recorded.values()}
    recorded_grids = {
        (g.community.code, g.code): g for g in Grid.objects.select_related("community")
    }
    if not rows:
        say(Problem(0, TITLES["name"], _("There is no community to set up.")))
    for row in rows:
        if not row.name:
            say(Problem(row.number, TITLES["name"], _("A community needs its name.")))
        for value, validator, key in [
            (row.code, area_code_validator, "code"),
            (row.short_code, short_code_validator, "short_code"),
        ]:
            try:
                if value or key == "code":
                    validator(value)
            except ValidationError as error:
                say(Problem(row.number, TITLES[key], str(error.messages[0])))
        first = by_code.setdefault(row.code, row)
        if first is not row and (first.name, first.short_code) != (row.name, row.short_code):
            say(
                Problem(
                    row.number,
                    TITLES["code"],
                    _("Row %(row)d gives this code to %(name)s.")
                    % {"row": first.number, "name": first.name},
                )
            )
        same_name = by_name.setdefault(row.name, row)
        if same_name.code != row.code:
            say(
                Problem(
                    row.number,
                    TITLES["name"],
                    _("Row %(row)d gives this community the code %(code)s.")
                    % {"row": same_name.number, "code": same_name.code},
                )
            )
        known = recorded.get(row.code)
        if known is not None and known.name != row.name:
            say(
                Problem(
                    row.number,
                    TITLES["code"],
                    _("This code is recorded for %(name)s; rename it in the administration.")
                    % {"name": known.name},
                )
            )
        named = recorded_names.get(row.name)
        if named is not None and named.code != row.code:
            say(
                Problem(
                    row.number,
                    TITLES["name"],
                    _("%(name)s is recorded with the code %(code)s.")
                    % {"name": named.name, "code": named.code},
                )
            )
        short = recorded_shorts.get(row.short_code) if row.short_code else None
        if short is not None and short.code != row.code:
            say(
                Problem(
                    row.number,
                    TITLES["short_code"],
                    _("This short code is used by %(name)s.") % {"name": short.name},
                )
            )
        if bool(row.grid_code) != bool(row.grid_name):
            key = "grid_name" if row.grid_code else "grid_code"
            say(Problem(row.number, TITLES[key], _("A grid needs both its code and its name.")))
        if not row.grid_code:
            continue
        earlier = grids.setdefault((row.code, row.grid_code), row)
        if earlier is not row:
            say(
                Problem(
                    row.number,
                    TITLES["grid_code"],
                    _("Row %(row)d has this grid already.") % {"row": earlier.number},
                )
            )
        grid = recorded_grids.get((row.code, row.grid_code))
        if grid is not None and grid.name != row.grid_name:
            say(
                Problem(
                    row.number,
                    TITLES["grid_name"],
                    _("Grid %(code)s is recorded as %(name)s.")
                    % {"code": grid.code, "name": grid.name},
                )
            )
    return problems


@transaction.atomic
def write(rows: Iterable[Row], reason: str = "首次设置") -> Outcome:
    """Create what is not recorded yet; the rows must have passed `check`."""
    outcome = Outcome()
    communities = {c.code: c for c in Community.objects.select_for_update()}
    grids = {(g.community_id, g.code) for g in Grid.objects.all()}
    for row in rows:
        community = communities.get(row.code)
        created = community is None
        if community is None:
            community = Community(name=row.name, code=row.code, short_code=row.short_code)
            community._change_reason = reason  # type: ignore[attr-defined]
            community.full_clean(exclude=[] if row.short_code else ["short_code"])
            community.save()
            communities[row.code] = community
            outcome.communities.append(community)
        if row.grid_code and (community.pk, row.grid_code) not in grids:
            grid = Grid(community=community, code=row.grid_code, name=row.grid_name)
            grid._change_reason = reason  # type: ignore[attr-defined]
            grid.full_clean()
            grid.save()
            grids.add((community.pk, row.grid_code))
            outcome.grids.append(grid)
        elif not created:
            outcome.unchanged += 1
    return outcome


def template() -> bytes:
    """A blank sheet with the columns, an example in its note, for the office to fill in."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "社区和网格"
    sheet.append(
        [
            "每行一个网格；没有网格的社区留空网格两列。统计用区划代码为12位数字，"
            "如 530102001001；社区简称为大写字母，如 MC（可留空）。"
        ]
    )
    sheet.append(list(TITLES.values()))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", [20, 18, 12, 12, 20], strict=True):
        sheet.column_dimensions[letter].width = width
        for row in range(3, 200):  # codes kept as text: leading zeros and 12 digits survive
            sheet[f"{letter}{row}"].number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
