"""Writing many rows at once: one prepared statement run over all of them (executemany).

Django's bulk_create and bulk_update compile SQL for every batch and every value (on SQLite
about 30 rows a statement): an import spent most of its writing time there, and most of that on
the history rows, whose primary keys nobody needs back. These helpers prepare each value once
with its field and let the driver run one statement over the rows (psycopg pipelines them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from django.db import connection, models, transaction
from django.utils import timezone

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


def _preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    if target.get_internal_type() in PLAIN:
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _obj: value


def _attribute(name: str, prepare: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda obj: prepare(getattr(obj, name))


def _batches(rows: Iterable[Sequence[Any]], size: int = STEP) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run(sql: str, rows: Iterable[Sequence[Any]]) -> int:
    """Run one statement over the rows; the number of rows it changed."""
    changed = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows):
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
        getters = [_attribute(f.attname, _preparer(f)) for f in fields]
        columns = [str(f.column) for f in fields]
        insert(meta.db_table, columns, ([get(obj) for get in getters] for obj in objs))
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

    PostgreSQL gets one statement per STEP rows (UPDATE … FROM (VALUES …)): a statement per row,
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
    prepare = [(f.attname, _preparer(f)) for f in chosen]
    keys = (lambda obj: [obj.pk, obj.version]) if versioned else (lambda obj: [obj.pk])
    rows = (keys(obj) + [p(getattr(obj, name)) for name, p in prepare] for obj in objs)
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
    casts = [f"%s::{field.cast_db_type(connection)}" for field in (*(f for _n, f in keys), *chosen)]
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
        for part in _batches(rows, min(STEP, 60_000 // len(names))):  # under 65,535 parameters
            values = ", ".join([f"({', '.join(casts)})"] * len(part))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v({', '.join(names)})"
                f" WHERE {where}",
                [value for row in part for value in row],
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
    columns: list[str] = []
    getters: list[Callable[[Any], Any]] = []
    for f in history_model._meta.concrete_fields:
        if f.primary_key:
            continue  # history_id: the database numbers the rows
        prepare = _preparer(f)
        columns.append(f.column)
        if f.attname in fixed:
            getters.append(_constant(prepare(fixed[f.attname])))
        elif f.attname in tracked:
            getters.append(_attribute(f.attname, prepare))
        else:
            raise ValueError(f"{history_model.__name__}.{f.attname}: no value for the history")
    insert(history_model._meta.db_table, columns, ([get(obj) for get in getters] for obj in objs))


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
