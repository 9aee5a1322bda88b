"""Cells the campaigns' ledgers (their spreadsheets) read alike: 全办 for a record of the whole
office, and dates that cannot be in the future."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sheets.resources import Row

# The 社区 cell of a record of the whole office (no community).
WHOLE_OFFICE = "全办"


def not_in_future(row: Row, header: str, day: Any) -> None:
    if day and day > timezone.localdate():
        row.error(header, _("The date is in the future."))
