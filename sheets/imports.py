"""Spreadsheets in and out for every ledger: import (check → preview → apply → undo), export.

A ledger plugs in with a `Resource` (its columns, natural key and how a row becomes a row of the
database); casework and campaigns register theirs the same way. The import never runs a query
per row: a resource preloads what rows refer to in a few queries, and writes in bulk with history.
Every row it writes has passed its model's own rules (`ModelRules`), as a form's would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import islice
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.versions import ConflictError
from ledgers.identifiers import mask_id
from sheets import bulk, cells
from sheets import reading as workbooks
from sheets.models import ImportBatch, ImportStatus

FULL_ID = "ledgers.view_full_id_number"
CHUNK = 900  # ids per IN (…) query: under SQLite's variable limit on every version
PREVIEW_ROWS = 10
STEP = 1_000  # rows checked (and written) at a time: memory stays flat however long the file


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    mask: bool = False  # an ID number: masked on export unless the user may see it in full
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


class ImportStop(Exception):
    """The file as a whole cannot be imported (a required column is missing …)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Check:
    """What an import would do, or did: counts, every error, the first rows as they will be saved.

    Rows pass through in steps and only their outcome stays, so memory does not grow with the
    rows of the file.
    """

    columns: dict[int, Column]  # table column index → column
    unknown: list[str]
    shown: list[Column]  # the ledger's columns the file has, in the ledger's order
    total: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "update": 0, "unchanged": 0, "invalid": 0}
    )
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # row, column, message
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def error_list(self) -> list[dict[str, Any]]:
        ordered = sorted(self.errors, key=lambda error: error[0])  # stable: a row's own order
        return [
            {"row": row, "column": column, "message": message} for row, column, message in ordered
        ]

    def preview(self) -> dict[str, Any]:
        return {"headers": [c.header for c in self.shown], "rows": self.sample}


@dataclass(frozen=True)
class ModelRules:
    """What `Model.full_clean()` does to a row of an import, worked out once per ledger.

    full_clean is clean_fields + clean + validate_unique + validate_constraints. An import runs
    all four, less what would cost a query per row and is already enforced in a few queries:

    - relation fields are left out of clean_fields: ForeignKey.validate looks its target up in
      the database, and an import only ever sets a relation to an object `prepare` has just
      loaded within the user's scope (a community, grid, household, resident or place);
    - fields nobody types are left out, as a ModelForm leaves them out: the primary key (the
      database gives it), non-editable fields (timestamps, a hazard's number, given when it is
      registered);
    - so are, as a ModelForm leaves out the fields it does not show, the fields with a default
      that the file has no column for: they keep that default (a new row) or their stored value
      (an existing one). A field without a default is checked whatever the columns: a file
      without 出生日期 adds no resident without a birth date;
    - a constraint the resource names in `checked_by_lookup` is kept by the natural keys
      `prepare` preloads in batches (plus the duplicates within the file), which answer the
      same question for the whole step at once; every other unique constraint of the model is
      validated row by row with Django's own `constraint.validate`;
    - a check constraint restates a rule of the model's clean(), which has just run (its
      validate() would ask the database once per row); the database holds it as the rows are
      written, and a row it refuses fails the import with a message, writing nothing.

    No unique field is left once these are out (a test holds that for every ledger), so
    validate_unique would check nothing and is not run.
    """

    exclude: frozenset[str]  # left out of clean_fields
    constraints: tuple[tuple[type[models.Model], Any], ...]  # validated row by row
    constraint_exclude: frozenset[str]  # what those may not look at
    headers: dict[str, str]  # model field → the column that sets it
    defaulted: frozenset[str]  # fields with a default

    def for_file(self, present: set[str]) -> ModelRules:
        """The rules for a file with these columns."""
        absent = {f for f in self.defaulted if self.headers.get(f) not in present}
        return replace(self, exclude=self.exclude | absent)


