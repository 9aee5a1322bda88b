"""Progress of yearly targets, computed from the records, never typed.

Which records a target counts:
- the period is the target's calendar year, 1 January to 31 December inclusive, in the office's
  local dates (TIME_ZONE);
- a community's target counts that community's own records only: an office-wide activity or
  article is the office's, not any one community's (whether a community "took part" in it is
  not recorded, so counting it would be a guess);
- an office-wide target (no community) counts every record: all communities' and the
  office-wide ones;
- every count goes through `for_user`, like every number in the app: a user who sees only some
  communities sees an office-wide target's progress over those (pages should say so);
- activities count by kind and date (held_on), "meetings" being study sessions, mobilisation
  meetings and forums together (MEETING_KINDS); publicity items by date (published_on);
  assistance applications are cases past their draft (DOMAIN.md §7: applications, not
  approvals) by the date applied for; visit coverage is the share of today's minority
  households visited at least once in the year; anti-fraud coverage is the share of today's
  households with the app installed on or before 31 December of the year.

`progress` runs one aggregate query per kind of indicator among the targets (two for anti-fraud
coverage: at most six), whatever the number of targets, communities and years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q

from campaigns.activities.filters import MEETINGS
from campaigns.activities.models import Activity
from campaigns.antifraud.coverage import installations, recorded_by
from campaigns.coverage import rate, year_range
from campaigns.publicity.models import Publicity
from campaigns.targets.models import MEETING_KINDS, Indicator, Target
from campaigns.visits.coverage import visited_in
from casework.models import AssistanceCase
from core.links import path
from ledgers.models import Household

# (community id or None, year, activity kind or "") → number of records
Counts = dict[tuple[int | None, int, str], int]
# coverage indicator → (households to cover by community (year 0), covered by community and year)
Shares = dict[str, tuple[Counts, Counts]]


@dataclass(frozen=True)
class TargetProgress:
    """How far a target is: the actual value against the threshold."""

    target: Target
    actual: Decimal  # a number of records, or a percentage (one decimal) for coverage
    count: int  # records counted; for coverage, the households covered
    of: int | None  # for coverage, the households to cover; None for counts

    @property
    def threshold(self) -> Decimal:
        return self.target.threshold

    @property
    def met(self) -> bool:
        return self.actual >= self.threshold

    @property
    def percent(self) -> int:
        """How much of the threshold is reached, 0–100, for a progress bar."""
        if self.threshold <= 0:
            return 100
        return min(100, int(self.actual * 100 / self.threshold))


def _by_year(
    rows: Any, field: str, years: set[int], keys: tuple[str, ...] = ("community_id",)
) -> Counts:
    """Count `rows` by community (and kind) and by year of `field`: a filtered count per year,
    plain date comparisons rather than a date function on every row."""
    per_year = {
        f"n_{year}": Count("pk", filter=Q(**{f"{field}__range": year_range(year)}))
        for year in years
    }
    counts: Counts = defaultdict(int)
    for row in rows.order_by().values(*keys).annotate(**per_year):
        for year in years:
            key = (row["community_id"], year, row.get("kind", ""))
            counts[key] += row[f"n_{year}"]
    return counts


def _in_years(field: str, years: set[int]) -> Q:
    return Q(**{f"{field}__range": (year_range(min(years))[0], year_range(max(years))[1])})


def _activities(user: Any, years: set[int], kinds: set[str]) -> Counts:
    rows = Activity.objects.for_user(user).filter(_in_years("held_on", years), kind__in=kinds)
    return _by_year(rows, "held_on", years, ("community_id", "kind"))


def _publicity(user: Any, years: set[int]) -> Counts:
    rows = Publicity.objects.for_user(user).filter(_in_years("published_on", years))
    return _by_year(rows, "published_on", years)


def _applications(user: Any, years: set[int]) -> Counts:
    rows = (
        AssistanceCase.objects.for_user(user).applications().filter(_in_years("applied_on", years))
    )
    return _by_year(rows, "applied_on", years)


def _visit_coverage(user: Any, years: set[int]) -> tuple[Counts, Counts]:
    """Minority households per community (year 0), and those visited per community and year."""
    annotations = {f"visited_{year}": Count("pk", filter=visited_in(year)) for year in years}
    return _household_counts(Household.objects.for_user(user).minority(), annotations, "visited")


def _anti_fraud(user: Any, years: set[int]) -> tuple[Counts, Counts]:
    """Households per community (year 0), and those with the app installed by each year's end,
    counted from the installations (a set of most households is too large to look up in):
    two queries."""
    wholes, _none = _household_counts(Household.objects.for_user(user), {}, "")
    rows: Any = (
        installations()
        .for_user(user)
        .order_by()
        .values(community=F("household__community_id"))
        .annotate(
            **{
                f"installed_{year}": Count("pk", filter=recorded_by(year_range(year)[1]))
                for year in years
            }
        )
    )
    parts: Counts = {
        (row["community"], year, ""): row[f"installed_{year}"] for row in rows for year in years
    }
    return wholes, parts


def _household_counts(
    households: Any, annotations: dict[str, Any], prefix: str
) -> tuple[Counts, Counts]:
    rows = households.order_by().values("community_id").annotate(n=Count("pk"), **annotations)
    wholes: Counts = {}
    parts: Counts = {}
    for row in rows:
        wholes[(row["community_id"], 0, "")] = row["n"]
        for name, value in row.items():
            if name.startswith(f"{prefix}_"):
                parts[(row["community_id"], int(name.rsplit("_", 1)[1]), "")] = value
    return wholes, parts


def _total(counts: Counts, community_id: int | None, year: int, kind: str = "") -> int:
    """A community's count, or for the office (None) the sum over every community and the
    office-wide records."""
    if community_id is not None:
        return counts.get((community_id, year, kind), 0)
    return sum(n for (_c, y, k), n in counts.items() if y == year and k == kind)


def counted_shares(year: int, by_community: Mapping[int, Mapping[str, int]]) -> Shares:
    """The coverage shares of `year` from households a caller has counted already, by
    community, in the same scope and by the same rules (campaigns.visits.coverage,
    campaigns.antifraud.coverage): `households`, `installed_by_year_end`, `minority` and
    `visited` (in the year). The dashboard counts them once for its cards and its targets."""
    return {
        Indicator.VISIT_COVERAGE: (
            {(c, 0, ""): n["minority"] for c, n in by_community.items()},
            {(c, year, ""): n["visited"] for c, n in by_community.items()},
        ),
        Indicator.ANTI_FRAUD_COVERAGE: (
            {(c, 0, ""): n["households"] for c, n in by_community.items()},
            {(c, year, ""): n["installed_by_year_end"] for c, n in by_community.items()},
        ),
    }


def progress(
    targets: Iterable[Target],
    user: Any,
    shares: Shares | None = None,
    activities: Counts | None = None,
) -> list[TargetProgress]:
    """The progress of each target, in the order given, counted in `user`'s scope. Where the
    caller has counted them already, in the same scope and for the targets' year, coverage
    comes from `shares` (counted_shares) and activities from `activities` (every kind)."""
    targets = list(targets)
    if not targets:
        return []
    years = {t.year for t in targets}
    needed = {t.indicator for t in targets}
    counts: dict[str, Counts] = {}
    kinds = {t.activity_kind for t in targets if t.indicator == Indicator.ACTIVITIES}
    if Indicator.MEETINGS in needed:
        kinds.update(MEETING_KINDS)
    if kinds:
        counts[Indicator.ACTIVITIES] = (
            activities if activities is not None else _activities(user, years, kinds)
        )
    if Indicator.PUBLICITY in needed:
        counts[Indicator.PUBLICITY] = _publicity(user, years)
    if Indicator.ASSISTANCE_APPLICATIONS in needed:
        counts[Indicator.ASSISTANCE_APPLICATIONS] = _applications(user, years)
    shares = dict(shares or {})
    if Indicator.VISIT_COVERAGE in needed and Indicator.VISIT_COVERAGE not in shares:
        shares[Indicator.VISIT_COVERAGE] = _visit_coverage(user, years)
    if Indicator.ANTI_FRAUD_COVERAGE in needed and Indicator.ANTI_FRAUD_COVERAGE not in shares:
        shares[Indicator.ANTI_FRAUD_COVERAGE] = _anti_fraud(user, years)

    result = []
    for target in targets:
        community = target.community_id
        if target.indicator in shares:
            wholes, parts = shares[target.indicator]
            whole = _total(wholes, community, 0)
            part = _total(parts, community, target.year)
            actual = rate(part, whole) or Decimal(0)
            result.append(TargetProgress(target, actual, part, whole))
        else:
            if target.indicator == Indicator.MEETINGS:
                activities = counts[Indicator.ACTIVITIES]
                n = sum(_total(activities, community, target.year, k) for k in MEETING_KINDS)
            else:
                n = _total(counts[target.indicator], community, target.year, target.activity_kind)
            result.append(TargetProgress(target, Decimal(n), n, None))
    return result


# Where the records behind each indicator are listed, and which of its filters apply: the targets
# page and the dashboard link a target to the same rows.
RECORDS = {
    Indicator.ACTIVITIES: ("campaigns:activity_list", ("year", "community", "kind")),
    Indicator.MEETINGS: ("campaigns:activity_list", ("year", "community", "kind")),
    Indicator.PUBLICITY: ("campaigns:publicity_list", ("year", "community")),
    Indicator.VISIT_COVERAGE: ("campaigns:visit_coverage", ("year", "community")),
    Indicator.ANTI_FRAUD_COVERAGE: ("campaigns:anti_fraud_coverage", ("community",)),
    Indicator.ASSISTANCE_APPLICATIONS: (
        "casework:assistance_list",
        ("year", "community", "applied"),
    ),
}


def records_url(target: Target) -> str:
    """The list of the records a target counts: its year, its community (none for the office,
    whose target counts everything), its kind of activity (all three meeting kinds for
    "meetings"), applications only for assistance."""
    name, accepted = RECORDS[Indicator(target.indicator)]
    values = {
        "year": target.year,
        "community": target.community_id or "",
        "kind": MEETINGS if target.indicator == Indicator.MEETINGS else target.activity_kind,
        "applied": "yes",
    }
    query = urlencode({k: v for k, v in values.items() if k in accepted and v})
    return f"{path(name)}?{query}"
