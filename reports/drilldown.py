"""Links from a number to the filtered list of the rows behind it (the drill-down contract of
DESIGN.md "Reports": the same filters, the same scope)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from core.links import path


def list_url(name: str, **params: Any) -> str:
    """The list `name` with `params` as its query string (empty ones left out)."""
    url = path(name)
    query = urlencode(
        {key: value for key, value in params.items() if value not in (None, "")}, doseq=True
    )
    return f"{url}?{query}" if query else url


def between(name: str, start: date, end: date) -> dict[str, str]:
    """A django-filter date range: `<name>_after` and `<name>_before`, both days included."""
    return {f"{name}_after": start.isoformat(), f"{name}_before": end.isoformat()}
