"""Imports tell their uploader when the check is done and when they are written (the worker
does both for a large file)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notices.jobs import job_rule
from sheets.models import ImportBatch, ImportStatus


def register() -> None:
    job_rule(
        "import_finished",
        gettext_lazy("An import is checked or written"),
        ImportBatch,
        owner="user",
        started="created_at",
        titles={
            ImportStatus.READY: lambda b: (
                _("Import “%(file)s” is checked: confirm it to write it.") % {"file": b.file_name}
            ),
            ImportStatus.INVALID: lambda b: (
                _("Import “%(file)s” has errors: nothing was written.") % {"file": b.file_name}
            ),
            ImportStatus.DONE: lambda b: _("Import “%(file)s” is written.") % {"file": b.file_name},
            ImportStatus.FAILED: lambda b: (
                _("Import “%(file)s” could not be completed.") % {"file": b.file_name}
            ),
        },
    )
