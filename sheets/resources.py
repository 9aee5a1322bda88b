"""How a ledger travels through spreadsheets, declared: its columns, what some readers may not
see of them, and the registry the engine's pages find each ledger in.

A ledger plugs in with a `Resource` (its columns, natural key and how a row becomes a row of
the database) and `register()`s it from its app; the engine (sheets.imports, sheets.views)
knows a ledger only through this registry. A resource preloads what rows refer to in a few
queries (`prepare`): the import never runs a query per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.sets import batches
from sheets import bulk, cells
from sheets.models import ImportBatch
from sheets.reading import clean_header
from sheets.rules import ModelRules
from sheets.writing import SheetSpec

CHUNK = 900  # ids per IN (…) query: under SQLite's variable limit on every version


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Ids CHUNK at a time, for `IN (…)` on either database."""
    return batches(items, size)


@dataclass(frozen=True)
class Mask:
    """A kind of value only some users see in full (an ID number): who may, and what the others
    see of it, in a cell and inside a text (an import's error message quoting a cell)."""

    permission: str  # users holding it see the value in full
    value: Callable[[str], str]  # one value as the others see it
    in_text: Callable[[str], str]  # a text with every such value in it masked


@dataclass(frozen=True)
class Column:
    """A column of a ledger's spreadsheet, the same in its template, its import and its export."""

    header: str  # the Chinese header of the template and the export
    field: str = ""  # the model field the cell sets ("" when the resource handles the column)
    aliases: tuple[str, ...] = ()  # other headers staff use for it
    parse: Callable[[object], Any] = cells.text
    required: bool = False
    example: object = ""
    choices: Sequence[str] = ()  # drop-down values of the template
    text: bool = False  # written as text (ID numbers, phones: Excel must not make numbers)
    permission: str = ""  # only users holding it read and write this column
    export: Callable[[Any], object] | None = None  # the exported value; default: the field
    mask: Mask | None = None  # shown masked (exports, previews, error files) to users without
    # its permission: an ID number
    labels: Mapping[str, Any] | None = None  # code → name, for exporting a choice field
    # Exported only: a file may carry it back (it is recognised, not reported as unknown), but
    # an import never reads it (a hazard's state and review change through its workflow).
    export_only: bool = False


def code_column(header: str, field: str, codes: cells.CodeList, **kwargs: Any) -> Column:
    """A column of a national code list: codes, names and variants in, names out."""
    return Column(
        header,
        field,
        parse=codes.match,
        choices=[str(label) for label in codes.choices.labels],
        labels=dict(codes.choices.choices),
        **kwargs,
    )


@dataclass
class Row:
    """A row of the file on its way in: its parsed values, its errors, what it will do."""

    number: int  # the Excel row number
    values: dict[str, Any]
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    instance: Any = None
    action: str = ""  # "new", "update", "unchanged" (or "" when invalid)
    changed: set[str] = field(default_factory=set)

    def error(self, column: str | None, message: Any) -> None:
        self.errors.append((column, str(message)))

    def has_error(self, column: str) -> bool:
        return any(name == column for name, _message in self.errors)


