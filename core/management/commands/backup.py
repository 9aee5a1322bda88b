"""Write a dated backup archive of the database and the uploaded files (core.backups)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core import backups


class Command(BaseCommand):
    help = (
        "Write tongxin-YYYYmmdd-HHMMSS.tar (database, uploaded files, manifest of checksums) "
        "into BACKUP_DIR or --to."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, help="Folder for the archive (default: BACKUP_DIR).")
        parser.add_argument(
            "--keep",
            type=int,
            help="Then remove the oldest archives in that folder beyond the newest KEEP.",
        )

    def handle(self, *args: Any, to: Path | None, keep: int | None, **options: Any) -> None:
        if keep is not None and keep < 1:
            raise CommandError(_("--keep must be 1 or more."))
        directory = Path(to or settings.BACKUP_DIR)
        with backups.as_command_errors():
            archive = backups.create(directory, say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(_("Backup written: %(path)s") % {"path": archive}))
        for path in backups.prune(directory, keep) if keep else []:
            self.stdout.write(_("Old backup removed: %(path)s") % {"path": path})
