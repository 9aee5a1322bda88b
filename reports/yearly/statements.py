"""The statistics' statements (工作统计) for a period: what an experience report cites, each a
sentence whose numbers link to the list of their rows in the same unit (households to a list of
households, people to a list of people, activities to the activities, 人次 and amounts to the
rows they are summed over), with a note on what is counted. One function a group of
statements, each shown to those who may read its records; the counts come from
reports/yearly/figures.py (how each is counted is written there)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.activities.filters import MEETINGS
from campaigns.coverage import rate
from campaigns.models import MEETING_KINDS, ActivityKind
from casework.models import HazardState, InsuranceScheme
from ledgers.models import Community, PlaceKind
from reports.drilldown import between, list_url
from reports.yearly.figures import Figures, figures, total
from reports.yearly.periods import StatPeriod


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
    headline: Figure  # the figure the statement is about, whatever the language's word order

    @property
    def figures(self) -> list[Figure]:
        """The figures in the order the (translated) text gives them."""
        return [part for part in self.parts if isinstance(part, Figure)]

    @property
    def number(self) -> int | Decimal | None:
        return self.headline.value

    @property
    def text(self) -> str:
        return "".join(part.text if isinstance(part, Figure) else part for part in self.parts)


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def parts_of(template: str, **values: Figure) -> list[str | Figure]:
    """`template` (translated) cut at its %(name)s placeholders, each replaced by its figure."""
    pieces = _PLACEHOLDER.split(template)
    parts: list[str | Figure] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(values[piece])
        elif piece:
            parts.append(piece)
    return parts


def sentence(key: str, label: str, template: str, note: str, **values: Figure) -> Sentence:
    """`template` (translated) with its %(name)s placeholders replaced by the figures; the first
    figure given is the statement's headline (数量 in the downloads)."""
    headline = next(iter(values.values()))
    return Sentence(key, label, tuple(parts_of(template, **values)), note, headline)


@dataclass(frozen=True)
class PeriodCounts:
    """The counts of a period (of a community, or of the office) and what the lists behind them
    are asked: `area` (the community, None for the office) and `period`."""

    counts: Figures
    area: dict[str, Any]
    period: StatPeriod

    def dated(self, field: str) -> dict[str, Any]:
        """The area and the period as a date range of the list's `field`."""
        return {**self.area, **between(field, self.period.start, self.period.end)}

    def activities(self, kind: str) -> Figure:
        """The activities of one kind held in the period, linked to their list."""
        url = list_url("campaigns:activity_list", kind=kind, **self.dated("held_on"))
        return Figure(self.counts[f"kind_{kind}"], url)


def meeting_and_activity_statements(asked: PeriodCounts) -> list[Sentence]:
    """Study sessions, mobilisation meetings and forums together; then lectures, performances,
    training and practical services, one statement each."""
    f, dated = asked.counts, asked.dated("held_on")
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
            _("Activities of these three kinds held in the period."),
            meetings=Figure(meetings, list_url("campaigns:activity_list", kind=MEETINGS, **dated)),
            study=asked.activities(ActivityKind.STUDY),
            mobilisation=asked.activities(ActivityKind.MOBILISATION),
            forum=asked.activities(ActivityKind.FORUM),
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
        note = _("Activities of this kind held in the period.")
        result.append(sentence(kind, label, template, note, n=asked.activities(kind)))
    return result


def participant_statements(asked: PeriodCounts) -> list[Sentence]:
    """人次: the participants the activities record, in all and by kind; each number links to
    the activities it is the sum of."""
    f, dated = asked.counts, asked.dated("held_on")
    every = list_url("campaigns:activity_list", **dated)
    total = Figure(f["participants"], every)
    parts = parts_of(
        _("%(total)s participants in all, %(minority)s of them minority residents. By kind: "),
        total=total,
        minority=Figure(f["minority_participants"], every),
    )
    kinds = list(ActivityKind)
    for kind in kinds:
        url = list_url("campaigns:activity_list", kind=kind.value, **dated)
        last = kind == kinds[-1]
        template = _("%(kind)s: %(n)s.") if last else _("%(kind)s: %(n)s; ")
        # The kind's name is text, not a figure: put it in before cutting at the placeholder.
        template = template.replace("%(kind)s", str(kind.label))
        parts += parts_of(template, n=Figure(f[f"people_{kind.value}"], url))
    note = _(
        "Participants (人次): the sum of the participants recorded on the activities held in "
        "the period; each number links to the activities it adds up."
    )
    label = _("Participants by kind of activity")
    return [Sentence("participants", label, tuple(parts), note, total)]


