"""Pages of a list whose cost does not grow with the table: a count that stops at a limit, a
window of pages within it, and a deep page fetched by its ids before its rows are joined.

Counting every row of a large register costs as much as reading it (133 ms at a million
residents), and a page far down the list (OFFSET 99,975) sorts or walks everything before it.
So a list counts at most `limit` + 1 rows: below the limit the number is exact; above it the
list says "10,000+" and pages through its first `limit` rows, past which the page asks to narrow
the filter or to export (an export has no such limit). Within the window, a page's 25 ids are
found first on their own (the order's index alone, without the joins the page shows), then only
those rows are read with their joins: page 400 then costs little more than page 1, and page 1 of
a search with thousands of matches joins 25 of them, not all.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

# Rows a list counts before it says "10,000+", and pages through: a list's `count_limit`.
COUNT_LIMIT = 10_000


def limited_count(rows: Any, limit: int) -> int:
    """How many rows there are, counting at most limit + 1 of them:
    SELECT COUNT(*) FROM (SELECT … LIMIT limit + 1), without the order the list shows them in."""
    if isinstance(rows, QuerySet):
        return rows.order_by()[: limit + 1].count()
    return min(len(rows), limit + 1)


def shown(count: int, limit: int) -> str:
    """A count of at most limit + 1 rows as a page shows it: exact, or "10,000+"."""
    if count > limit:
        return f"{limit:,}+"
    return str(count)


def rows_of(rows: Any, bottom: int, top: int) -> Any:
    """Rows bottom…top of an ordered queryset: their primary keys first (a subquery with its own
    LIMIT/OFFSET, which the database answers from the order's index, or from the search's own
    rows, and does not merge into the outer query), then those rows with whatever the list joins.

    The first page too: a search matching thousands of a county's people (王秀, wangxiu) would
    otherwise join each of them to its household, grid and community before the 25 are chosen
    (17 ms against 9.5 at a million residents; a leader's assistance list, 67 ms against 4)."""
    if (
        not isinstance(rows, QuerySet)
        or rows.query.distinct
        or rows.query.combinator
        or rows.query.is_sliced
    ):
        return rows[bottom:top]
    return rows.filter(pk__in=rows.values("pk")[bottom:top])


class LimitedPaginator(Paginator):
    """Django's paginator with a count that stops at `limit` + 1 and pages within the first
    `limit` rows: `count` is exact when `over_limit` is false."""

    def __init__(self, *args: Any, limit: int = COUNT_LIMIT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        return limited_count(self.object_list, self.limit)

    @property
    def over_limit(self) -> bool:
        return self.count > self.limit

    @cached_property
    def num_pages(self) -> int:
        if self.over_limit:  # the pages within the first `limit` rows
            return max(1, self.limit // self.per_page)
        return super().num_pages  # type: ignore[no-any-return]

    @property
    def limit_shown(self) -> str:
        return f"{self.limit:,}"

    @property
    def count_shown(self) -> str:
        """The count as the list shows it: exact, or the limit and a plus ("10,000+")."""
        return shown(self.count, self.limit)

    def past_window(self, number: Any) -> bool:
        """Whether page `number` lies past the pages of a list counted over its limit."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            return False
        return self.over_limit and wanted > self.num_pages

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = rows_of(self.object_list, bottom, top)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined, no-any-return]
