"""Numbers, ids and dates read from a query string: within bounds, or None — never a 500."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.dateparse import parse_date

# The years a list, a filter or a report may be asked for.
MIN_YEAR = 2000
MAX_YEAR = 2100
# The largest primary key either database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1
# Longer than any number above: not worth converting (int() refuses past 4,300 digits).
_MAX_DIGITS = 20


def whole_number(value: Any, low: int, high: int) -> int | None:
    """`value` as a whole number from `low` to `high`, else None. Digits of any script that
    int() reads (full-width ones included) count; '²', '1e3' or '12.0' do not."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > _MAX_DIGITS:
        return None
    try:
        number = int(text)
    except ValueError:
        return None
    return number if low <= number <= high else None


def object_id(value: Any) -> int | None:
    """A primary key the database can hold, or None."""
    return whole_number(value, 1, MAX_ID)


def year(value: Any) -> int | None:
    return whole_number(value, MIN_YEAR, MAX_YEAR)


def query_int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string, or the default when missing or out of range."""
    number = whole_number(request.GET.get(name), low, high)
    return default if number is None else number


def iso_date(value: Any) -> date | None:
    """A YYYY-MM-DD date that exists (not 2026-02-30), or None."""
    try:
        return parse_date(str(value or ""))
    except ValueError:
        return None