def publicity_statements(asked: PeriodCounts) -> list[Sentence]:
    url = list_url("campaigns:publicity_list", **asked.dated("published_on"))
    return [
        sentence(
            "publicity",
            _("Publicity"),
            _("Published %(n)s articles and news reports."),
            _("Publicity items published in the period."),
            n=Figure(asked.counts["publicity"], url),
        )
    ]


def visit_statements(asked: PeriodCounts) -> list[Sentence]:
    period = asked.period
    households = list_url(
        "ledgers:household_list",
        dissolved="yes",
        **asked.area,
        **between("visited", period.start, period.end),
    )
    visits = list_url("campaigns:visit_list", **asked.dated("visited_on"))
    return [
        sentence(
            "visits",
            _("Household visits"),
            _("Visited %(households)s households (%(visits)s visits)."),
            _("Households visited at least once in the period, and the visits."),
            households=Figure(asked.counts["visited_households"], households),
            visits=Figure(asked.counts["visits"], visits),
        )
    ]


def assistance_statements(asked: PeriodCounts) -> list[Sentence]:
    period = asked.period

    def households(name: str) -> str:
        where = {**asked.area, **between(name, period.start, period.end)}
        return list_url("ledgers:household_list", dissolved="yes", **where)

    return [
        sentence(
            "assistance",
            _("Minority hardship households helped"),
            _(
                "Helped %(helped)s minority hardship households apply for temporary relief, "
                "the minimum living allowance or housing support (%(approved)s approved)."
            ),
            _(
                "Households with a minority member that applied in the period (drafts not "
                "counted); approved: those with an approval."
            ),
            helped=Figure(asked.counts["helped_households"], households("relief")),
            approved=Figure(asked.counts["approved_households"], households("relief_approved")),
        )
    ]


def assistance_amount_statements(asked: PeriodCounts) -> list[Sentence]:
    """The amounts approved: only for those who may see the amounts of assistance."""
    cases = {**asked.dated("applied_on"), "minority": "yes", "kinds": "relief"}
    url = list_url("casework:assistance_list", applied="yes", approved="yes", **cases)
    amount = Decimal(asked.counts["amount_approved"] or 0).quantize(Decimal("0.01"))
    return [
        sentence(
            "assistance_amount",
            _("Assistance approved"),
            _("The applications approved were granted %(amount)s yuan."),
            _(
                "The sum of the amounts approved of those applications (for the minimum living "
                "allowance the monthly standard); the link lists the applications."
            ),
            amount=Figure(amount, url),
        )
    ]


def insurance_statements(asked: PeriodCounts) -> list[Sentence]:
    year = asked.period.insurance_year
    insured = {**asked.area, "year": year, "covered": "yes", "minority": "yes"}
    name = "casework:insuranceenrolment_list"
    return [
        sentence(
            "insurance",
            _("Insurance"),
            _(
                "%(medical)s minority residents joined the residents' medical insurance and "
                "%(pension)s minority elderly residents the residents' pension insurance."
            ),
            _(
                "Minority residents with a covering row for %(year)d (insurance is kept per "
                "year: a period counts the year it ends in); elderly: aged 60 or over by 31 "
                "December."
            )
            % {"year": year},
            medical=Figure(
                asked.counts["medical_minority"],
                list_url(name, scheme=InsuranceScheme.MEDICAL, **insured),
            ),
            pension=Figure(
                asked.counts["pension_elderly_minority"],
                list_url(name, scheme=InsuranceScheme.PENSION, elderly="yes", **insured),
            ),
        )
    ]


