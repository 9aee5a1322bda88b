"""After a new release is installed: the checks, the migrations and the static files, in that
order, then what to restart (docs/deployment.md, "Upgrades")."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core import release


class Command(BaseCommand):
    help = _(
        "Bring the database and the static files to this release: check, migrate, collectstatic; "
        "then restart the services as it says."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(_("1/3 Checking the configuration …"))
        call_command("check", deploy=True, fail_level="ERROR")
        self.stdout.write(_("2/3 Migrating the database …"))
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        self.stdout.write(_("3/3 Collecting the static files …"))
        call_command("collectstatic", interactive=False, verbosity=0)
        try:
            release.require_static_files()
        except Exception as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Done. Now restart, in this order: systemctl reload tongxin-web (new workers "
                    "start, requests in hand finish), then systemctl restart tongxin-worker (it "
                    "finishes the job in hand first)."
                )
            )
        )
