"""An import's work: check a file against a ledger's resource, preview it, apply it in one
transaction with the bulk writer (the declarations are in sheets.resources).

Rows are read, checked and written STEP at a time, so memory stays flat whatever the length of
the file. Every row written has passed its model's own rules (sheets.rules), as a form's would.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.versions import ConflictError
from sheets import bulk, cells, rules
from sheets.errors import WorkbookError
from sheets.guards import Limits
from sheets.models import ImportBatch, ImportStatus
from sheets.reading import Table, clean_header, read_table
from sheets.resources import Column, Resource, Row

PREVIEW_ROWS = 10
STEP = 1_000  # rows checked (and written) at a time: memory stays flat however long the file
PROGRESS_EVERY = 1.0  # seconds between two writes of a check's progress


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


# ---- the import ---------------------------------------------------------------------------


def limits() -> Limits:
    return Limits(
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


def read(resource: Resource, batch: ImportBatch) -> Table:
    with batch.file.open("rb") as handle:
        data = handle.read()
    return read_table(data, batch.file_name, resource.header_aliases(), limits=limits())


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
        canonical = aliases.get(clean_header(header))
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
    table: Table,
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
    model_rules = resource.model_rules.for_file(present)
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
                rules.check_row(resource, row, model_rules)  # one that changes nothing: not judged
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

    said = time.monotonic()

    def progress(done: int) -> None:
        # At most once a second: each is a commit the check waits for, and the page asks for
        # the figure every two seconds or so.
        nonlocal said
        if time.monotonic() - said >= PROGRESS_EVERY:
            ImportBatch.objects.filter(pk=batch.pk).update(progress=done)
            said = time.monotonic()

    batch.status = ImportStatus.VALIDATING
    batch.save(update_fields=["status"])
    try:
        table = read(resource, batch)
        ImportBatch.objects.filter(pk=batch.pk).update(total_rows=table.size)
        result = check(resource, table, batch.user, progress)
    except (WorkbookError, ImportStop) as error:
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
    check goes, in one transaction: a row found wrong rolls everything back.

    Only a batch ready or confirmed (queued) is applied, and only once: a second job of the same
    batch (confirmed twice while the worker was down) finds it applying or done and writes
    nothing, so the first one's rows stay undoable."""
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status__in=(ImportStatus.READY, ImportStatus.QUEUED)
    ).update(status=ImportStatus.APPLYING)
    if not claimed:
        batch.refresh_from_db()
        return False
    batch.status = ImportStatus.APPLYING
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
    except (WorkbookError, ImportStop) as error:
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
        written = [row for row in rows if row.action in ("new", "update")]
        self.resource.write_related(written, self.batch)
