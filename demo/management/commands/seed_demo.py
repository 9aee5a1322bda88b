"""Seed the demo: areas, accounts (and, as the apps grow, their ledgers). Safe to run twice."""

import os
from typing import Any

from django.core.management.base import BaseCommand

from campaigns.models import Activity, Publicity, Visit
from casework.models import AssistanceCase, Hazard, Inspection, InsuranceEnrolment
from demo import office as demo
from demo.campaigns import seed_campaigns
from demo.casework import seed_assistance, seed_hazards, seed_inspections, seed_insurance
from ledgers.models import MINORITY_CODES, Business, Household, Place, Resident


class Command(BaseCommand):
    help = "Create the demo communities, grids and accounts; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD") or demo.DEFAULT_PASSWORD
        demo.seed(password)
        seed_inspections()
        seed_hazards()
        seed_insurance()
        seed_assistance()
        seed_campaigns()
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
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.username:<10} {account.description}")
