"""Print the ledgers' consistency checks for every community (what /ledgers/checks/ shows)."""

from typing import Any

from django.core.management.base import BaseCommand

from ledgers import checks


class Command(BaseCommand):
    help = "Run the consistency checks of the ledgers over all communities and print the counts."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        for result in checks.run():
            problems += result.count
            style = self.style.WARNING if result.count else self.style.SUCCESS
            self.stdout.write(style(f"{result.count:>6}  {result.title}"))
            for row in result.rows[:10]:
                self.stdout.write(f"        {row}")
        if problems:
            self.stdout.write(self.style.WARNING(f"{problems} rows need attention."))
