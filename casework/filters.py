"""Filters of the casework lists: the hazard register, the inspections, the assistance cases,
the insurance enrolments and the insurance gap list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from casework.models import (
    CLOSED_ON_TIME,
    COVERED,
    AssistanceCase,
    AssistanceKind,
    CaseState,
    EnrolmentStatus,
    Hazard,
    HazardLevel,
    HazardState,
    Inspection,
    InspectionItem,
    InspectionResult,
    InsuranceEnrolment,
    InsuranceScheme,
    overdue_condition,
    should_enrol,
)
from casework.models.insurance import PENSION_AGE
from ledgers.codes import HazardCategory
from ledgers.filters import YES_NO, YearFilter, community_filter, grid_filter
from ledgers.models import MINORITY_CODES, Place, Resident, ResidentStatus


def my_places(request: Any) -> QuerySet[Place]:
    return Place.objects.none() if request is None else Place.objects.for_user(request.user)


def date_range(label: Any) -> django_filters.DateFromToRangeFilter:
    """A from–to date filter: `<name>_after` and `<name>_before`, both days included."""
    return django_filters.DateFromToRangeFilter(
        label=label, widget=DateRangeWidget(attrs={"type": "date"})
    )


def only_yes(condition: Any) -> Any:
    """A filter method keeping the rows that meet `condition` (a Q) when "yes" is chosen."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(condition) if value == "yes" else queryset

    return method


class HazardFilter(django_filters.FilterSet):
    community = community_filter()
    place = django_filters.ModelChoiceFilter(label=_("place"), queryset=my_places)
    category = django_filters.ChoiceFilter(label=_("category"), choices=HazardCategory.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=HazardLevel.choices)
    state = django_filters.ChoiceFilter(label=_("state"), choices=HazardState.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("overdue"), choices=YES_NO, method="filter_overdue"
    )
    due_this_week = django_filters.ChoiceFilter(
        label=_("deadline within 7 days"), choices=YES_NO[:1], method="filter_due_this_week"
    )
    year = YearFilter("found_on")
    unreported = django_filters.ChoiceFilter(
        label=_("major, not reported upward"), choices=YES_NO[:1], method="filter_unreported"
    )
    open = django_filters.ChoiceFilter(
        label=_("not closed"), choices=YES_NO[:1], method=only_yes(~Q(state=HazardState.CLOSED))
    )
    found_on = date_range(_("found on"))
    closed_on = date_range(_("closed on"))
    on_time = django_filters.ChoiceFilter(
        label=_("closed on time"), choices=YES_NO[:1], method=only_yes(CLOSED_ON_TIME)
    )
    extension = django_filters.ChoiceFilter(
        label=_("extension requested"),
        choices=YES_NO[:1],
        method=only_yes(Q(extension_requested_to__isnull=False)),
    )

    class Meta:
        model = Hazard
        fields = ["community", "place", "category", "level", "state", "year"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # The model's rule: past the deadline (in working days where it was given in them).
        overdue = overdue_condition()
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)

    def filter_unreported(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # 重大隐患未上报: what still has to go up to the party work committee.
        if value != "yes":
            return queryset
        return queryset.filter(level=HazardLevel.MAJOR, reported_on__isnull=True)

    def filter_due_this_week(
        self, queryset: QuerySet[Any], name: str, value: bool
    ) -> QuerySet[Any]:
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            deadline__gte=today, deadline__lte=today + timedelta(days=7)
        ).exclude(state=HazardState.CLOSED)


