"""A visit's follow-up: open a hazard or an assistance case pre-filled from it, linked to it.

Each function works in one transaction: the hazard or case is made through casework's own
workflow (so it gets its number, its first action and casework's permission checks), then
linked to the visit; a visit already linked refuses with WorkflowError and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from campaigns.visits.models import Visit
from casework.assistance import workflow as assistance_workflow
from casework.hazards import workflow
from casework.models import AssistanceCase, AssistanceKind, Hazard, HazardSource, ReasonCategory
from casework.steps import WorkflowError, lock, require, save_fields
from ledgers.codes import HazardCategory, RelationToHead
from ledgers.models import Resident, ResidentStatus

CHANGE = "campaigns.change_visit"


def _locked(visit: Visit, user: Any) -> Visit:
    """The visit, in the user's scope and locked, so two clicks cannot open two records."""
    require(user.has_perm(CHANGE), _("You may not change visits."))
    return lock(visit, user, _("This visit is not in your communities."))


def visitors_text(visit: Visit) -> str:
    """Who visited, as a ledger writes it: 马秀英、李海燕、楼栋长马福."""
    return visit.visited_by


@transaction.atomic
def open_hazard(visit: Visit, user: Any, **fields: Any) -> Hazard:
    """登记隐患 from a visit: the household's community, grid and address, the findings as the
    description, found on the day of the visit by its visitors. `fields` gives the rest or
    overrides (category is required; level, location, description, place …)."""
    visit = _locked(visit, user)
    require(visit.hazard_id is None, _("This visit has already opened a hazard."))
    require(
        fields.get("category") in HazardCategory.values, _("Choose the category of the hazard.")
    )
    household = visit.household
    values: dict[str, Any] = {
        "community_id": household.community_id,
        "grid_id": household.grid_id,
        "location": household_address(visit),
        "description": visit.findings.strip(),
        "source": HazardSource.VISIT,
        "found_on": visit.visited_on,
        "found_by": visitors_text(visit)[:100],
        **fields,
    }
    require(bool(str(values["description"]).strip()), _("Describe the hazard."))
    hazard = Hazard(**values)
    with translation.override(settings.LANGUAGE_CODE):  # the ledger is kept in Chinese
        note = str(_("Found on the visit of %(day)s.") % {"day": f"{visit.visited_on:%Y-%m-%d}"})
    workflow.register(hazard, user, note)
    visit.hazard = hazard
    save_fields(visit, ["hazard"])
    return hazard


def household_address(visit: Visit) -> str:
    """The household's address with building, unit and room as 楼-单元-室: 北环路12号 3-2-301."""
    household = visit.household
    flat = "-".join(part for part in (household.building, household.unit, household.room) if part)
    return f"{household.address} {flat}".strip()


def household_head(visit: Visit) -> Resident | None:
    """The household's head on the register, if it has one."""
    return (
        Resident.objects.filter(
            household=visit.household_id,
            relation_to_head=RelationToHead.HEAD,
            status=ResidentStatus.ACTIVE,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def open_case(
    visit: Visit, user: Any, applicant: Resident | None = None, **fields: Any
) -> AssistanceCase:
    """登记救助申请 from a visit: the visited household, its head (or `applicant`, a member) as
    the applicant, the findings as the reason. `fields` gives the rest or overrides (kind is
    required; reason_category defaults to 其他)."""
    visit = _locked(visit, user)
    require(visit.assistance_case_id is None, _("This visit has already opened a case."))
    require(fields.get("kind") in AssistanceKind.values, _("Choose the type of assistance."))
    applicant = applicant or household_head(visit)
    require(applicant is not None, _("Choose the applicant: the household has no head."))
    assert applicant is not None
    values: dict[str, Any] = {
        "reason": visit.findings.strip(),
        "reason_category": ReasonCategory.OTHER,
        **fields,
    }
    require(bool(str(values["reason"]).strip()), _("Give the reason for applying."))
    case = AssistanceCase(household=visit.household, applicant=applicant, **values)
    with translation.override(settings.LANGUAGE_CODE):
        note = str(_("Found on the visit of %(day)s.") % {"day": f"{visit.visited_on:%Y-%m-%d}"})
    assistance_workflow.create(case, user, note)
    visit.assistance_case = case
    save_fields(visit, ["assistance_case"])
    return case


__all__ = [
    "WorkflowError",
    "household_address",
    "household_head",
    "open_case",
    "open_hazard",
    "visitors_text",
]
