"""The campaigns' pages in /admin/ (each area keeps its own admin module)."""

from campaigns.assessment import admin as assessment_admin  # noqa: F401 (the indicator tree)
