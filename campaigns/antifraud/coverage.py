"""Anti-fraud app coverage (反诈APP覆盖率): which households count as covered, their rates by
community and grid (campaigns.coverage), and the households not covered yet."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.db.models import Q

from campaigns.antifraud.models import AntiFraudCoverage, AntiFraudStatus
from campaigns.coverage import Coverage, count_coverage
from core.scope import ScopedQuerySet
from core.sets import among, not_among
from ledgers.models import HouseholdQuerySet


def installations(by: date | None = None) -> ScopedQuerySet:
    """The households' answers that count as covered: 已安装 (recorded by the day `by`)."""
    rows = AntiFraudCoverage.objects.filter(status=AntiFraudStatus.INSTALLED)
    return cast(ScopedQuerySet, rows.filter(recorded_by(by)) if by is not None else rows)


def recorded_by(day: date) -> Q:
    """An installation (the outer row) counts from the day it is recorded."""
    return Q(recorded_on__lte=day)


def installed(by: date | None = None) -> Q:
    """The household (the outer row) has the anti-fraud app installed (by the day `by`)."""
    return among(installations(by), "household_id")


def anti_fraud_rates(households: HouseholdQuerySet) -> Coverage:
    """Households that installed the anti-fraud app, of all households (two queries).

    A refusal, like a household not asked yet, is not covered."""
    return count_coverage(households, installed())


def not_covered(households: HouseholdQuerySet) -> HouseholdQuerySet:
    """The households without the app installed: not asked yet, or refused."""
    return households.filter(not_among(installations(), "household_id"))