def anti_fraud_statements(asked: PeriodCounts) -> list[Sentence]:
    f, end = asked.counts, asked.period.end
    share = rate(f["app_installed"], f["app_households"])
    return [
        sentence(
            "anti_fraud",
            _("Anti-fraud app"),
            _(
                "%(installed)s of %(households)s households have installed the national "
                "anti-fraud app (%(share)s)."
            ),
            _(
                "Households with the app recorded as installed by %(day)s, of the households "
                "(not dissolved) today."
            )
            % {"day": f"{end:%Y-%m-%d}"},
            installed=Figure(
                f["app_installed"],
                list_url("ledgers:household_list", app_installed_by=end, **asked.area),
            ),
            households=Figure(
                f["app_households"], list_url("ledgers:household_list", **asked.area)
            ),
            share=Figure(share, None, "%"),
        )
    ]


def hazard_statements(asked: PeriodCounts) -> list[Sentence]:
    dated = asked.dated("found_on")
    return [
        sentence(
            "hazards",
            _("Hazards"),
            _("Found %(found)s safety hazards, of which %(closed)s are rectified and closed."),
            _("Hazards found in the period; closed: those of them closed (销号) today."),
            found=Figure(asked.counts["hazards_found"], list_url("casework:hazard_list", **dated)),
            closed=Figure(
                asked.counts["hazards_closed"],
                list_url("casework:hazard_list", state=HazardState.CLOSED, **dated),
            ),
        ),
        sentence(
            "hazards_overdue",
            _("Overdue hazards"),
            _("%(n)s of the hazards found are overdue."),
            _(
                "Hazards found in the period that are open past their deadline today (in "
                "working days where it was given in them)."
            ),
            n=Figure(
                asked.counts["hazards_overdue"],
                list_url("casework:hazard_list", overdue="yes", **dated),
            ),
        ),
    ]


def population_statements(asked: PeriodCounts) -> list[Sentence]:
    f, area = asked.counts, asked.area
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


def floating_statements(asked: PeriodCounts) -> list[Sentence]:
    period = asked.period
    url = list_url(
        "ledgers:minority_floating_ledger",
        **asked.area,
        **between("here", period.start, period.end),
    )
    return [
        sentence(
            "minority_floating",
            _("Minority floating population"),
            _("%(n)s minority floating residents lived here in the period."),
            _(
                "Minority residents on the register with a stay here that began by the "
                "period's last day and had not ended before its first."
            ),
            n=Figure(asked.counts["minority_floating_in_period"], url),
        )
    ]


def cultural_place_statements(asked: PeriodCounts) -> list[Sentence]:
    url = list_url("ledgers:place_list", kind=PlaceKind.CULTURAL, **asked.area)
    return [
        sentence(
            "cultural_places",
            _("Cultural positions"),
            _("%(n)s cultural positions (exhibition halls, squares, activity rooms)."),
            _("Places of the kind 文化阵地 in the places ledger today."),
            n=Figure(asked.counts["cultural_places"], url),
        )
    ]


# The groups of statements in the order they are read, each with who may read it.
STATEMENT_GROUPS: list[tuple[str, Callable[[PeriodCounts], list[Sentence]]]] = [
    ("campaigns.view_activity", meeting_and_activity_statements),
    ("campaigns.view_activity", participant_statements),
    ("campaigns.view_publicity", publicity_statements),
    ("campaigns.view_visit", visit_statements),
    ("casework.view_assistancecase", assistance_statements),
    ("casework.view_assistance_details", assistance_amount_statements),
    ("casework.view_insuranceenrolment", insurance_statements),
    ("campaigns.view_antifraudcoverage", anti_fraud_statements),
    ("casework.view_hazard", hazard_statements),
    ("ledgers.view_resident", population_statements),
    ("ledgers.view_floatingrecord", floating_statements),
    ("ledgers.view_place", cultural_place_statements),
]


def yearly_statistics(
    user: Any, period: StatPeriod | int, community: Community | None = None
) -> list[Sentence]:
    """The statements of the period (a year when given a number) for a community, or for the
    office (every community the user sees, and the office-wide records), in the user's scope."""
    if isinstance(period, int):
        period = StatPeriod.of("year", period)
    where = [community.pk] if community else None
    counted = figures(user, period.start, period.end, where, office=community is None)
    counts = counted.get(community.pk, Counter()) if community else total(counted)
    asked = PeriodCounts(counts, {"community": community.pk if community else None}, period)
    return [
        statement
        for permission, statements in STATEMENT_GROUPS
        if user.has_perm(permission)
        for statement in statements(asked)
    ]
