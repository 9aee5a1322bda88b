"""The demo's campaigns: the report's proportions, coverage, targets, and seeded once."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from campaigns.antifraud.coverage import anti_fraud_rates
from campaigns.models import (
    Activity,
    ActivityAttendee,
    ActivityPhoto,
    AntiFraudCoverage,
    Publicity,
    Target,
    Visit,
)
from campaigns.targets.progress import progress
from campaigns.visits.coverage import visit_coverage
from demo import accounts as demo
from demo.campaigns import seed_campaigns
from ledgers.models import MINORITY_CODES, Household


@pytest.fixture
def seeded(db: None) -> dict[str, User]:
    from demo.people import seed_people

    accounts = demo.seed(people=False)
    seed_people()
    seed_campaigns()
    return accounts


def counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "activity history": Activity.history.count(),
        "attendees": ActivityAttendee.objects.count(),
        "photos": ActivityPhoto.objects.count(),
        "publicity": Publicity.objects.count(),
        "visits": Visit.objects.count(),
        "visit history": Visit.history.count(),
        "anti-fraud": AntiFraudCoverage.objects.count(),
        "targets": Target.objects.count(),
    }


def test_the_demo_campaigns_are_seeded_once_as_a_report_describes(
    seeded: dict[str, User],
) -> None:
    first = counts()
    seed_campaigns()
    assert counts() == first
    assert first["activity history"] == first["activities"]
    assert first["visit history"] == first["visits"]

    last_year = timezone.localdate().year - 1
    per_community = dict(
        Activity.objects.filter(held_on__year=last_year, community__name="庙川社区")
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    meetings = per_community["study"] + per_community["mobilisation"] + per_community["forum"]
    assert 20 <= meetings <= 25
    assert 10 <= per_community["policy_lecture"] <= 12
    assert per_community["performance"] == 3
    assert per_community["training"] == 5
    assert 100 <= per_community["service"] <= 110
    assert Activity.objects.filter(community=None, held_on__year=last_year).exists()
    assert (
        18
        <= Publicity.objects.filter(
            published_on__year=last_year, community__name="庙川社区"
        ).count()
        <= 22
    )
    assert not Activity.objects.filter(held_on__gt=timezone.localdate()).exists()
    assert first["photos"] > 20

    # Named attendees give the counts, as derive_counts would.
    for activity in Activity.objects.filter(attendances__isnull=False).distinct()[:20]:
        named = activity.attendances.aggregate(
            total=Count("pk"),
            minority=Count("pk", filter=Q(resident__ethnicity__in=MINORITY_CODES)),
        )
        assert (activity.participants, activity.minority_participants) == (
            named["total"],
            named["minority"],
        )


def test_the_demo_covers_most_households_and_sets_this_year_s_targets(
    seeded: dict[str, User],
) -> None:
    leader = seeded["leader"]
    year = timezone.localdate().year
    households = Household.objects.for_user(leader)
    visits = visit_coverage(households, year)
    assert all(85 <= (row.rate or 0) <= 97 for row in visits.communities)
    anti_fraud = anti_fraud_rates(households)
    assert all(70 <= (row.rate or 0) <= 92 for row in anti_fraud.communities)
    assert AntiFraudCoverage.objects.filter(status="refused", refused_reason="").count() == 0

    targets = list(Target.objects.filter(year=year, community__name="北环路社区"))
    assert len(targets) == 8
    results = progress(Target.objects.filter(year=year), leader)
    assert any(p.met for p in results) and not all(p.met for p in results)
    assert (
        date(year, 1, 1)
        <= Visit.objects.filter(visited_on__year=year).earliest("visited_on").visited_on
    )
