"""Consistency checks of the ledgers: what a clerk should put right, found in a few queries,
and the page listing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledgers import identifiers
from ledgers.codes import RelationToHead
from ledgers.models import DocumentType, FloatingRecord, Household, Resident, ResidentStatus

SHOWN = 50  # rows listed per check; the count is always complete


@dataclass
class CheckResult:
    key: str
    title: Any
    advice: Any
    count: int
    rows: list[Any] = field(default_factory=list)


def _scoped(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset if user is None else queryset.for_user(user)  # type: ignore[attr-defined]


def _result(key: str, title: Any, advice: Any, queryset: QuerySet[Any]) -> CheckResult:
    return CheckResult(key, title, advice, queryset.count(), list(queryset[:SHOWN]))


def id_mismatches(residents: QuerySet[Resident]) -> list[Resident]:
    """Citizen ID numbers whose birth date or gender disagrees with the record (or is invalid)."""
    wrong = []
    rows = residents.filter(
        document_type__in=[DocumentType.CITIZEN, DocumentType.HMT, DocumentType.FOREIGN_PR]
    ).exclude(id_number="")
    for resident in rows.only("pk", "name", "id_number", "gender", "birth_date", "community"):
        try:
            parsed = identifiers.parse_citizen_id(resident.id_number)
        except identifiers.IdentifierError:
            wrong.append(resident)
            continue
        if parsed.gender != resident.gender or parsed.birth_date != resident.birth_date:
            wrong.append(resident)
    return wrong


def run(user: Any = None) -> list[CheckResult]:
    """Every check, within `user`'s scope (None: all communities, for the management command)."""
    today = timezone.localdate()
    active = _scoped(Resident.objects.all(), user).filter(status=ResidentStatus.ACTIVE)
    households = _scoped(Household.objects.all(), user).annotate(
        head_count=Count(
            "members",
            filter=Q(
                members__relation_to_head=RelationToHead.HEAD,
                members__status=ResidentStatus.ACTIVE,
            ),
        )
    )
    floating = (
        _scoped(FloatingRecord.objects.all(), user)
        .filter(resident__status=ResidentStatus.ACTIVE)
        .select_related("resident")
    )
    duplicates = (
        active.values("name", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("name_sort", "birth_date")
    )
    mismatched = id_mismatches(active)
    return [
        _result(
            "no_household",
            _("Registered residents without a household"),
            _("Enter the household number on each resident's page."),
            active.filter(household__isnull=True, residence_type="registered").order_by(
                "name_sort"
            ),
        ),
        _result(
            "no_head",
            _("Households without a head"),
            _("Open the household and choose its head."),
            households.filter(head_count=0).order_by("number"),
        ),
        _result(
            "two_heads",
            _("Households with more than one head"),
            _("Open the household and keep one head."),
            households.filter(head_count__gt=1).order_by("number"),
        ),
        CheckResult(
            "id_mismatch",
            _("ID numbers that disagree with gender or birth date"),
            _("Compare the record with the identity card and correct it."),
            len(mismatched),
            mismatched[:SHOWN],
        ),
        _result(
            "permit_expired",
            _("Floating residents whose residence permit has expired"),
            _("Remind them to renew the permit, then enter the new expiry date."),
            floating.filter(left_on__isnull=True, permit_expires__lt=today).order_by(
                "permit_expires"
            ),
        ),
        _result(
            "left_but_active",
            _("Floating residents past their date of leaving still on the register"),
            _("Record the move-out on the resident's page."),
            floating.filter(left_on__lt=today).order_by("left_on"),
        ),
        CheckResult(
            "duplicates",
            _("Residents with the same name and birth date"),
            _("These may be the same person entered twice."),
            duplicates.count(),
            list(duplicates[:SHOWN]),
        ),
    ]


@login_required
@permission_required("ledgers.view_resident", raise_exception=True)
def consistency_checks(request: HttpRequest) -> HttpResponse:
    """What to put right in the ledgers of the user's communities."""
    results = run(request.user)
    return render(request, "ledgers/checks.html", {"results": results})
