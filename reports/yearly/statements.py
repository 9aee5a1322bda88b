"""The yearly statistics' statements (年度工作统计): what an experience report cites, each a
sentence whose numbers link to the list of their rows, with a note on what is counted. One
function a group of statements, each shown to those who may read its records; the counts come
from reports/yearly/figures.py (how each is counted is written there)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.activities.filters import MEETINGS
from campaigns.coverage import rate
from campaigns.models import MEETING_KINDS, ActivityKind
from casework.models import HazardState, InsuranceScheme
from ledgers.models import Community
from reports.drilldown import list_url
from reports.yearly.figures import Figures, figures, total


@dataclass(frozen=True)
class Figure:
    """A number in a sentence and the list of the rows behind it (None: no such list yet)."""

    value: int | Decimal | None
    url: str | None
    suffix: str = ""

    @property
    def text(self) -> str:
        return "—" if self.value is None else f"{self.value}{self.suffix}"


@dataclass(frozen=True)
class Sentence:
    """One statement of the yearly statistics: its text with its figures, and how it is
    counted."""

    key: str
    label: str  # 项目
    parts: tuple[str | Figure, ...]
    note: str  # 说明: what is counted

    @property
    def figures(self) -> list[Figure]:
        return [part for part in self.parts if isinstance(part, Figure)]

    @property
    def number(self) -> int | Decimal | None:
        return self.figures[0].value

    @property
    def text(self) -> str:
        return "".join(part.text if isinstance(part, Figure) else part for part in self.parts)


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def sentence(key: str, label: str, template: str, note: str, **values: Figure) -> Sentence:
    """`template` (translated) with its %(name)s placeholders replaced by the figures."""
    pieces = _PLACEHOLDER.split(template)
    parts: list[str | Figure] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(values[piece])
        elif piece:
            parts.append(piece)
    return Sentence(key, label, tuple(parts), note)


@dataclass(frozen=True)
class YearCounts:
    """The counts of a year (of a community, or of the office) and the query strings of the
    lists behind them: `area` (the community, None for the office) and `dated` (with the year)."""

    counts: Figures
    area: dict[str, Any]
    dated: dict[str, Any]

    def activities(self, kind: str) -> Figure:
        """The activities of one kind held in the year, linked to their list."""
        url = list_url("campaigns:activity_list", kind=kind, **self.dated)
        return Figure(self.counts[f"kind_{kind}"], url)


def meeting_and_activity_statements(year: YearCounts) -> list[Sentence]:
    """Study sessions, mobilisation meetings and forums together; then lectures, performances,
    training and practical services, one statement each."""
    f, dated = year.counts, year.dated
    meetings = sum(f[f"kind_{kind}"] for kind in MEETING_KINDS)
    result = [
        sentence(
            "meetings",
            _("Study sessions, mobilisation meetings and forums"),
            _(
                "Held %(meetings)s theory-group study sessions, mobilisation meetings and "
                "forums (%(study)s study sessions, %(mobilisation)s mobilisation meetings, "
                "%(forum)s forums)."
            ),
            _("Activities of these three kinds held in the year."),
            meetings=Figure(meetings, list_url("campaigns:activity_list", kind=MEETINGS, **dated)),
            study=year.activities(ActivityKind.STUDY),
            mobilisation=year.activities(ActivityKind.MOBILISATION),
            forum=year.activities(ActivityKind.FORUM),
        )
    ]
    for kind, label, template in [
        (
            ActivityKind.POLICY_LECTURE,
            _("Policy lectures"),
            _("Gave %(n)s lectures on ethnic and religious policy."),
        ),
        (
            ActivityKind.PERFORMANCE,
            _("Cultural performances"),
            _("Staged %(n)s cultural performances."),
        ),
        (
            ActivityKind.TRAINING,
            _("Special training"),
            _("Ran %(n)s special training classes."),
        ),
        (
            ActivityKind.SERVICE,
            _("Practical services"),
            _("Did practical things for residents %(n)s times."),
        ),
    ]:
        note = _("Activities of this kind held in the year.")
        result.append(sentence(kind, label, template, note, n=year.activities(kind)))
    return result


def publicity_statements(year: YearCounts) -> list[Sentence]:
    url = list_url("campaigns:publicity_list", **year.dated)
    return [
        sentence(
            "publicity",
            _("Publicity"),
            _("Published %(n)s articles and news reports."),
            _("Publicity items published in the year."),
            n=Figure(year.counts["publicity"], url),
        )
    ]


def visit_statements(year: YearCounts) -> list[Sentence]:
    url = list_url("campaigns:visit_list", **year.dated)
    return [
        sentence(
            "visits",
            _("Household visits"),
            _("Visited %(households)s households (%(visits)s visits)."),
            _("Households visited at least once in the year, and the visits."),
            households=Figure(year.counts["visited_households"], url),
            visits=Figure(year.counts["visits"], url),
        )
    ]


def assistance_statements(year: YearCounts) -> list[Sentence]:
    relief = {**year.dated, "minority": "yes", "kinds": "relief"}
    return [
        sentence(
            "assistance",
            _("Minority hardship households helped"),
            _(
                "Helped %(helped)s minority hardship households apply for temporary relief, "
                "the minimum living allowance or housing support (%(approved)s approved)."
            ),
            _(
                "Households with a minority member that applied in the year (drafts not "
                "counted); approved: those with an approval."
            ),
            helped=Figure(
                year.counts["helped_households"],
                list_url("casework:assistance_list", applied="yes", **relief),
            ),
            approved=Figure(
                year.counts["approved_households"],
                list_url("casework:assistance_list", approved="yes", **relief),
            ),
        )
    ]


def insurance_statements(year: YearCounts) -> list[Sentence]:
    insured = {**year.dated, "covered": "yes"}
    name = "casework:insuranceenrolment_list"
    return [
        sentence(
            "insurance",
            _("Insurance"),
            _(
                "%(medical)s minority residents joined the residents' medical insurance and "
                "%(pension)s elderly residents the residents' pension insurance."
            ),
            _(
                "Residents with a covering row for the year; elderly: aged 60 or over by "
                "31 December."
            ),
            medical=Figure(
                year.counts["medical_minority"],
                list_url(name, scheme=InsuranceScheme.MEDICAL, minority="yes", **insured),
            ),
            pension=Figure(
                year.counts["pension_elderly"],
                list_url(name, scheme=InsuranceScheme.PENSION, elderly="yes", **insured),
            ),
        )
    ]


def hazard_statements(year: YearCounts) -> list[Sentence]:
    dated = year.dated
    return [
        sentence(
            "hazards",
            _("Hazards"),
            _("Found %(found)s safety hazards, of which %(closed)s are rectified and closed."),
            _("Hazards found in the year; closed: those of them closed (销号) today."),
            found=Figure(year.counts["hazards_found"], list_url("casework:hazard_list", **dated)),
            closed=Figure(
                year.counts["hazards_closed"],
                list_url("casework:hazard_list", state=HazardState.CLOSED, **dated),
            ),
        )
    ]


def population_statements(year: YearCounts) -> list[Sentence]:
    f, area = year.counts, year.area
    share = rate(f["minority_residents"], f["residents"])
    return [
        sentence(
            "population",
            _("Minority population"),
            _("%(minority)s minority residents, %(share)s of the population."),
            _("The register (在册) as of today: %(day)s.")
            % {"day": f"{timezone.localdate():%Y-%m-%d}"},
            minority=Figure(f["minority_residents"], list_url("ledgers:minority_ledger", **area)),
            share=Figure(share, list_url("ledgers:resident_list", **area), "%"),
        )
    ]


# The groups of statements in the order they are read, each with who may read it.
STATEMENT_GROUPS: list[tuple[str, Callable[[YearCounts], list[Sentence]]]] = [
    ("campaigns.view_activity", meeting_and_activity_statements),
    ("campaigns.view_publicity", publicity_statements),
    ("campaigns.view_visit", visit_statements),
    ("casework.view_assistancecase", assistance_statements),
    ("casework.view_insuranceenrolment", insurance_statements),
    ("casework.view_hazard", hazard_statements),
    ("ledgers.view_resident", population_statements),
]


def yearly_statistics(user: Any, year: int, community: Community | None = None) -> list[Sentence]:
    """The year's statements for a community, or for the office (every community the user
    sees, and the office-wide records), in the user's scope."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    where = [community.pk] if community else None
    counted = figures(user, start, end, where, office=community is None)
    counts = counted.get(community.pk, Counter()) if community else total(counted)
    area = {"community": community.pk if community else None}
    asked = YearCounts(counts, area, {**area, "year": year})
    return [
        statement
        for permission, statements in STATEMENT_GROUPS
        if user.has_perm(permission)
        for statement in statements(asked)
    ]
