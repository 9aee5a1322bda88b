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
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet


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
