"""Check the audit log's hash chain: exit status 0 when intact, 1 at the first broken entry."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core import auditchain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first entry where it breaks."

    def handle(self, *args: Any, **options: Any) -> None:
        result = auditchain.verify()
        if result.intact:
            self.stdout.write(
                self.style.SUCCESS(f"Audit log intact: {result.checked} entries checked.")
            )
            return
        where = "the end of the log"
        if result.broken is not None:
            entry = result.broken
            where = (
                f"entry #{entry.pk} ({entry.created_at:%Y-%m-%d %H:%M:%S}, "
                f"{entry.username or '-'}, {entry.action})"
            )
        with translation.override("en"):
            explanation = str(result.explanation)
        raise CommandError(
            f"Audit log broken at {where}: {explanation} "
            f"({result.checked} entries before it hold).",
            returncode=1,
        )
