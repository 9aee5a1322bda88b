"""The first run of an office (docs/deployment.md): its communities and grids from a small
spreadsheet or typed at the prompts, the first administrator, and what to do next.

    manage.py setup_office --template office.xlsx  # a blank sheet to fill in
    manage.py setup_office --from office.xlsx      # check it, write it, make the administrator

Every row is checked before anything is written; a problem is named by row and column and nothing
is written. Run again, it adds only what is new.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from core import credentials
from ledgers.areas import setup
from sheets.errors import WorkbookError


class Command(BaseCommand):
    help = "Set up the office: communities and grids, and the first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", help="A sheet of communities and grids.")
        parser.add_argument("--template", help="Write a blank sheet to fill in, and stop.")
        parser.add_argument(
            "--admin",
            help="The first administrator's user name (asked for when there is none yet; "
            "with --noinput its password is read from DJANGO_SUPERUSER_PASSWORD).",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(
        self,
        *args: Any,
        source: str | None,
        template: str | None,
        admin: str | None,
        interactive: bool,
        **options: Any,
    ) -> None:
        if template:
            Path(template).write_bytes(setup.template())
            self.stdout.write(_("A blank sheet was written to %(path)s.") % {"path": template})
            return
        if source:
            rows = self.read(Path(source))
        elif interactive:
            rows = self.ask()
        else:
            raise CommandError(_("Give the sheet with --from, or run without --noinput."))
        problems = setup.check(rows)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("Nothing was written: %(count)d problems. Correct them and run again.")
                % {"count": len(problems)}
            )
        with transaction.atomic():
            outcome = setup.write(rows)
            person = self.administrator(admin, interactive)
        self.stdout.write(
            _(
                "Communities created: %(communities)d; grids created: %(grids)d; "
                "rows recorded already: %(unchanged)d."
            )
            % {
                "communities": len(outcome.communities),
                "grids": len(outcome.grids),
                "unchanged": outcome.unchanged,
            }
        )
        if person:
            self.stdout.write(_("System administrator created: %(name)s.") % {"name": person})
        self.stdout.write(self.next_steps())

    def read(self, path: Path) -> list[setup.Row]:
        try:
            return setup.read_rows(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(str(error)) from error
        except WorkbookError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error

    def ask(self) -> list[setup.Row]:
        """Community after community at the prompts; an empty name ends the list."""
        self.stdout.write(_("Enter the communities one by one; an empty name ends the list."))
        rows: list[setup.Row] = []
        while True:
            name = input(_("Community name: ")).strip()
            if not name:
                return rows
            code = input(_("12-digit statistical area code: ")).strip()
            short = input(_("Short code (capital letters, may be empty): ")).strip().upper()
            grids = input(_("Grids as code=name, separated by commas (may be empty): "))
            entries = [g.strip() for g in grids.replace("，", ",").split(",") if g.strip()]
            number = len(rows) + 1
            if not entries:
                rows.append(setup.Row(number, name, code, short))
            for entry in entries:
                grid_code, _sep, grid_name = entry.partition("=")
                row = setup.Row(number, name, code, short, grid_code.strip(), grid_name.strip())
                rows.append(row)

    def administrator(self, username: str | None, interactive: bool) -> str:
        """The first superuser, when the office has none; "" when it has one already."""
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return ""
        if not username:
            if not interactive:
                raise CommandError(_("The office has no administrator yet: give --admin NAME."))
            username = input(_("The first administrator's user name: ")).strip()
        if not username:
            raise CommandError(_("The office has no administrator yet: give a user name."))
        if users.objects.filter(username=username).exists():
            raise CommandError(_("The account %(name)s exists already.") % {"name": username})
        person = users(username=username, is_staff=True, is_superuser=True)
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if interactive and not password:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("The password again: ")):
                raise CommandError(_("The two passwords differ."))
        if not password:
            raise CommandError(_("Set DJANGO_SUPERUSER_PASSWORD for --noinput."))
        try:
            password_validation.validate_password(password, person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        person.set_password(password)
        person.save()
        credentials.password_changed(person)  # chosen by its owner: nothing owed
        return username

    def next_steps(self) -> str:
        return "\n".join(
            [
                "",
                _("What to do next:"),
                _("1. Sign in at /admin/ as the administrator."),
                _(
                    "2. Create the accounts, put each in its role (group) and assign staff and "
                    "grid workers to their communities and grids."
                ),
                _(
                    "3. Create the first leader (党工委领导) yourself: roles that show residents' "
                    "data given by the system administrator wait for a leader's approval."
                ),
                _(
                    '4. Tick "staff status" only for the system administrator: it lets an '
                    "account into /admin/; the other roles work in the application."
                ),
                _("5. Check: manage.py check --deploy --fail-level WARNING."),
            ]
        )
