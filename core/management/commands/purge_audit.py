"""Delete audit entries older than --older-than days: never fewer than AUDIT_KEEP_DAYS (180 at
least, the Cybersecurity Law's six months). The chain stays verifiable from the oldest entry
left. In production run it as the database's owner: the application's role may not delete."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import auditchain


class Command(BaseCommand):
    help = "Delete audit entries older than DAYS days (at least AUDIT_KEEP_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        try:
            deleted = auditchain.purge(older_than)
        except auditchain.RetentionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Audit entries older than {older_than} days deleted: {deleted}.")
