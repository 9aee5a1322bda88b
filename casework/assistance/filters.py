"""Filters of the assistance cases, with the groups the yearly statistics drill down by."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from casework.assistance.models import AssistanceCase, AssistanceKind, CaseState
from ledgers.filters import YES_NO, YearFilter, community_filter, date_range
from ledgers.models import MINORITY_CODES, Resident

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
