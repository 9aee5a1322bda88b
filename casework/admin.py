"""Casework's pages in /admin/ (each area keeps its own admin module)."""

from casework.inspections import admin as inspections_admin  # noqa: F401 (festival dates)
