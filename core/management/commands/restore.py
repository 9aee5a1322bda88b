"""Restore a backup archive into an empty database and media folder, or only check it
(core.backups)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY database and media folder, after checking every "
        "checksum; with --check, only check the archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="A tongxin-….tar written by `backup`.")
        parser.add_argument(
            "--check", action="store_true", help="Only check the checksums; change nothing."
        )

    def handle(self, *args: Any, archive: Path, check: bool, **options: Any) -> None:
        with backups.as_command_errors():
            if check:
                self.stdout.write(self.style.SUCCESS(backups.describe(backups.verify(archive))))
                return
            restored = backups.restore(archive, say=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored and checked: %(rows)s rows in %(tables)s tables, %(files)s "
                    "uploaded files."
                )
                % {"rows": restored.rows, "tables": restored.tables, "files": restored.files}
            )
        )
        if restored.migrate_needed:
            self.stdout.write(
                _("This version has newer migrations for %(apps)s: run `manage.py migrate`.")
                % {"apps": ", ".join(restored.migrate_needed)}
            )