class Resource:
    """How one ledger travels through spreadsheets. Subclasses declare; this class does."""

    key: ClassVar[str]  # registry key and URL part ("residents")
    model: ClassVar[type[models.Model]]
    title: ClassVar[Any]  # the ledger's name on sheets and file names
    columns: ClassVar[list[Column]]
    list_url_name: ClassVar[str]
    url_prefix: ClassVar[str]  # "ledgers:resident": its pages are …_import, …_template
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
                aliases[workbooks.clean_header(name)] = column.header
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

    def write_related(self, rows: list[Row]) -> None:
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
        meta = self.model._meta
        unknown = set(self.checked_by_lookup) - {c.name for c in meta.constraints}
        if unknown:
            raise LookupError(f"{self.model.__name__} has no constraint {unknown}")
        system = {f.name for f in meta.concrete_fields if f.primary_key or not f.editable}
        relations = {f.name for f in meta.concrete_fields if f.is_relation}
        constraints = tuple(
            (model, constraint)
            for model, model_constraints in self.model().get_constraints()
            for constraint in model_constraints
            if constraint.name not in self.checked_by_lookup
            and not isinstance(constraint, models.CheckConstraint)
        )
        headers = {c.field: c.header for c in self.columns if c.field} | self.field_headers
        defaulted = {f.name for f in meta.concrete_fields if f.has_default()}
        return ModelRules(
            frozenset(system | relations),
            constraints,
            frozenset(system),
            headers,
            frozenset(defaulted - system - relations),
        )

    def check_model_rules(self, row: Row, rules: ModelRules) -> None:
        """The model's own rules on the row's instance (full_clean, as `rules` say), each error
        at the column whose field broke it; one that belongs to no field is the row's. A cell
        that already has an error (it could not be read, or is empty) keeps that one."""
        instance = row.instance
        errors: dict[str, list[ValidationError]] = {}
        try:
            instance.clean_fields(exclude=rules.exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # A database constraint often restates a rule of clean(): checked when clean() found
        # nothing, so one broken rule is one error of the row (as in the forms).
        for model, constraint in rules.constraints if not errors else ():
            try:
                constraint.validate(model, instance, exclude=rules.constraint_exclude)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            self.report(row, errors, rules)

    def report(self, row: Row, errors: dict[str, list[ValidationError]], rules: ModelRules) -> None:
        failed = set(errors) | {f for f, header in rules.headers.items() if row.has_error(header)}
        explained = {f for cause in failed for f in self.follows_from.get(cause, ())}
        refused = {column for column, _message in row.errors}
        for name, field_errors in errors.items():
            header = rules.headers.get(name)
            if header is not None and header in refused:
                continue
            for error in field_errors:
                if error.code in ("blank", "null"):
                    if name in explained:
                        continue
                    messages = [str(_("This cell must not be empty."))]
                else:
                    messages = error.messages
                for message in messages:
                    if header is None and name != NON_FIELD_ERRORS:
                        field_ = self.model._meta.get_field(name)
                        label = capfirst(getattr(field_, "verbose_name", name))
                        message = gettext("%(field)s: %(message)s") % {
                            "field": label,
                            "message": message,
                        }
                    row.error(header, message)

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
        if column.mask and not user.has_perm(FULL_ID):
            return lambda value: mask_id(str(value)) if value not in (None, "") else value
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
            column = by_header.get(aliases.get(workbooks.clean_header(header), ""))
            rule = self.concealer(column, user) if column else None
            if rule is not None:
                rules[i] = rule
        return rules

    def export_rows(self, queryset: models.QuerySet[Any], user: Any) -> Iterator[list[object]]:
        cells_of = [self.exporter(column, user) for column in self.visible_columns(user)]
        for obj in self.export_queryset(queryset).iterator(chunk_size=2_000):
            yield [cell(obj) for cell in cells_of]


REGISTRY: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    REGISTRY[resource.key] = resource
    return resource


# ---- the import ---------------------------------------------------------------------------


def limits() -> workbooks.Limits:
    return workbooks.Limits(
        max_bytes=settings.IMPORT_MAX_MB * 2**20,
        max_unzipped_bytes=settings.IMPORT_MAX_UNZIPPED_MB * 2**20,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
    )


def new_batch(resource: Resource, user: Any, name: str, data: bytes) -> ImportBatch:
    batch = ImportBatch(
        user=user,
        ledger=resource.key,
        file_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
    )
    batch.created_at = timezone.now()
    batch.file.save("upload", ContentFile(data), save=False)
    batch.save()
    return batch


def read(resource: Resource, batch: ImportBatch) -> workbooks.Table:
    with batch.file.open("rb") as handle:
        data = handle.read()
    return workbooks.read_table(data, batch.file_name, resource.header_aliases(), limits=limits())


def match_columns(
    resource: Resource, headers: Sequence[str], user: Any
) -> tuple[dict[int, Column], list[str]]:
    """The ledger's column of each header of the file, and the headers it does not know."""
    aliases = resource.header_aliases()
    by_header = {column.header: column for column in resource.columns}
    allowed = {column.header for column in resource.import_columns(user)}
    exported = {column.header for column in resource.visible_columns(user)} - allowed
    columns: dict[int, Column] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        canonical = aliases.get(workbooks.clean_header(header))
        if canonical in exported:
            continue  # an exported file brought back: these columns are not read
        if canonical is None or canonical not in allowed:
            if header:
                unknown.append(header)
        elif canonical not in {c.header for c in columns.values()}:
            columns[index] = by_header[canonical]
    present = {column.header for column in columns.values()}
    missing = [c.header for c in resource.columns if c.required and c.header not in present]
    if missing:
        raise ImportStop(
            _("The file has no column %(columns)s, which this ledger needs.")
            % {"columns": "、".join(f"“{m}”" for m in missing)}
        )
    return columns, unknown


def check(
    resource: Resource,
    table: workbooks.Table,
    user: Any,
    progress: Callable[[int], None] | None = None,
    write: Callable[[list[Row]], None] | None = None,
) -> Check:
    """Every row parsed, related rows resolved, duplicates found, STEP rows at a time.

    With `write`, each step's rows are handed to it while the file is still valid (apply runs
    this inside a transaction it rolls back when a later row turns out wrong).
    """
    columns, unknown = match_columns(resource, table.headers, user)
    present = {column.header for column in columns.values()}
    shown = [c for c in resource.import_columns(user) if c.header in present]
    rules = resource.model_rules.for_file(present)
    result = Check(columns, unknown, shown)
    seen: dict[str, int] = {}  # natural key → its first row and that row's action (_seen)
    rows_in = iter(table.rows)
    while step := list(islice(rows_in, STEP)):
        rows = [_parse(number, cells_, columns) for number, cells_ in step]
        del step
        context = resource.prepare(rows, user)
        for row in rows:
            resource.build(row, context, user)
            if row.instance is not None and (row.instance.pk is None or row.changed):
                resource.check_model_rules(row, rules)  # a row that changes nothing is not judged
                if row.errors:
                    row.action = ""
            key = resource.natural_key(row)
            if key is not None:
                _find_duplicate(result, seen, key, row)
            _record(result, resource, row, user)
        if write is not None and result.valid:
            write(rows)
        result.total += len(rows)
        if progress is not None:
            progress(result.total)
    return result


def _parse(number: int, cells_: Sequence[object], columns: dict[int, Column]) -> Row:
    row = Row(number, {})
    for index, column in columns.items():
        try:
            row.values[column.header] = column.parse(cells_[index])
        except cells.CellError as error:
            row.error(column.header, error.message)
    return row


ACTIONS = ("", "new", "update", "unchanged")


def _find_duplicate(result: Check, seen: dict[str, int], key: tuple[Any, ...], row: Row) -> None:
    """Report a row whose natural key an earlier row of the file has, on both rows.

    One entry per row of the file stays until the end: the key as one string and the first
    row's number and action packed in an int (a tuple of tuples took twice the memory).
    """
    packed = seen.setdefault(repr(key), row.number * 4 + ACTIONS.index(row.action))
    first, action = divmod(packed, 4)
    if first == row.number:
        return
    row.error(None, _("Same record as row %(n)d of this file.") % {"n": first})
    row.action = ""
    result.errors.append(
        (first, "", str(_("Same record as row %(n)d of this file.") % {"n": row.number}))
    )
    if action:  # the first row was counted as valid, and may be in the preview
        result.counts[ACTIONS[action]] -= 1
        result.counts["invalid"] += 1
        result.sample = [sample for sample in result.sample if sample["row"] != first]
        seen[repr(key)] = first * 4


def _record(result: Check, resource: Resource, row: Row, user: Any) -> None:
    if row.errors:
        row.action = ""
        result.counts["invalid"] += 1
        result.errors += [(row.number, column or "", message) for column, message in row.errors]
        return
    result.counts[row.action] += 1
    if len(result.sample) < PREVIEW_ROWS and row.instance is not None:
        cells_ = [
            str(_cell_text(resource.export_value(c, row.instance, user))) for c in result.shown
        ]
        result.sample.append({"row": row.number, "action": row.action, "cells": cells_})


def _cell_text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return value


def record_check(batch: ImportBatch, result: Check) -> None:
    batch.total_rows = result.total
    batch.progress = result.total
    batch.counts = result.counts
    batch.errors = result.error_list()
    batch.unknown_columns = result.unknown
    batch.preview = result.preview()
    batch.status = ImportStatus.READY if result.valid else ImportStatus.INVALID


def run_check(batch: ImportBatch, resource: Resource) -> Check | None:
    """Check the batch's file and record the outcome on the batch."""

    def progress(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=done)

    batch.status = ImportStatus.VALIDATING
    batch.save(update_fields=["status"])
    try:
        table = read(resource, batch)
        ImportBatch.objects.filter(pk=batch.pk).update(total_rows=table.size)
        result = check(resource, table, batch.user, progress)
    except (workbooks.WorkbookError, ImportStop) as error:
        _failed(batch, error.message)
        return None
    record_check(batch, result)
    batch.save()
    return result


def _failed(batch: ImportBatch, message: Any) -> None:
    batch.status = ImportStatus.FAILED
    batch.message = str(message)
    batch.save()


class _GivenUp(Exception):
    """The import was marked failed while it ran: it rolls back rather than contradict that."""


class _Invalid(Exception):
    def __init__(self, result: Check) -> None:
        super().__init__()
        self.result = result


CHANGED_MEANWHILE = _(
    "Records of this file were changed by someone else while it was being written. Nothing was"
    " written: check the file again and import it."
)


def apply(batch: ImportBatch, resource: Resource) -> bool:
    """Check the file again (the ledger may have changed since the preview) and write it as the
    check goes, in one transaction: a row found wrong rolls everything back."""
    batch.status = ImportStatus.APPLYING
    batch.save(update_fields=["status"])
    writer = _Writer(resource, batch)
    try:
        table = read(resource, batch)
        with transaction.atomic():
            result = check(resource, table, batch.user, write=writer)
            if not result.valid:
                raise _Invalid(result)
            applying = ImportBatch.objects.select_for_update().filter(
                pk=batch.pk, status=ImportStatus.APPLYING
            )
            if not applying.exists():
                raise _GivenUp  # found dead meanwhile (core.jobs): its page said so
            record_check(batch, result)
            batch.created_ids = writer.created
            batch.created_rows = writer.created_rows
            batch.updated_ids = writer.updated
            batch.status = ImportStatus.DONE
            batch.applied_at = timezone.now()
            batch.save()
    except (workbooks.WorkbookError, ImportStop) as error:
        _failed(batch, error.message)
        return False
    except ConflictError:
        _failed(batch, CHANGED_MEANWHILE)
        return False
    except IntegrityError as error:  # a rule only the database holds: nothing was written
        _failed(
            batch,
            _("A row breaks a rule of the ledger (%(rule)s). Nothing was written.")
            % {"rule": str(error).splitlines()[0][:200]},
        )
        return False
    except _Invalid as invalid:
        record_check(batch, invalid.result)
        batch.save()
        return False
    except _GivenUp:
        return False
    return True


class _Writer:
    """Writes the rows of an import, a step at a time, with their history."""

    def __init__(self, resource: Resource, batch: ImportBatch) -> None:
        self.resource = resource
        self.batch = batch
        self.model = resource.model
        self.user = batch.user
        self.reason = batch.change_reason
        self.now = timezone.now()
        self.created: list[Any] = []
        self.created_rows: list[int] = []  # the Excel row of each created row, in that order
        self.updated: list[Any] = []

    def __call__(self, rows: list[Row]) -> None:
        new = [row.instance for row in rows if row.action == "new"]
        updated = [row for row in rows if row.action == "update"]
        if new:
            self.created += [obj.pk for obj in self.resource.create(new, self.batch)]
            self.created_rows += [row.number for row in rows if row.action == "new"]
        if updated:
            # A bulk update skips auto_now: stamp the rows the import changed.
            for row in updated:
                row.instance.updated_at = self.now
            fields = sorted(set().union(*(row.changed for row in updated), {"updated_at"}))
            objs = [row.instance for row in updated]
            bulk.update(self.model, objs, fields)
            bulk.history(self.model, objs, created=False, user=self.user, reason=self.reason)
            self.updated += [obj.pk for obj in objs]
        self.resource.write_related([row for row in rows if row.action in ("new", "update")])


# ---- templates and exports ----------------------------------------------------------------


def template_sheets(resource: Resource, user: Any) -> list[workbooks.SheetSpec]:
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
        workbooks.SheetSpec(
            name=str(resource.title)[:31],
            headers=[c.header for c in columns],
            rows=[example],
            text_columns={i for i, c in enumerate(columns) if c.text},
            validations={i: list(c.choices) for i, c in enumerate(columns) if c.choices},
        ),
        workbooks.SheetSpec(
            name=gettext("Instructions"), headers=[gettext("Instructions")], rows=[], notes=notes
        ),
    ]


def export_sheet(
    resource: Resource, queryset: models.QuerySet[Any], user: Any, title: str
) -> workbooks.SheetSpec:
    columns = resource.visible_columns(user)
    return workbooks.SheetSpec(
        name=str(resource.title)[:31],
        headers=[c.header for c in columns],
        rows=resource.export_rows(queryset, user),
        title=title,
        text_columns={i for i, c in enumerate(columns) if c.text},
    )


def export_headers(resource: Resource, user: Any) -> list[str]:
    return [c.header for c in resource.visible_columns(user)]