class Resource:
    """How one ledger travels through spreadsheets. Subclasses declare; this class does."""

    key: ClassVar[str]  # registry key and URL part ("residents")
    model: ClassVar[type[models.Model]]
    title: ClassVar[Any]  # the ledger's name on sheets and file names
    columns: ClassVar[list[Column]]
    list_url_name: ClassVar[str]
    url_prefix: ClassVar[str]  # "app:resident": its pages are app:resident_import, …_template
    # Model fields a column sets through the resource (no Column.field), by header: where an
    # error of the model's rules on that field is shown.
    field_headers: ClassVar[dict[str, str]] = {}
    # Constraint name → the batched look-up of `prepare` that already keeps it (ModelRules).
    checked_by_lookup: ClassVar[dict[str, str]] = {}
    # A field whose error explains why others are empty (a wrong ID number gives no birth
    # date): their "must not be empty" is not reported on top of it.
    follows_from: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Reverse relations whose rows the import writes with a new row (a hazard's registration
    # step): they do not stop its undo (sheets.undo.references).
    undo_owns: ClassVar[tuple[str, ...]] = ()

    def url_name(self, page: str) -> str:
        return f"{self.url_prefix}_{page}"

    @property
    def list_url(self) -> str:
        """The ledger's list: where its import pages lead back to."""
        return reverse(self.list_url_name)

    @property
    def import_url(self) -> str:
        return reverse(self.url_name("import"))

    @property
    def template_url(self) -> str:
        return reverse(self.url_name("template"))

    # ---- declaration helpers -------------------------------------------------------------

    def visible_columns(self, user: Any) -> list[Column]:
        """The columns the user may read and write: worked out once per user object (as
        Django caches the permissions themselves on it), not once per row of an import."""
        cache = getattr(user, "_spreadsheet_columns", None)
        if cache is None:
            cache = user._spreadsheet_columns = {}
        if self.key not in cache:
            cache[self.key] = [
                c for c in self.columns if not c.permission or user.has_perm(c.permission)
            ]
        return list(cache[self.key])

    def import_columns(self, user: Any) -> list[Column]:
        return [c for c in self.visible_columns(user) if not c.export_only]

    def assigned_columns(self, user: Any) -> list[Column]:
        """The import columns that set a field: what `assign` goes through on every row."""
        cache = user._spreadsheet_columns if hasattr(user, "_spreadsheet_columns") else {}
        key = f"{self.key} assigned"
        if key not in cache:
            cache[key] = [c for c in self.import_columns(user) if c.field]
            user._spreadsheet_columns = cache
        return cache[key]  # type: ignore[no-any-return]

    def header_aliases(self) -> dict[str, str]:
        aliases = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                aliases[clean_header(name)] = column.header
        return aliases

    @property
    def import_permission(self) -> str:
        return f"{self.model._meta.app_label}.import_{self.model._meta.model_name}"

    @property
    def change_permission(self) -> str:
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    # ---- what a ledger implements --------------------------------------------------------

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        """The key that makes two rows of a file the same record (None: no key, no check)."""
        raise NotImplementedError

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        """Preload, in a few queries, everything the rows refer to."""
        return {}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        """Turn a row's values into `row.instance` (new or existing) and set `row.action`."""
        raise NotImplementedError

    def export_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        return queryset

    def create(self, instances: list[Any], batch: ImportBatch) -> list[Any]:
        """Write the new rows of a batch, with their history; a ledger whose rows are born
        through a workflow step (a hazard is registered) overrides this."""
        created = bulk.create(self.model, instances)
        bulk.history(self.model, created, created=True, user=batch.user, reason=batch.change_reason)
        return list(created)

    def write_related(self, rows: list[Row], batch: ImportBatch) -> None:
        """After a step's rows are written (new ones have their keys): what bulk writes leave
        out, such as many-to-many links. A ledger that has some overrides this."""

    # ---- shared steps --------------------------------------------------------------------

    def assign(self, row: Row, instance: Any, user: Any) -> None:
        """Set the plain fields from the row; record which changed on an existing row.

        An empty cell changes nothing (a new row keeps the field's default): a file may carry
        only what changes. A required column must not be empty.
        """
        for column in self.assigned_columns(user):
            if column.header not in row.values:
                continue
            value = row.values[column.header]
            if value in ("", None):
                if column.required and not row.has_error(column.header):
                    row.error(column.header, _("This cell must not be empty."))
                continue
            if getattr(instance, column.field) != value:
                setattr(instance, column.field, value)
                row.changed.add(column.field)

    @cached_property
    def model_rules(self) -> ModelRules:
        """What the model's own rules check on a row of this ledger (sheets.rules)."""
        return ModelRules.of(self)

    def decide(self, row: Row, existing: bool, user: Any) -> None:
        if row.errors:
            row.action = ""
        elif not existing:
            row.action = "new"
        elif not row.changed:
            row.action = "unchanged"
        elif not user.has_perm(self.change_permission):
            row.error(None, _("You may add rows but not change existing ones."))
        else:
            row.action = "update"

    # ---- export ---------------------------------------------------------------------------

    def export_value(self, column: Column, obj: Any, user: Any) -> object:
        return self.exporter(column, user)(obj)

    def exporter(self, column: Column, user: Any) -> Callable[[Any], object]:
        """How a column's cell is made from a row, with what is per-export worked out once
        (the names of a code list in the reader's language, whether IDs are masked)."""
        if column.labels is not None:
            names = {code: str(name) for code, name in column.labels.items()}
            field_ = column.field
            return lambda obj: names.get(getattr(obj, field_), "")
        name = column.field
        get: Callable[[Any], object] = column.export or (lambda obj: getattr(obj, name))
        conceal = self.concealer(column, user)
        if conceal is not None:
            return lambda obj: conceal(get(obj))
        return get

    def concealer(self, column: Column, user: Any) -> Callable[[object], object] | None:
        """What `user` may see of a column's cells, wherever they leave the database (exports,
        import previews and error workbooks): nothing of a column they may not read, ID numbers
        masked unless they may see them in full. None: the whole cell."""
        if column.permission and not user.has_perm(column.permission):
            return lambda _value: ""
        mask = column.mask
        if mask is not None and not user.has_perm(mask.permission):
            return lambda value: mask.value(str(value)) if value not in (None, "") else value
        return None

    def concealers(
        self, headers: Sequence[str], user: Any
    ) -> dict[int, Callable[[object], object]]:
        """For a file's headers: the position of each column `user` may not see in full, with
        what they may see of its cells (see concealer)."""
        by_header = {column.header: column for column in self.columns}
        aliases = self.header_aliases()
        rules = {}
        for i, header in enumerate(headers):
            column = by_header.get(aliases.get(clean_header(header), ""))
            rule = self.concealer(column, user) if column else None
            if rule is not None:
                rules[i] = rule
        return rules

    def export_rows(self, queryset: models.QuerySet[Any], user: Any) -> Iterator[list[object]]:
        cells_of = [self.exporter(column, user) for column in self.visible_columns(user)]
        for obj in self.export_queryset(queryset).iterator(chunk_size=2_000):
            yield [cell(obj) for cell in cells_of]


REGISTRY: dict[str, Resource] = {}
MASKS: list[Mask] = []  # every mask the columns of the registered resources use


def register(resource: Resource) -> Resource:
    """Make a ledger's spreadsheets known to the engine (from its app's ready())."""
    REGISTRY[resource.key] = resource
    for column in resource.columns:
        if column.mask is not None and column.mask not in MASKS:
            MASKS.append(column.mask)
    return resource


def import_link(spreadsheet: str, user: Any) -> str:
    """The URL name of the import page of a list's spreadsheet, if `user` may import it (the
    lists of core.generic ask through the hook SheetsConfig.ready() sets)."""
    resource = REGISTRY.get(spreadsheet)
    if resource and user.has_perm(resource.import_permission):
        return resource.url_name("import")
    return ""


def text_concealer(user: Any) -> Callable[[str], str] | None:
    """What `user` may see of a text quoting cells (an import's error message): every value
    of a kind they may not see in full masked in it. None: the whole text."""
    hidden = [mask for mask in MASKS if not user.has_perm(mask.permission)]
    if not hidden:
        return None

    def conceal(text: str) -> str:
        for mask in hidden:
            text = mask.in_text(text)
        return text

    return conceal


def _no_community_names(user: Any, limit: int) -> list[str]:
    return []


# The names of the communities a user works in, at most `limit` of them (an export's file name
# says where it is from): given by the app that knows who works where.
_community_names: Callable[[Any, int], list[str]] = _no_community_names


def set_community_names(names: Callable[[Any, int], list[str]]) -> None:
    """Tell the engine how to name the communities a user works in (export file names)."""
    global _community_names
    _community_names = names


def community_names(user: Any, limit: int) -> list[str]:
    """The names of at most `limit` of the communities `user` works in."""
    return _community_names(user, limit)


# ---- the ledger's sheets: its import template and its export --------------------------------


def template_sheets(resource: Resource, user: Any) -> list[SheetSpec]:
    columns = resource.import_columns(user)
    example = [column.example for column in columns]
    required = [c.header for c in columns if c.required]
    notes = [
        gettext("How to fill in the %(ledger)s template") % {"ledger": resource.title},
        gettext("Keep the header row as it is; title rows above it are allowed."),
        gettext("Required columns: %(columns)s.") % {"columns": "、".join(required)},
        gettext(
            "Type ID numbers and phone numbers as text: the columns of this template are "
            "already formatted as text. A number Excel shows as 1.10105E+17 has lost its last "
            "digits and will be refused."
        ),
        gettext("Dates may be written 1985-03-02, 1985.3.2, 1985/3/2, 19850302 or 1985年3月2日."),
        gettext("Code columns (ethnicity, gender …) take the name, the code or a common variant."),
        gettext("Delete the example row before importing."),
    ]
    return [
        SheetSpec(
            name=str(resource.title)[:31],
            headers=[c.header for c in columns],
            rows=[example],
            text_columns={i for i, c in enumerate(columns) if c.text},
            validations={i: list(c.choices) for i, c in enumerate(columns) if c.choices},
        ),
        SheetSpec(
            name=gettext("Instructions"), headers=[gettext("Instructions")], rows=[], notes=notes
        ),
    ]


def export_sheet(
    resource: Resource, queryset: models.QuerySet[Any], user: Any, title: str
) -> SheetSpec:
    columns = resource.visible_columns(user)
    return SheetSpec(
        name=str(resource.title)[:31],
        headers=[c.header for c in columns],
        rows=resource.export_rows(queryset, user),
        title=title,
        text_columns={i for i, c in enumerate(columns) if c.text},
    )


def export_headers(resource: Resource, user: Any) -> list[str]:
    return [c.header for c in resource.visible_columns(user)]