class InspectionFilter(django_filters.FilterSet):
    community = community_filter()
    place = django_filters.ModelChoiceFilter(label=_("place"), queryset=my_places)
    inspected_on = django_filters.DateFromToRangeFilter(
        label=_("inspected on"), widget=DateRangeWidget(attrs={"type": "date"})
    )
    year = YearFilter("inspected_on")
    failed = django_filters.ChoiceFilter(
        label=_("has failed items"), choices=YES_NO, method="filter_failed"
    )

    class Meta:
        model = Inspection
        fields = ["community", "place", "inspected_on", "year"]

    def filter_failed(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        failed = Exists(
            InspectionItem.objects.filter(inspection=OuterRef("pk"), result=InspectionResult.FAIL)
        )
        return queryset.filter(failed) if value == "yes" else queryset.exclude(failed)


def current_year() -> int:
    return timezone.localdate().year


class EnrolmentFilter(django_filters.FilterSet):
    community = community_filter("resident__community")
    grid = grid_filter("resident__grid")
    scheme = django_filters.ChoiceFilter(label=_("scheme"), choices=InsuranceScheme.choices)
    year = YearFilter("year", dates=False)
    status = django_filters.ChoiceFilter(
        label=_("enrolment status"), choices=EnrolmentStatus.choices
    )
    helped_by_community = django_filters.BooleanFilter(label=_("helped by the community"))
    # The drill-downs of the dashboard and the yearly statistics: insured (已参保 or through
    # another scheme), on the register now (an enrolment rate counts those), minority residents,
    # and the elderly (60 or over by 31 December of the row's year).
    covered = django_filters.ChoiceFilter(
        label=_("insured"), choices=YES_NO, method="filter_covered"
    )
    on_register = django_filters.ChoiceFilter(
        label=_("on the register"),
        choices=YES_NO[:1],
        method=only_yes(Q(resident__status=ResidentStatus.ACTIVE)),
    )
    minority = django_filters.ChoiceFilter(
        label=_("minority"), choices=YES_NO[:1], method="filter_minority"
    )
    elderly = django_filters.ChoiceFilter(
        label=_("aged 60 or over"), choices=YES_NO[:1], method="filter_elderly"
    )

    class Meta:
        model = InsuranceEnrolment
        fields = ["community", "grid", "scheme", "year", "status", "helped_by_community"]

    def filter_covered(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        covered = Q(status__in=COVERED)
        return queryset.filter(covered) if value == "yes" else queryset.exclude(covered)

    def filter_minority(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(resident__ethnicity__in=MINORITY_CODES) if value else queryset

    def filter_elderly(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(resident__birth_date__year__lte=F("year") - PENSION_AGE)


class InsuranceGapFilter(django_filters.FilterSet):
    """Who should be insured and is not: the scheme and year default to medical, this year."""

    community = community_filter()
    grid = grid_filter()
    scheme = django_filters.ChoiceFilter(
        label=_("scheme"), choices=InsuranceScheme.choices, method="by_rule", empty_label=None
    )
    year = YearFilter("year", method="by_rule")

    class Meta:
        model = Resident
        fields = ["community", "grid", "scheme", "year"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("scheme"):
            data["scheme"] = InsuranceScheme.MEDICAL
        if not data.get("year"):
            data["year"] = str(current_year())
        super().__init__(data, *args, **kwargs)

    def by_rule(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # both together, in filter_queryset

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        scheme, year = self.form.cleaned_data.get("scheme"), self.form.cleaned_data.get("year")
        if not scheme or year is None:
            return queryset.none()
        return should_enrol(queryset, scheme, int(year))


# The kinds an experience report cites together: "helped N minority hardship households apply
# for temporary relief, the minimum living allowance or housing support".
RELIEF_KINDS = [AssistanceKind.TEMPORARY, AssistanceKind.MINIMUM_LIVING, AssistanceKind.HOUSING]
KIND_GROUPS = [("relief", _("Temporary relief, minimum living allowance or housing"))]


def household_had_minority_member() -> Exists:
    """A case of a household with a minority member (any status: who was in it then)."""
    return Exists(
        Resident.objects.filter(household=OuterRef("household"), ethnicity__in=MINORITY_CODES)
    )


class AssistanceFilter(django_filters.FilterSet):
    community = community_filter()
    kind = django_filters.ChoiceFilter(label=_("assistance type"), choices=AssistanceKind.choices)
    state = django_filters.ChoiceFilter(label=_("state"), choices=CaseState.choices)
    year = YearFilter("applied_on")
    applied_on = date_range(_("applied on"))
    applied = django_filters.ChoiceFilter(
        label=_("application made"), choices=YES_NO[:1], method="filter_applied"
    )
    approved = django_filters.ChoiceFilter(
        label=_("approved"), choices=YES_NO[:1], method="filter_approved"
    )
    due = django_filters.ChoiceFilter(
        label=_("due for re-check"), choices=YES_NO[:1], method="filter_due"
    )
    # The yearly statistics' drill-downs.
    kinds = django_filters.ChoiceFilter(
        label=_("types of assistance"), choices=KIND_GROUPS, method="filter_kinds"
    )
    minority = django_filters.ChoiceFilter(
        label=_("minority household"), choices=YES_NO[:1], method="filter_minority"
    )

    class Meta:
        model = AssistanceCase
        fields = ["community", "kind", "state", "year"]

    def filter_due(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.due_for_recheck() if value == "yes" else queryset  # type: ignore[attr-defined]

    def filter_applied(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Past the draft: the applications the community helped make (DOMAIN.md §7).
        return queryset.applications() if value == "yes" else queryset  # type: ignore[attr-defined]

    def filter_approved(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.approvals() if value == "yes" else queryset  # type: ignore[attr-defined]

    def filter_kinds(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(kind__in=RELIEF_KINDS) if value == "relief" else queryset

    def filter_minority(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(household_had_minority_member()) if value else queryset
