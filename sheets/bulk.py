"""Writing many rows at once: one prepared statement run over all of them (executemany).

Django's bulk_create and bulk_update compile SQL for every batch and every value (on SQLite
about 30 rows a statement): an import spent most of its writing time there, and most of that on
the history rows, whose primary keys nobody needs back. These helpers prepare each value once
with its field and let the driver run one statement over the rows (psycopg pipelines them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any, TypeVar, cast

from django.db import connection, models, transaction
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone

from core.sets import batches
from core.versions import ConflictError, is_versioned

# Fields whose Python value is already what every driver takes: no per-value preparation.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
STEP = 2_000
M = TypeVar("M", bound=models.Model)


def _preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value of the field is made ready for the driver; None: it already is.

    A date or an aware datetime goes straight to the backend's adapter: for those values
    DateField/DateTimeField.get_prep_value return them unchanged (to_python of a date is the
    date; an aware datetime needs no zone), so this is what get_db_prep_save does, without the
    field's machinery on every value. Anything else takes the field's own path."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    kind = target.get_internal_type()
    if kind in PLAIN:
        return None
    full = field.get_db_prep_save
    if kind == "DateField" and not field.is_relation:
        adapt_date = connection.ops.adapt_datefield_value

        def prepare_date(value: Any) -> Any:
            if value is None or type(value) is date:
                return adapt_date(value)
            return full(value, connection)

        return prepare_date
    if kind == "DateTimeField" and not field.is_relation:
        adapt_datetime = connection.ops.adapt_datetimefield_value

        def prepare_datetime(value: Any) -> Any:
            if value is None or (type(value) is datetime and value.utcoffset() is not None):
                return adapt_datetime(value)
            return full(value, connection)

        return prepare_datetime
    return lambda value: full(value, connection)


def values_of(fields: Sequence[models.Field[Any, Any]]) -> Callable[[Any], list[Any]]:
    """A function giving an object's prepared values of these fields, in their order: one
    attrgetter call for all of them, then the few that need preparing (dates)."""
    if not fields:
        return lambda _obj: []
    names = [str(f.attname) for f in fields]
    get = attrgetter(*names)
    prepare = [(i, p) for i, f in enumerate(fields) if (p := _preparer(f)) is not None]
    if len(names) == 1:
        only = _preparer(fields[0]) or (lambda value: value)
        return lambda obj: [only(get(obj))]

    def values(obj: Any) -> list[Any]:
        row = list(get(obj))
        for i, p in prepare:
            row[i] = p(row[i])
        return row

    return values


def maker(model: type[M]) -> Callable[..., M]:
    """A function that makes a new instance as `model(**values)` does, from a copy of a
    prototype's fields rather than Django's __init__ (which works out every field's default
    again for each of the 50,000 rows of an import). Only where that is the same thing: no
    pre_init or post_init receiver, no field default computed per instance; else `model`."""
    meta = model._meta
    if (
        signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or any(
            (f.has_default() and callable(f.default)) or f.has_db_default()
            for f in meta.concrete_fields
        )
    ):
        return model
    prototype = model().__dict__.copy()
    del prototype["_state"]

    def make(**values: Any) -> M:
        obj = model.__new__(model)
        obj.__dict__.update(prototype)
        obj._state = ModelState()
        for name, value in values.items():
            setattr(obj, name, value)
        return obj

    return make


def _run(sql: str, rows: Iterable[Sequence[Any]]) -> int:
    """Run one statement over the rows; the number of rows it changed."""
    changed = 0
    with connection.cursor() as cursor:
        for batch in batches(rows, STEP):
            cursor.executemany(sql, batch)
            changed += cursor.rowcount
    return changed


def create(model: type[models.Model], objs: Sequence[models.Model]) -> Sequence[models.Model]:
    """INSERT new objects as bulk_create does (timestamps stamped, no signals, no save()), with
    one prepared statement. Their primary keys are taken from the table's sequence first, as
    COPY and executemany give nothing back; the transaction holds them (on SQLite its write
    lock keeps another writer from the same numbers)."""
    if not objs:
        return objs
    meta = model._meta
    pk = cast("models.Field[Any, Any]", meta.pk)
    fields = [cast("models.Field[Any, Any]", f) for f in meta.concrete_fields]
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False)]
    stamped += [f.attname for f in fields if getattr(f, "auto_now_add", False)]
    now = timezone.now()
    # No savepoint: a caller inside a transaction (every write path) rolls back as a whole.
    with transaction.atomic(savepoint=False):
        ids = _next_ids(meta.db_table, str(pk.column), len(objs))
        for obj, new_id in zip(objs, ids, strict=True):
            obj.pk = new_id
            for name in stamped:
                setattr(obj, name, now)
        values = values_of(fields)
        columns = [str(f.column) for f in fields]
        insert(meta.db_table, columns, map(values, objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def _next_ids(table: str, column: str, count: int) -> list[int]:
    """`count` primary keys the table's sequence has not given yet, now taken."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite's AUTOINCREMENT never gives a number twice (history rows keep a removed row's
        # number): start past both the largest number given (sqlite_sequence) and any row.
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
            f" coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
        return list(range(last + 1, last + 1 + count))


def update(model: type[models.Model], objs: Sequence[models.Model], fields: Iterable[str]) -> None:
    """UPDATE the given fields of each object, by primary key (no signals, no auto_now).

    A versioned row (core.versions) is updated only from the version it was read at, and
    moves one on; a row that changed meanwhile makes the whole write a ConflictError (the
    caller's transaction rolls back), never an overwrite.

    PostgreSQL gets one statement per STEP rows (UPDATE … FROM unnest(…)): a statement per row,
    even pipelined, cost it twice the time of the rest of an import.
    """
    meta = model._meta
    chosen = [
        cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields if name != "version"
    ]
    versioned = is_versioned(model)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    pk = cast("models.Field[Any, Any]", meta.pk)
    version = quote("version")
    values = values_of(chosen)
    keys = (lambda obj: [obj.pk, obj.version]) if versioned else (lambda obj: [obj.pk])
    rows = (keys(obj) + values(obj) for obj in objs)
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in chosen)
        where = f"{quote(str(pk.column))} = %s"
        if versioned:
            assignments += f", {version} = {version} + 1"
            where += f" AND {version} = %s"
        sql = f"UPDATE {table} SET {assignments} WHERE {where}"
        width = len(keys(objs[0])) if objs else 1
        changed = _run(sql, (row[width:] + row[:width] for row in rows))
    else:
        changed = _update_from_values(table, pk, chosen, versioned, rows)
    if versioned:
        if changed != len(objs):
            raise ConflictError(None)
        for obj in objs:
            obj.version += 1  # type: ignore[attr-defined]


