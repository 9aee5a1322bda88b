"""The yearly statistics (年度工作统计): the figures an experience report cites, each with the
list of its rows one click away; and the per-community figures the county workbook's summary
sheet shows. Every figure is an aggregate query in the viewer's scope.

Rules:
- a period runs from its first to its last day, both included (1 January–31 December for a
  year); records count by their own date: activities by the day held, publicity by the day
  published, visits by the day of the visit, assistance by the day applied for, hazards by
  the day found; insurance by the row's year;
- a community counts its own records only; the office (no community) counts every record the
  viewer may see, the office-wide ones (全办: no community) included;
- "minority hardship households helped" are distinct households with a minority member (of
  any status: who lived there then) that made an application (past its draft) for temporary
  relief, the minimum living allowance or housing support; "approved" those with an approval;
- "elderly in pension insurance" are residents aged 60 or over by 31 December of the year with
  a covering pension row (已参保 or insured through another scheme) for the year; minority
  residents in medical insurance likewise with a covering medical row;
- hazards "closed" are the hazards found in the period that are closed (销号) today;
- population and households are the register (在册) as of today.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.activities.filters import MEETINGS
from campaigns.coverage import rate
from campaigns.models import MEETING_KINDS, Activity, ActivityKind, Publicity, Visit
from casework.assistance.filters import RELIEF_KINDS, minority_household
from casework.insurance.models import PENSION_AGE
from casework.models import (
    APPROVED_STATES,
    COVERED,
    AssistanceCase,
    Hazard,
    HazardState,
    InsuranceEnrolment,
    InsuranceScheme,
)
from ledgers.models import (
    MINORITY_CODES,
    Community,
    FloatingRecord,
    Household,
    Resident,
    ResidentStatus,
)
from reports.drilldown import list_url

Figures = Counter[str]
# Activity kinds the statistics name one by one (meetings are also added up).
COUNTED_KINDS = [
    *MEETING_KINDS,
    ActivityKind.POLICY_LECTURE,
    ActivityKind.PERFORMANCE,
    ActivityKind.TRAINING,
    ActivityKind.SERVICE,
]


def _within(
    queryset: QuerySet[Any], path: str, communities: Sequence[int] | None, office: bool
) -> QuerySet[Any]:
    """Rows of the given communities (all the viewer's when None), and the office-wide ones."""
    if communities is None:
        return queryset
    wanted = Q(**{f"{path}__in": communities})
    if office:
        wanted |= Q(**{f"{path}__isnull": True})
    return queryset.filter(wanted)


def _add(result: dict[int | None, Figures], rows: Iterable[dict[str, Any]], key: str) -> None:
    for row in rows:
        figures = result.setdefault(row.pop(key), Counter())
        figures.update({name: value or 0 for name, value in row.items()})


def figures(
    user: Any,
    start: date,
    end: date,
    communities: Sequence[int] | None = None,
    office: bool = True,
) -> dict[int | None, Figures]:
    """The figures of each community (None: the office-wide records) for the period, in
    `user`'s scope: nine aggregate queries, whatever the number of rows and communities."""
    may = user.has_perm
    result: dict[int | None, Figures] = {}
    period = (start, end)
    if may("campaigns.view_activity"):
        activities = _within(Activity.objects.for_user(user), "community", communities, office)
        rows = (
            activities.filter(held_on__range=period)
            .order_by()
            .values("community_id")
            .annotate(
                activities=Count("pk"),
                participants=Sum("participants"),
                minority_participants=Sum("minority_participants"),
                **{
                    f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in ActivityKind.values
                },
            )
        )
        _add(result, rows, "community_id")
    if may("campaigns.view_publicity"):
        publicity = _within(Publicity.objects.for_user(user), "community", communities, office)
        rows = (
            publicity.filter(published_on__range=period)
            .order_by()
            .values("community_id")
            .annotate(publicity=Count("pk"))
        )
        _add(result, rows, "community_id")
    if may("campaigns.view_visit"):
        visits = _within(Visit.objects.for_user(user), "community", communities, False)
        rows = (
            visits.filter(visited_on__range=period)
            .order_by()
            .values("community_id")
            .annotate(visits=Count("pk"), visited_households=Count("household", distinct=True))
        )
        _add(result, rows, "community_id")
    if may("casework.view_assistancecase"):
        cases = _within(AssistanceCase.objects.for_user(user), "community", communities, False)
        approved = Q(state__in=APPROVED_STATES)
        rows = (
            cases.applications()  # type: ignore[attr-defined]
            .filter(minority_household(), applied_on__range=period, kind__in=RELIEF_KINDS)
            .order_by()
            .values("community_id")
            .annotate(
                helped_households=Count("household", distinct=True),
                approved_households=Count("household", distinct=True, filter=approved),
            )
        )
        _add(result, rows, "community_id")
    if may("casework.view_insuranceenrolment"):
        _add(result, _insurance(user, end.year, communities), "community_id")
    if may("casework.view_hazard"):
        hazards = _within(Hazard.objects.for_user(user), "community", communities, False)
        today = timezone.localdate()
        open_ = ~Q(state=HazardState.CLOSED)
        rows = (
            hazards.filter(found_on__range=period)
            .order_by()
            .values("community_id")
            .annotate(
                hazards_found=Count("pk"),
                hazards_closed=Count("pk", filter=Q(state=HazardState.CLOSED)),
                hazards_overdue=Count("pk", filter=open_ & Q(deadline__lt=today)),
            )
        )
        _add(result, rows, "community_id")
    if may("ledgers.view_resident"):
        _add(result, _register(user, communities), "community_id")
    return result


def _insurance(user: Any, year: int, communities: Sequence[int] | None) -> Any:
    rows = _within(
        InsuranceEnrolment.objects.for_user(user), "resident__community", communities, False
    )
    elderly = Q(resident__birth_date__lte=date(year - PENSION_AGE, 12, 31))
    return (
        rows.filter(year=year, status__in=COVERED)
        .order_by()
        .values(community_id=F("resident__community_id"))
        .annotate(
            medical_minority=Count(
                "resident",
                distinct=True,
                filter=Q(scheme=InsuranceScheme.MEDICAL, resident__ethnicity__in=MINORITY_CODES),
            ),
            pension_elderly=Count(
                "resident", distinct=True, filter=Q(scheme=InsuranceScheme.PENSION) & elderly
            ),
        )
    )


def _register(user: Any, communities: Sequence[int] | None) -> list[dict[str, Any]]:
    """Residents, households and minority floating residents on the register today."""
    minority = Q(ethnicity__in=MINORITY_CODES)
    residents = _within(Resident.objects.for_user(user), "community", communities, False)
    rows = list(
        residents.filter(status=ResidentStatus.ACTIVE)
        .order_by()
        .values("community_id")
        .annotate(residents=Count("pk"), minority_residents=Count("pk", filter=minority))
    )
    members = Resident.objects.filter(
        minority, household=OuterRef("pk"), status=ResidentStatus.ACTIVE
    )
    households = _within(Household.objects.for_user(user), "community", communities, False)
    rows += (
        households.order_by()
        .values("community_id")
        .annotate(
            households=Count("pk"), minority_households=Count("pk", filter=Q(Exists(members)))
        )
    )
    if user.has_perm("ledgers.view_floatingrecord"):
        floating = _within(
            FloatingRecord.objects.for_user(user), "resident__community", communities, False
        )
        rows += (
            present(floating)
            .filter(resident__ethnicity__in=MINORITY_CODES)
            .order_by()
            .values(community_id=F("resident__community_id"))
            .annotate(minority_floating=Count("resident", distinct=True))
        )
    return rows


def present(records: QuerySet[FloatingRecord]) -> QuerySet[FloatingRecord]:
    """Floating residents here today: on the register, and not gone."""
    today = timezone.localdate()
    return records.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today), resident__status=ResidentStatus.ACTIVE
    )


