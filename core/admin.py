"""The platform's pages in /admin/ (each area keeps its own admin module)."""

from core.notices import admin as notices_admin  # noqa: F401 (registers the reminder rules)