def _update_from_values(
    table: str,
    pk: models.Field[Any, Any],
    chosen: list[models.Field[Any, Any]],
    versioned: bool,
    rows: Iterable[list[Any]],
) -> int:
    quote = connection.ops.quote_name
    keys: list[tuple[str, models.Field[Any, Any]]] = [("pk", pk)]
    if versioned:
        keys.append(("ver", models.PositiveIntegerField()))
    names = [name for name, _field in keys] + [f"v{i}" for i in range(len(chosen))]
    # One array a column (unnest): a statement of a few parameters, where VALUES took one per
    # value, each of which the driver looked for in the statement's text.
    arrays = ", ".join(
        f"%s::{field.cast_db_type(connection)}[]" for field in (*(f for _n, f in keys), *chosen)
    )
    assignments = ", ".join(
        f"{quote(str(f.column))} = v.{name}"
        for f, name in zip(chosen, names[len(keys) :], strict=True)
    )
    where = f"{table}.{quote(str(pk.column))} = v.pk"
    if versioned:
        version = quote("version")
        assignments = ", ".join(filter(None, [assignments, f"{version} = {table}.{version} + 1"]))
        where += f" AND {table}.{version} = v.ver"
    changed = 0
    with connection.cursor() as cursor:
        for part in batches(rows, STEP):
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({', '.join(names)})"
                f" WHERE {where}",
                [list(column) for column in zip(*part, strict=True)],
            )
            changed += cursor.rowcount
    return changed


def history(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    created: bool,
    user: Any,
    reason: str,
    kind: str = "",
) -> None:
    """The django-simple-history rows of objects just created or updated in bulk: what
    bulk_create_with_history and bulk_update_with_history record, written with one statement
    (`kind` "-": of objects about to be removed in bulk)."""
    history_model = model.history.model  # type: ignore[attr-defined]
    tracked = {f.attname for f in history_model.tracked_fields}
    now = timezone.now()
    fixed = {
        "history_date": now,
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": kind or ("+" if created else "~"),
    }
    tracked_fields: list[models.Field[Any, Any]] = []
    constants: list[tuple[str, Any]] = []
    for f in history_model._meta.concrete_fields:
        if f.primary_key:
            continue  # history_id: the database numbers the rows
        if f.attname in fixed:
            prepare = _preparer(f)
            value = fixed[f.attname]
            constants.append((f.column, prepare(value) if prepare else value))
        elif f.attname in tracked:
            tracked_fields.append(f)
        else:
            raise ValueError(f"{history_model.__name__}.{f.attname}: no value for the history")
    values = values_of(tracked_fields)
    same = [value for _column, value in constants]
    columns = [str(f.column) for f in tracked_fields] + [column for column, _value in constants]
    insert(history_model._meta.db_table, columns, (values(obj) + same for obj in objs))


def insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows of prepared values into a table: PostgreSQL's COPY, else one INSERT run over them."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    _run(f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)
