"""How busy each demo community is: its activities a year by kind, its inspections, hazards and
assistance caseload, its visits and the anti-fraud app, and the targets the office set it. Their
people (households, minority share) are their plans in people_facts.PLANS. 庙川 is the large,
busy community with the mosque whose numbers the experience report cites; 北环路 is of middle
size; 站院巷, by the railway station, is small, with fewer minority families and less to show."""

from __future__ import annotations

from dataclasses import dataclass

from campaigns.models import ActivityKind, Indicator

K = ActivityKind


@dataclass(frozen=True)
class Profile:
    activities: dict[str, int]  # a whole year's, by kind
    publicity: int  # articles and news items a year
    inspections: int  # in the last year
    hazards: int
    assistance: int  # cases, in every state
    visited: tuple[float, float]  # shares of minority households visited this year, last year
    installed: float  # share of households with the anti-fraud app
    targets: dict[tuple[str, str], str]  # (indicator, activity kind) → this year's threshold


PROFILES = {
    # "20余次" study sessions, meetings and forums, "10余次" policy lectures, 3 performances,
    # 5 trainings, "100余次" services: the report's own numbers.
    "庙川社区": Profile(
        activities={
            K.STUDY: 8, K.MOBILISATION: 4, K.FORUM: 9, K.POLICY_LECTURE: 11, K.PERFORMANCE: 3,
            K.TRAINING: 5, K.SERVICE: 104, K.ANTI_FRAUD: 6, K.FESTIVAL: 5, K.UNITY_MONTH: 1,
            K.OTHER: 2,
        },
        publicity=20,
        inspections=36,
        hazards=52,
        assistance=72,
        visited=(0.93, 0.75),
        installed=0.86,
        targets={
            (Indicator.ACTIVITIES, K.POLICY_LECTURE): "10",
            (Indicator.ACTIVITIES, K.SERVICE): "100",
            (Indicator.MEETINGS, ""): "20",
            (Indicator.ACTIVITIES, K.PERFORMANCE): "3",
            (Indicator.ACTIVITIES, K.TRAINING): "5",
            (Indicator.PUBLICITY, ""): "20",
            (Indicator.VISIT_COVERAGE, ""): "90",
            (Indicator.ANTI_FRAUD_COVERAGE, ""): "80",
        },
    ),
    "北环路社区": Profile(
        activities={
            K.STUDY: 6, K.MOBILISATION: 3, K.FORUM: 5, K.POLICY_LECTURE: 7, K.PERFORMANCE: 2,
            K.TRAINING: 3, K.SERVICE: 68, K.ANTI_FRAUD: 8, K.FESTIVAL: 4, K.UNITY_MONTH: 1,
            K.OTHER: 3,
        },
        publicity=13,
        inspections=26,
        hazards=34,
        assistance=45,
        visited=(0.88, 0.70),
        installed=0.82,
        targets={
            (Indicator.ACTIVITIES, K.POLICY_LECTURE): "8",
            (Indicator.ACTIVITIES, K.SERVICE): "70",
            (Indicator.MEETINGS, ""): "15",
            (Indicator.ACTIVITIES, K.PERFORMANCE): "2",
            (Indicator.ACTIVITIES, K.TRAINING): "3",
            (Indicator.PUBLICITY, ""): "12",
            (Indicator.VISIT_COVERAGE, ""): "90",
            (Indicator.ANTI_FRAUD_COVERAGE, ""): "80",
        },
    ),
    "站院巷社区": Profile(
        activities={
            K.STUDY: 5, K.MOBILISATION: 2, K.FORUM: 3, K.POLICY_LECTURE: 4, K.PERFORMANCE: 1,
            K.TRAINING: 2, K.SERVICE: 41, K.ANTI_FRAUD: 4, K.FESTIVAL: 2, K.UNITY_MONTH: 1,
            K.OTHER: 1,
        },
        publicity=8,
        inspections=20,
        hazards=21,
        assistance=28,
        visited=(0.91, 0.72),
        installed=0.76,
        targets={
            (Indicator.ACTIVITIES, K.POLICY_LECTURE): "5",
            (Indicator.ACTIVITIES, K.SERVICE): "45",
            (Indicator.MEETINGS, ""): "10",
            (Indicator.ACTIVITIES, K.PERFORMANCE): "1",
            (Indicator.ACTIVITIES, K.TRAINING): "2",
            (Indicator.PUBLICITY, ""): "8",
            (Indicator.VISIT_COVERAGE, ""): "90",
            (Indicator.ANTI_FRAUD_COVERAGE, ""): "80",
        },
    ),
}  # fmt: skip
# A community the demo does not know (one an administrator added) is seeded as the middle one.
DEFAULT = PROFILES["北环路社区"]


def profile(name: str) -> Profile:
    return PROFILES.get(name, DEFAULT)
