"""Run the reminder rules: new notices written, notices whose condition cleared resolved.
Running it twice writes nothing new. deploy/systemd/tongxin-reminders.timer runs it every hour
(or a cron line: docs/deployment.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.notices import runner


class Command(BaseCommand):
    help = "Write the notices the reminder rules find due, and resolve the ones no longer due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rule", action="append", help="Run only this rule (repeatable).")

    def handle(self, *args: Any, rule: list[str] | None, **options: Any) -> None:
        for outcome in runner.run(only=rule):
            self.stdout.write(
                f"{outcome.rule}: {outcome.due} due, {outcome.created} new, "
                f"{outcome.reopened} reopened, {outcome.resolved} resolved"
            )
