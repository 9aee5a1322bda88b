"""Where other apps plug into the ledgers' pages without ledgers importing them.

An app that shows its records on a household's page (through reverse relations, in a template
it includes) appends here, in its AppConfig.ready(), what the page must prefetch so that its
number of queries stays the same however many records the household has.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

# (permission, lookup): prefetched on the household page for users holding the permission.
HOUSEHOLD_PREFETCHES: list[tuple[str, str | Prefetch]] = []


def household_prefetches(user: Any) -> list[str | Prefetch]:
    return [lookup for permission, lookup in HOUSEHOLD_PREFETCHES if user.has_perm(permission)]
