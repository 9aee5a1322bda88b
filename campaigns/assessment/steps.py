"""Writes of the self-assessment beyond a form: next year's tree copied from this year's (the
administrator corrects it), and an area's self-assessment started (a score row for each leaf)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campaigns.assessment.models import AssessmentIndicator, SelfScore
from ledgers.models import Community


@transaction.atomic
def copy_tree(year: int, to_year: int) -> int:
    """Copy the indicator tree of `year` to `to_year` (refused when that year has one): numbers,
    names, points, evidence required and what computes them. Returns the items copied."""
    if AssessmentIndicator.objects.filter(year=to_year).exists():
        raise ValidationError(
            _("The year %(year)s has indicators already: it is not copied over.")
            % {"year": to_year}
        )
    copies: dict[int, AssessmentIndicator] = {}
    for source in AssessmentIndicator.objects.filter(year=year).order_by("sort_key"):
        parent = copies.get(source.parent_id) if source.parent_id else None
        copy = AssessmentIndicator(
            year=to_year,
            parent=parent,
            number=source.number,
            name=source.name,
            points=source.points,
            evidence_required=source.evidence_required,
            computed_from=source.computed_from,
            activity_kind=source.activity_kind,
        )
        copy.full_clean()
        copy.save()
        copies[source.pk] = copy
    return len(copies)


@transaction.atomic
def start(year: int, community: Community | None, user: Any) -> int:
    """A score row (not scored yet) for every leaf of the year's tree the area has none for:
    the self-assessment begun, or extended to the items added since. Returns the rows made."""
    leaves = AssessmentIndicator.objects.filter(year=year, children__isnull=True)
    have = SelfScore.objects.filter(indicator__year=year)
    have = have.filter(community=community) if community else have.filter(community__isnull=True)
    missing = leaves.exclude(pk__in=have.values("indicator_id")).order_by("sort_key")
    rows = [SelfScore(indicator=indicator, community=community) for indicator in missing]
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)
    if rows:
        bulk_create_with_history(rows, SelfScore, default_user=user)
    return len(rows)
