"""Assistance reminders, to the community's people who handle cases: a public notice (公示)
ending, objections still open, a yearly re-check (低保, 特困) due or overdue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.assistance.models import (
    RECHECKED_KINDS,
    AssistanceCase,
    CaseObjection,
    CaseState,
)
from core.notices.registry import Context, Due, Rule, register, threshold_reached
from ledgers.areas import recipients

HANDLE = "casework.change_assistancecase"


def _cases(**conditions: Any) -> list[AssistanceCase]:
    found = AssistanceCase.objects.filter(**conditions).select_related("applicant", "community")
    return list(found.order_by())


def _named(case: AssistanceCase, **more: Any) -> dict[str, Any]:
    return {"case": str(case), "community": case.community.name, **more}


def _told(cases: list[AssistanceCase]) -> recipients.Local:
    return recipients.local(HANDLE, {c.community_id for c in cases})


def publicity(context: Context) -> Iterator[Due]:
    horizon = context.today + timedelta(days=max(context.thresholds, default=0))
    cases = _cases(state=CaseState.PUBLICITY, publicity_end__lte=horizon)
    people = _told(cases)
    ended = _("The public notice of %(case)s (%(community)s) has ended: record its end.")
    ends = _("The public notice of %(case)s (%(community)s) ends on %(day)s.")
    for case in cases:
        assert case.publicity_end is not None
        left = (case.publicity_end - context.today).days
        told = people.of(case.community_id, case.grid_id)
        if left < 0:
            yield Due(case, "ended", told, ended % _named(case))
            continue
        reached = threshold_reached(left, context.thresholds)
        if reached is not None:
            day = f"{case.publicity_end:%Y-%m-%d}"
            yield Due(case, str(reached), told, ends % _named(case, day=day))


def objections(context: Context) -> Iterator[Due]:
    unresolved = CaseObjection.objects.filter(case=OuterRef("pk"), resolved_on=None)
    cases = list(
        AssistanceCase.objects.filter(Exists(unresolved))
        .select_related("applicant", "community")
        .order_by()
    )
    people = _told(cases)
    title = _("%(case)s (%(community)s) has an objection to its public notice still open.")
    for case in cases:
        yield Due(case, "open", people.of(case.community_id, case.grid_id), title % _named(case))


def rechecks(context: Context) -> Iterator[Due]:
    horizon = context.today + timedelta(days=max(context.thresholds, default=0))
    cases = _cases(state=CaseState.PAYING, kind__in=RECHECKED_KINDS, recheck_due__lte=horizon)
    people = _told(cases)
    was_due = _("The yearly re-check of %(case)s (%(community)s) was due on %(day)s.")
    is_due = _("The yearly re-check of %(case)s (%(community)s) is due on %(day)s.")
    for case in cases:
        assert case.recheck_due is not None
        left = (case.recheck_due - context.today).days
        told = people.of(case.community_id, case.grid_id)
        day = f"{case.recheck_due:%Y-%m-%d}"
        if left < 0:
            yield Due(case, "overdue", told, was_due % _named(case, day=day))
            continue
        reached = threshold_reached(left, context.thresholds)
        if reached is not None:
            yield Due(case, str(reached), told, is_due % _named(case, day=day))


def register_rules() -> None:
    register(
        Rule(
            "assistance_publicity",
            gettext_lazy("Public notices ending"),
            publicity,
            thresholds=(1,),
            help=gettext_lazy(
                "Days before a public notice (公示) ends when the case's community is told; "
                "told again once it has ended and its end is not recorded."
            ),
            order=20,
        )
    )
    register(
        Rule(
            "assistance_objection",
            gettext_lazy("Objections open"),
            objections,
            help=gettext_lazy("A case with an objection not yet resolved."),
            order=21,
        )
    )
    register(
        Rule(
            "assistance_recheck",
            gettext_lazy("Yearly re-checks due"),
            rechecks,
            thresholds=(30, 7),
            help=gettext_lazy("Days before a yearly re-check is due; told again once overdue."),
            order=22,
        )
    )
