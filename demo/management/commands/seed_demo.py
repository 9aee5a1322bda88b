"""Seed the demo: areas, accounts, people and their ledgers, casework and campaigns. Safe to
run twice. It needs Faker, which only the "demo" extra installs, and refuses a production
database (DEBUG off) unless told --allow-production."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.models import Activity, Publicity, Visit
from casework.models import AssistanceCase, Hazard, Inspection, InsuranceEnrolment
from demo import accounts
from demo.assessment import seed_assessment
from demo.campaigns import seed_campaigns
from demo.casework import seed_assistance, seed_hazards, seed_inspections, seed_insurance
from demo.creation import seed_creation
from demo.plans import seed_plans
from demo.reminders import seed_reminders
from demo.transfers import seed_transfers
from ledgers.models import MINORITY_CODES, Business, Household, Place, Resident


class Command(BaseCommand):
    help = "Create the demo office: areas, accounts, people, casework, campaigns (once only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (a demo server, never an office's database).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like a production database: the demo would add "
                    "accounts (a system administrator among them) with a published password. "
                    "Nothing was written. For a demo server, run it again with "
                    "--allow-production."
                )
            )
        require_faker()
        password = os.environ.get("DEMO_PASSWORD") or accounts.DEFAULT_PASSWORD
        accounts.seed(password)
        seed_inspections()
        seed_plans()
        seed_hazards()
        seed_insurance()
        seed_assistance()
        seed_campaigns()
        seed_creation()
        seed_assessment()  # after the creation file: it cites its documents
        seed_transfers()
        seed_reminders()  # last: the notices of everything above
        address = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}/"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Sign in at {address}"))
        residents = Resident.objects.all()
        self.stdout.write(
            f"{residents.count():,} residents in {Household.objects.count():,} households "
            f"({residents.filter(ethnicity__in=MINORITY_CODES).count():,} of a minority), "
            f"{Business.objects.count()} businesses, {Place.objects.count()} places, "
            f"{Inspection.objects.count()} inspections, {Hazard.objects.count()} hazards, "
            f"{AssistanceCase.objects.count()} assistance cases, "
            f"{InsuranceEnrolment.objects.count():,} insurance enrolments, "
            f"{Activity.objects.count():,} activities, {Publicity.objects.count()} publicity "
            f"items, {Visit.objects.count():,} visits"
        )
        self.stdout.write(f"Password for every demo account: {password}")
        for account in accounts.ACCOUNTS:
            self.stdout.write(f"  {account.username:<10} {account.description}")


def require_faker() -> None:
    """Refuse, saying what to install, when Faker (the "demo" extra) is missing."""
    try:
        import faker  # noqa: F401
    except ImportError:
        raise CommandError(
            _("The demo needs Faker, which is not installed. Install it with: %(command)s")
            % {"command": 'pip install -e ".[demo]"'}
        ) from None
