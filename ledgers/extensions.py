"""Where other apps plug into the ledgers' pages without ledgers naming them.

An app that shows its records on a household's (or a community's) page registers, in its
AppConfig.ready(), the template of its section (shown to users holding its permission) and what
the page must prefetch for it, so that the number of queries stays the same however many
records the household has. The sections appear in the order the apps are installed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

# (permission, lookup): prefetched on the household page for users holding the permission.
HOUSEHOLD_PREFETCHES: list[tuple[str, str | Prefetch]] = []
# (permission, template): the sections below the members, for users holding the permission.
HOUSEHOLD_SECTIONS: list[tuple[str, str]] = []


def household_prefetches(user: Any) -> list[str | Prefetch]:
    return [lookup for permission, lookup in HOUSEHOLD_PREFETCHES if user.has_perm(permission)]


def household_sections(user: Any) -> list[str]:
    return [template for permission, template in HOUSEHOLD_SECTIONS if user.has_perm(permission)]


# The same for a community's page (its demonstration titles …).
COMMUNITY_PREFETCHES: list[tuple[str, str | Prefetch]] = []
COMMUNITY_SECTIONS: list[tuple[str, str]] = []


def community_prefetches(user: Any) -> list[str | Prefetch]:
    return [lookup for permission, lookup in COMMUNITY_PREFETCHES if user.has_perm(permission)]


def community_sections(user: Any) -> list[str]:
    return [template for permission, template in COMMUNITY_SECTIONS if user.has_perm(permission)]


# Filters of the household list that other apps declare (households visited between two days,
# with a relief application, with the anti-fraud app …), so that a figure counted in households
# links to exactly its households: (permission, GET name, filter). A user without the permission
# gets no such filter (the parameter is ignored).
HOUSEHOLD_FILTERS: list[tuple[str, str, Any]] = []


def household_filter(permission: str, name: str, declared: Any) -> None:
    """Add `declared` (a django-filter Filter whose `method` is a callable taking the queryset,
    the name and the value) to the household list as `name`, for holders of `permission`."""
    HOUSEHOLD_FILTERS.append((permission, name, declared))


def household_filters(user: Any) -> list[tuple[str, Any]]:
    return [(name, f) for permission, name, f in HOUSEHOLD_FILTERS if user.has_perm(permission)]
