"""The filters of the resident and household lists and of the special ledgers of people."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledgers.codes import Ethnicity, InflowReason, NewSocialStratum
from ledgers.extensions import household_filters
from ledgers.filters import YES_NO, DateRangeInputs, community_filter, days_of, grid_filter
from ledgers.models import (
    MINORITY_CODES,
    FloatingRecord,
    Household,
    OverseasTie,
    OverseasTieKind,
    ResidenceType,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
    Tag,
)

AGE_BANDS = [
    ("0-17", _("Under 18")),
    ("18-59", _("18 to 59")),
    ("60-79", _("60 to 79")),
    ("80-", _("80 and over")),
]


def born_between(low: int, high: int | None, today: date) -> Q:
    """Ages low..high (inclusive) on `today`, as a birth-date range the index can serve."""

    def years_ago(years: int) -> date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    q = Q(birth_date__lte=years_ago(low))
    if high is not None:
        q &= Q(birth_date__gt=years_ago(high + 1))
    return q


class ResidentFilter(django_filters.FilterSet):
    """The register shows people on it (在册) unless another status is chosen."""

    community = community_filter()
    grid = grid_filter()
    ethnicity = django_filters.ChoiceFilter(label=_("ethnicity"), choices=Ethnicity.choices)
    minority = django_filters.ChoiceFilter(
        label=_("minority"), choices=YES_NO, method="filter_minority"
    )
    tags = django_filters.ModelChoiceFilter(label=_("tag"), queryset=Tag.objects.all())
    residence_type = django_filters.ChoiceFilter(
        label=_("residence type"), choices=ResidenceType.choices
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=ResidentStatus.choices)
    age = django_filters.ChoiceFilter(label=_("age"), choices=AGE_BANDS, method="filter_age")
    hardship = django_filters.ChoiceFilter(
        label=_("hardship household"), choices=YES_NO, method="filter_hardship"
    )

    class Meta:
        model = Resident
        fields = ["community", "grid", "ethnicity", "minority", "tags", "residence_type", "status"]

    def __init__(self, data: Any = None, *args: Any, request: Any = None, **kwargs: Any) -> None:
        if data is None or "status" not in data:
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["status"] = ResidentStatus.ACTIVE
        super().__init__(data, *args, request=request, **kwargs)
        if request is not None and not request.user.has_perm("ledgers.view_religion"):
            self.filters["tags"].queryset = Tag.objects.filter(sensitive=False)

    def filter_minority(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "yes":
            return queryset.filter(ethnicity__in=MINORITY_CODES)
        return queryset.exclude(ethnicity__in=MINORITY_CODES)

    def filter_age(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        low, _sep, high = value.partition("-")
        return queryset.filter(
            born_between(int(low), int(high) if high else None, timezone.localdate())
        )

    def filter_hardship(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(household__hardship=(value == "yes"))


class MinorityFilter(django_filters.FilterSet):
    community = community_filter()
    grid = grid_filter()
    ethnicity = django_filters.ChoiceFilter(
        label=_("ethnicity"), choices=[c for c in Ethnicity.choices if c[0] in MINORITY_CODES]
    )
    gender = django_filters.ChoiceFilter(label=_("gender"), choices=[("1", "男"), ("2", "女")])
    residence_type = django_filters.ChoiceFilter(
        label=_("residence type"), choices=ResidenceType.choices
    )

    class Meta:
        model = Resident
        fields = ["community", "grid", "ethnicity", "gender", "residence_type"]


class HouseholdFilter(django_filters.FilterSet):
    """Households not dissolved (merged into another) unless "include dissolved" is chosen."""

    community = community_filter()
    grid = grid_filter()
    hardship = django_filters.BooleanFilter(label=_("hardship household"))
    dissolved = django_filters.ChoiceFilter(
        label=_("include dissolved households"), choices=YES_NO, method="filter_dissolved"
    )

    class Meta:
        model = Household
        fields = ["community", "grid", "hardship"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Bound even without parameters, so that filter_queryset leaves the dissolved out.
        super().__init__(QueryDict(mutable=True) if data is None else data, *args, **kwargs)
        # The filters other apps declare (ledgers.extensions), for those who read their records.
        if self.request is not None:
            for name, declared in household_filters(self.request.user):
                added = copy.deepcopy(declared)
                added.model, added.parent = Household, self
                self.filters[name] = added

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("dissolved") != "yes":
            queryset = queryset.filter(dissolved_on__isnull=True)
        return queryset

    def filter_dissolved(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset  # filter_queryset leaves the dissolved out unless asked


def stay_overlaps(start: date | None, end: date | None) -> Q:
    """A stay (the outer floating record) that began by `end` and had not ended before `start`:
    the person was here at some time in the period (either end may be open)."""
    overlaps = Q()
    if end is not None:
        overlaps &= Q(arrived_on__lte=end)
    if start is not None:
        overlaps &= Q(left_on__isnull=True) | Q(left_on__gte=start)
    return overlaps


class FloatingFilter(django_filters.FilterSet):
    """Present floating residents (no date of leaving) unless "left" is chosen."""

    community = community_filter("resident__community")
    grid = grid_filter("resident__grid")
    inflow_reason = django_filters.ChoiceFilter(
        label=_("reason for coming"), choices=InflowReason.choices
    )
    present = django_filters.ChoiceFilter(
        label=_("still here"), choices=YES_NO, method="filter_present"
    )
    permit_expired = django_filters.ChoiceFilter(
        label=_("permit expired"), choices=YES_NO, method="filter_permit_expired"
    )
    # The statistics' drill-down: here at some time between two days (here_after, here_before).
    here = django_filters.DateFromToRangeFilter(
        label=_("here between"), widget=DateRangeInputs(), method="filter_here"
    )

    class Meta:
        model = FloatingRecord
        fields = ["community", "grid", "inflow_reason"]

    def filter_present(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(left_on__isnull=(value == "yes"))

    def filter_here(self, queryset: QuerySet[Any], name: str, value: slice) -> QuerySet[Any]:
        """The people here in the period, each once: their latest stay in it (one who left and
        came back has two; the statistics count the person)."""
        if not value:
            return queryset
        overlaps = stay_overlaps(*days_of(value))
        later = FloatingRecord.objects.filter(
            overlaps,
            Q(arrived_on__gt=OuterRef("arrived_on"))
            | Q(arrived_on=OuterRef("arrived_on"), pk__gt=OuterRef("pk")),
            resident=OuterRef("resident"),
        )
        return queryset.filter(overlaps).exclude(Exists(later))

    def filter_permit_expired(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        expired = Q(permit_expires__lt=timezone.localdate())
        return queryset.filter(expired) if value == "yes" else queryset.exclude(expired)


class StrataFilter(django_filters.FilterSet):
    community = community_filter("resident__community")
    category = django_filters.ChoiceFilter(
        label=_("category"), choices=NewSocialStratum.choices, method="filter_category"
    )
    representative = django_filters.ChoiceFilter(
        label=_("representative"), choices=YES_NO, method="filter_representative"
    )

    class Meta:
        model = StrataMembership
        fields = ["community"]

    def filter_category(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(categories__contains=value)  # codes are single characters

    def filter_representative(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        representative = (
            Q(is_npc_deputy=True) | Q(is_cppcc_member=True) | ~Q(other_representative="")
        )
        return (
            queryset.filter(representative) if value == "yes" else queryset.exclude(representative)
        )


class OverseasFilter(django_filters.FilterSet):
    community = community_filter("resident__community")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=OverseasTieKind.choices)

    class Meta:
        model = OverseasTie
        fields = ["community", "kind"]


class StudyAbroadFilter(django_filters.FilterSet):
    community = community_filter("resident__community")
    country = django_filters.CharFilter(label=_("country or region"), lookup_expr="icontains")

    class Meta:
        model = StudyAbroad
        fields = ["community", "country"]
