"""The figures of the yearly statistics (年度工作统计), per community, for a period: what the
statements cite (statements.py) and what the county workbook's summary sheet shows. Every
figure is an aggregate query in the viewer's scope.

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
  "the amount approved" is the sum of the amounts approved of those applications that were
  approved (for 低保 the monthly standard, for one-off relief the sum);
- insurance rows are kept per year: a period counts the rows of the year it ends in;
  "elderly in pension insurance" are residents aged 60 or over by 31 December of that year
  with a covering pension row (已参保 or insured through another scheme) for it, "minority
  elderly" those of them of a minority; minority residents in medical insurance likewise with
  a covering medical row;
- participants (人次) are the sum of the participants the activities held in the period record;
- hazards "closed" are the hazards found in the period that are closed (销号) today, "overdue"
  those of them open and past their deadline today (the hazard register's rule);
- anti-fraud coverage: households (not dissolved) with the app recorded as installed by the
  period's last day, of all households (not dissolved) today;
- minority floating population "in the period": minority residents on the register with a
  stay that began by the period's last day and had not ended before its first;
- cultural positions (文化阵地) are the places of that kind in the places ledger today;
- population and households are the register (在册) as of today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from campaigns.antifraud.coverage import installed
from campaigns.models import Activity, ActivityKind, Publicity, Visit
from casework.assistance.filters import RELIEF_KINDS, household_had_minority_member
from casework.hazards.models import overdue_condition
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
    FloatingRecord,
    Household,
    Place,
    PlaceKind,
    Resident,
    ResidentStatus,
)
from ledgers.people.filters import stay_overlaps

Figures = Counter[str]


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
    `user`'s scope: eleven aggregate queries, whatever the number of rows and communities."""
    may = user.has_perm
    result: dict[int | None, Figures] = {}
    period = (start, end)
    if may("campaigns.view_activity"):
        _add(result, _activities(user, period, communities, office), "community_id")
    if may("campaigns.view_publicity"):
        _add(result, _publicity(user, period, communities, office), "community_id")
    if may("campaigns.view_visit"):
        _add(result, _visits(user, period, communities), "community_id")
    if may("casework.view_assistancecase"):
        _add(result, _assistance(user, period, communities), "community_id")
    if may("casework.view_insuranceenrolment"):
        _add(result, _insurance(user, end.year, communities), "community_id")
    if may("campaigns.view_antifraudcoverage"):
        _add(result, _anti_fraud(user, end, communities), "community_id")
    if may("casework.view_hazard"):
        _add(result, _hazards(user, period, communities), "community_id")
    if may("ledgers.view_resident"):
        _add(result, _register(user, period, communities), "community_id")
    if may("ledgers.view_place"):
        _add(result, _cultural_places(user, communities), "community_id")
    return result


DateRange = tuple[date, date]  # the first and the last day, both included


def _activities(
    user: Any, period: DateRange, communities: Sequence[int] | None, office: bool
) -> QuerySet[Any]:
    """Activities held, their participants, and the activities of each kind."""
    activities = _within(Activity.objects.for_user(user), "community", communities, office)
    return (
        activities.filter(held_on__range=period)
        .order_by()
        .values("community_id")
        .annotate(
            # Before `participants` names the sum: after it, the name is the sum's, not the field's.
            **{
                f"people_{kind}": Sum("participants", filter=Q(kind=kind))
                for kind in ActivityKind.values
            },
            activities=Count("pk"),
            participants=Sum("participants"),
            minority_participants=Sum("minority_participants"),
            **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in ActivityKind.values},
        )
    )


def _publicity(
    user: Any, period: DateRange, communities: Sequence[int] | None, office: bool
) -> QuerySet[Any]:
    publicity = _within(Publicity.objects.for_user(user), "community", communities, office)
    return (
        publicity.filter(published_on__range=period)
        .order_by()
        .values("community_id")
        .annotate(publicity=Count("pk"))
    )


def _visits(user: Any, period: DateRange, communities: Sequence[int] | None) -> QuerySet[Any]:
    visits = _within(Visit.objects.for_user(user), "community", communities, False)
    return (
        visits.filter(visited_on__range=period)
        .order_by()
        .values("community_id")
        .annotate(visits=Count("pk"), visited_households=Count("household", distinct=True))
    )


def _assistance(user: Any, period: DateRange, communities: Sequence[int] | None) -> QuerySet[Any]:
    """Minority hardship households that applied for relief, and those approved."""
    cases = _within(AssistanceCase.objects.for_user(user), "community", communities, False)
    approved = Q(state__in=APPROVED_STATES)
    return (
        cases.applications()  # type: ignore[attr-defined]
        .filter(household_had_minority_member(), applied_on__range=period, kind__in=RELIEF_KINDS)
        .order_by()
        .values("community_id")
        .annotate(
            helped_households=Count("household", distinct=True),
            approved_households=Count("household", distinct=True, filter=approved),
            amount_approved=Sum("amount_approved", filter=approved),
        )
    )


def _hazards(user: Any, period: DateRange, communities: Sequence[int] | None) -> QuerySet[Any]:
    """Hazards found in the period; of them, those closed and those overdue today."""
    hazards = _within(Hazard.objects.for_user(user), "community", communities, False)
    return (
        hazards.filter(found_on__range=period)
        .order_by()
        .values("community_id")
        .annotate(
            hazards_found=Count("pk"),
            hazards_closed=Count("pk", filter=Q(state=HazardState.CLOSED)),
            hazards_overdue=Count("pk", filter=overdue_condition()),
        )
    )


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
            pension_elderly_minority=Count(
                "resident",
                distinct=True,
                filter=Q(scheme=InsuranceScheme.PENSION, resident__ethnicity__in=MINORITY_CODES)
                & elderly,
            ),
        )
    )


def _anti_fraud(user: Any, end: date, communities: Sequence[int] | None) -> QuerySet[Any]:
    """Households (not dissolved) and those with the anti-fraud app installed by `end`."""
    households = _within(Household.objects.for_user(user), "community", communities, False)
    return (
        households.filter(dissolved_on__isnull=True)
        .order_by()
        .values("community_id")
        .annotate(app_households=Count("pk"), app_installed=Count("pk", filter=installed(end)))
    )


def _cultural_places(user: Any, communities: Sequence[int] | None) -> QuerySet[Any]:
    """Cultural positions (文化阵地) in the places ledger."""
    places = _within(Place.objects.for_user(user), "community", communities, False)
    return (
        places.filter(kind=PlaceKind.CULTURAL)
        .order_by()
        .values("community_id")
        .annotate(cultural_places=Count("pk"))
    )


def _register(
    user: Any, period: DateRange, communities: Sequence[int] | None
) -> list[dict[str, Any]]:
    """Residents, households and minority floating residents on the register today (and the
    minority floating residents on the register who were here in the period)."""
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
        today = timezone.localdate()
        here_today = Q(left_on__isnull=True) | Q(left_on__gt=today)
        rows += (
            floating.filter(
                resident__status=ResidentStatus.ACTIVE, resident__ethnicity__in=MINORITY_CODES
            )
            .order_by()
            .values(community_id=F("resident__community_id"))
            .annotate(
                minority_floating=Count("resident", distinct=True, filter=here_today),
                minority_floating_in_period=Count(
                    "resident", distinct=True, filter=stay_overlaps(*period)
                ),
            )
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
