"""Whether a row is among a set of ids another query gives (minority households, the year's
visited households, the residents covered by insurance …): one rule for how the database is
asked, so that it stays cheap at a county's size on both databases.

Being among the set is `id IN (SELECT …)`: SQLite builds the set once and looks each row up in
it (its own index of the set drops repeats), PostgreSQL makes it a semi-join (in a WHERE) or a
hashed look-up (in a count's FILTER; asked for distinct values, so that a county's minority
households are estimated small enough to hash).

Not being among it differs. `NOT IN` is what SQLite does best, but PostgreSQL, when the set
outgrows the memory it may hash in (work_mem; a million residents' insurance rows do), would
look through the whole set for every row: there it is asked as `NOT EXISTS`, which it answers
with an anti-join at any size. None of the sets may hold NULL (NOT IN would then match nothing):
`field` must be a column without NULLs, or the rows filtered to exclude them.

A row among values the caller holds (the ID numbers of an import's thousand rows) is asked with
those values as one array on PostgreSQL (`= ANY(%s)`, or a join with `unnest` for a few columns
at once): sent as one parameter, where `IN (…)` made the driver look for a thousand placeholders
in the statement's text and the planner unable to prove a partial index's condition. SQLite
takes them as `IN (…)`, a part at a time under its limit on parameters (`parts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.sql.compiler import SQLCompiler

PART = 900  # values a query on SQLite: under its limit on parameters on every version


def among(rows: QuerySet[Any], field: str, outer: str = "pk") -> Q:
    """The outer row's `outer` is one of the `field` values of `rows`."""
    values = rows.order_by().values(field)
    if connection.vendor == "postgresql":
        values = values.distinct()  # estimated smaller, so hashed where the set is large
    return Q(**{f"{outer}__in": values})


def not_among(rows: QuerySet[Any], field: str, outer: str = "pk") -> Q:
    """The outer row's `outer` is none of the `field` values of `rows`."""
    if connection.vendor == "postgresql":
        return ~Q(Exists(rows.filter(**{field: OuterRef(outer)})))
    return ~among(rows, field, outer)


class OneOf(Expression):
    """The row's `fields` are one of `rows` (tuples of values, one per field): a condition for
    `filter()`. On PostgreSQL the values travel as one array per field; elsewhere as
    `IN (…)` (give it at most PART values, see `parts`)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        super().__init__()
        self.fields: list[Any] = [F(name) for name in fields]
        self.rows = rows

    def get_source_expressions(self) -> list[Any]:
        return self.fields

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.fields = list(exprs)

    def as_sql(  # type: ignore[override]  # the parameters are a list, as Django's own
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        columns: list[str] = []
        params: list[Any] = []
        for expression in self.fields:
            sql, column_params = compiler.compile(expression)
            columns.append(sql)
            params += column_params
        fields = [expression.output_field for expression in self.fields]
        if not self.rows:
            return "1 = 0", params
        if connection.vendor == "postgresql":
            arrays = [
                [field.get_db_prep_value(row[i], connection) for row in self.rows]
                for i, field in enumerate(fields)
            ]
            casts = [f"%s::{field.cast_db_type(connection)}[]" for field in fields]
            if len(fields) == 1:
                return f"{columns[0]} = ANY({casts[0]})", params + arrays
            together = f"({', '.join(columns)}) IN (SELECT * FROM unnest({', '.join(casts)}))"
            return together, params + arrays
        row = f"({', '.join(['%s'] * len(fields))})"
        values = [
            field.get_db_prep_value(value, connection)
            for values_ in self.rows
            for field, value in zip(fields, values_, strict=True)
        ]
        if len(fields) == 1:
            return f"{columns[0]} IN ({', '.join(['%s'] * len(self.rows))})", params + values
        listed = ", ".join([row] * len(self.rows))
        return f"({', '.join(columns)}) IN (VALUES {listed})", params + values


def one_of(field: str, values: Sequence[Any]) -> OneOf:
    """The row's `field` is one of `values` (see OneOf)."""
    return OneOf([field], [(value,) for value in values])


T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` `size` at a time, the last batch shorter (itertools.batched, of Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def parts(values: Sequence[Any], width: int = 1) -> Iterator[Sequence[Any]]:
    """`values` in as few parts as one query may take: all of them on PostgreSQL (one array
    a field), PART parameters' worth at a time elsewhere (`width` parameters a value)."""
    if connection.vendor == "postgresql":
        if values:
            yield values
        return
    yield from batches(values, max(PART // width, 1))


def count_of(rows: QuerySet[Any], field: str) -> Coalesce:
    """How many of `rows` point at the outer row through `field` (0 for none): a subquery
    asked of each row fetched. A list annotated with it counts for its page's rows alone,
    where `Count` over a join grouped every row of the scope before the page was cut (a
    household list at a million residents: 1.7 s)."""
    counted = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
