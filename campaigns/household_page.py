"""The household's visits and anti-fraud answer on its page (a ledgers page): the template
campaigns/includes/household_visits.html reads them through reverse relations, and the page
prefetches them through ledgers' extension point, so ledgers imports nothing of campaigns."""

from django.db.models import Prefetch

from campaigns.antifraud.models import AntiFraudCoverage
from campaigns.visits.models import Visit
from ledgers.extensions import HOUSEHOLD_PREFETCHES, HOUSEHOLD_SECTIONS

VISITS = Visit.objects.select_related("hazard", "assistance_case").prefetch_related("visitors")
HOUSEHOLD_PREFETCHES += [
    ("campaigns.view_visit", Prefetch("visits", queryset=VISITS)),
    (
        "campaigns.view_antifraudcoverage",
        Prefetch("anti_fraud", queryset=AntiFraudCoverage.objects.select_related("recorded_by")),
    ),
]
HOUSEHOLD_SECTIONS.append(("ledgers.view_household", "campaigns/includes/household_visits.html"))