def total(by_community: dict[int | None, Figures]) -> Figures:
    summed: Figures = Counter()
    for values in by_community.values():
        summed.update(values)
    return summed


# ---- the sentences ------------------------------------------------------------------------


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


def yearly_statistics(user: Any, year: int, community: Community | None = None) -> list[Sentence]:
    """The year's statements for a community, or for the office (every community the user
    sees, and the office-wide records), in the user's scope."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    where = [community.pk] if community else None
    counted = figures(user, start, end, where, office=community is None)
    f = counted.get(community.pk, Counter()) if community else total(counted)
    area = {"community": community.pk if community else None}
    dated = {**area, "year": year}
    may = user.has_perm

    def activities(kind: str) -> Figure:
        return Figure(f[f"kind_{kind}"], list_url("campaigns:activity_list", kind=kind, **dated))

    result = []
    if may("campaigns.view_activity"):
        meetings = sum(f[f"kind_{kind}"] for kind in MEETING_KINDS)
        result.append(
            sentence(
                "meetings",
                _("Study sessions, mobilisation meetings and forums"),
                _(
                    "Held %(meetings)s theory-group study sessions, mobilisation meetings and "
                    "forums (%(study)s study sessions, %(mobilisation)s mobilisation meetings, "
                    "%(forum)s forums)."
                ),
                _("Activities of these three kinds held in the year."),
                meetings=Figure(
                    meetings, list_url("campaigns:activity_list", kind=MEETINGS, **dated)
                ),
                study=activities(ActivityKind.STUDY),
                mobilisation=activities(ActivityKind.MOBILISATION),
                forum=activities(ActivityKind.FORUM),
            )
        )
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
            result.append(sentence(kind, label, template, note, n=activities(kind)))
    if may("campaigns.view_publicity"):
        url = list_url("campaigns:publicity_list", **dated)
        result.append(
            sentence(
                "publicity",
                _("Publicity"),
                _("Published %(n)s articles and news reports."),
                _("Publicity items published in the year."),
                n=Figure(f["publicity"], url),
            )
        )
    if may("campaigns.view_visit"):
        url = list_url("campaigns:visit_list", **dated)
        result.append(
            sentence(
                "visits",
                _("Household visits"),
                _("Visited %(households)s households (%(visits)s visits)."),
                _("Households visited at least once in the year, and the visits."),
                households=Figure(f["visited_households"], url),
                visits=Figure(f["visits"], url),
            )
        )
    if may("casework.view_assistancecase"):
        relief = {**dated, "minority": "yes", "kinds": "relief"}
        result.append(
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
                    f["helped_households"],
                    list_url("casework:assistance_list", applied="yes", **relief),
                ),
                approved=Figure(
                    f["approved_households"],
                    list_url("casework:assistance_list", approved="yes", **relief),
                ),
            )
        )
    if may("casework.view_insuranceenrolment"):
        insured = {**dated, "covered": "yes"}
        name = "casework:insuranceenrolment_list"
        result.append(
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
                    f["medical_minority"],
                    list_url(name, scheme=InsuranceScheme.MEDICAL, minority="yes", **insured),
                ),
                pension=Figure(
                    f["pension_elderly"],
                    list_url(name, scheme=InsuranceScheme.PENSION, elderly="yes", **insured),
                ),
            )
        )
    if may("casework.view_hazard"):
        result.append(
            sentence(
                "hazards",
                _("Hazards"),
                _("Found %(found)s safety hazards, of which %(closed)s are rectified and closed."),
                _("Hazards found in the year; closed: those of them closed (销号) today."),
                found=Figure(f["hazards_found"], list_url("casework:hazard_list", **dated)),
                closed=Figure(
                    f["hazards_closed"],
                    list_url("casework:hazard_list", state=HazardState.CLOSED, **dated),
                ),
            )
        )
    if may("ledgers.view_resident"):
        share = rate(f["minority_residents"], f["residents"])
        result.append(
            sentence(
                "population",
                _("Minority population"),
                _("%(minority)s minority residents, %(share)s of the population."),
                _("The register (在册) as of today: %(day)s.")
                % {"day": f"{timezone.localdate():%Y-%m-%d}"},
                minority=Figure(
                    f["minority_residents"], list_url("ledgers:minority_ledger", **area)
                ),
                share=Figure(share, list_url("ledgers:resident_list", **area), "%"),
            )
        )
    return result
