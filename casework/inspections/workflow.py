"""排查: record an inspection with its whole checklist, and turn a failed item into a hazard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from casework.hazards import workflow as hazard_workflow
from casework.hazards.models import Hazard, HazardSource
from casework.inspections.models import (
    HAZARD_CATEGORY_OF_ITEM,
    ChecklistItem,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionResult,
)
from casework.steps import WorkflowError, lock, require, save_fields
from core.uploads.photos import store_photo


class Answer(NamedTuple):
    """The inspector's answer to one checklist item."""

    item: str
    result: str
    note: str = ""


def _in_scope(inspection: Inspection, user: Any) -> None:
    require(
        Inspection.objects.for_user(user).filter(pk=inspection.pk).exists(),
        _("This inspection is not in your communities."),
    )


def check_answers(answers: Sequence[Answer]) -> None:
    """Every checklist item answered exactly once, each with a known result."""
    items = [answer.item for answer in answers]
    require(len(items) == len(set(items)), _("Each checklist item is answered once."))
    require(
        sorted(items) == sorted(ChecklistItem.values),
        _("Answer every item of the checklist."),
    )
    require(
        all(answer.result in InspectionResult.values for answer in answers),
        _("Each item is passed, failed or not applicable."),
    )


@transaction.atomic
def record_inspection(
    inspection: Inspection,
    answers: Sequence[Answer],
    user: Any,
    photos: Iterable[Any] = (),
) -> Inspection:
    """Save a new or changed inspection with its checklist and photos, or nothing at all.

    An item that has become a hazard stays failed: the hazard's own loop decides its fate.
    """
    new = inspection.pk is None
    permission = "casework.add_inspection" if new else "casework.change_inspection"
    require(user.has_perm(permission), _("You may not record inspections."))
    existing: dict[str, InspectionItem] = {}
    if not new:
        _in_scope(inspection, user)
        # Locked, so an item turned into a hazard meanwhile keeps its hazard (and stays failed).
        items = InspectionItem.objects.select_for_update().filter(inspection=inspection)
        existing = {item.item: item for item in items}
    check_answers(answers)
    for answer in answers:
        item = existing.get(answer.item)
        if item is not None and item.hazard_id is not None:
            require(
                answer.result == InspectionResult.FAIL,
                _("“%(item)s” has become a hazard; it stays failed.")
                % {"item": item.get_item_display()},
            )
    inspection.save()
    _in_scope(inspection, user)  # a new row's community must be one of the user's
    for answer in answers:  # in checklist order, which is the items' order
        item = existing.get(answer.item) or InspectionItem(inspection=inspection, item=answer.item)
        if item.pk and (item.result, item.note) == (answer.result, answer.note):
            continue
        item.result, item.note = answer.result, answer.note.strip()
        if item.pk:
            save_fields(item, ["result", "note"])  # never the hazard: raise_hazard's
        else:
            item.save()
    _store_photos(inspection, photos, user)
    return inspection


def _store_photos(inspection: Inspection, photos: Iterable[Any], user: Any) -> None:
    for upload in photos:
        store_photo(InspectionPhoto(inspection=inspection, uploaded_by=user), upload)


@transaction.atomic
def add_photos(inspection: Inspection, photos: Sequence[Any], user: Any) -> None:
    """More photos of a recorded inspection; all are stored or, if one is refused, none."""
    _in_scope(inspection, user)
    require(user.has_perm("casework.change_inspection"), _("You may not change inspections."))
    require(bool(photos), _("Choose the photos to add."))
    _store_photos(inspection, photos, user)


@transaction.atomic
def raise_hazard(item: InspectionItem, user: Any, seen_state: str | None = None) -> Hazard:
    """转为隐患: a failed item becomes a registered hazard, once; the 五定 come next.

    The item is locked, so two clicks at once cannot make two hazards of it; `seen_state` is
    the result the page showed (an item passed since is not raised)."""
    lock(item, user, _("This inspection is not in your communities."), seen_state, "result")
    require(user.has_perm("casework.change_inspection"), _("You may not change inspections."))
    inspection = item.inspection
    require(item.failed, _("Only a failed item can become a hazard."))
    require(item.hazard_id is None, _("This item has already become a hazard."))
    with translation.override(settings.LANGUAGE_CODE):  # the ledger is kept in Chinese
        label = str(item.get_item_display())
        failed = str(InspectionResult.FAIL.label)
    # The place is a field of its own; a free location goes before the part (≤ 150 + label).
    location = label if inspection.place_id else f"{inspection.location} {label}"
    hazard = Hazard(
        community_id=inspection.community_id,
        grid_id=inspection.grid_id,
        place_id=inspection.place_id,
        location=location,
        description=item.note.strip() or f"{label}{failed}",
        category=HAZARD_CATEGORY_OF_ITEM[item.item],
        source=HazardSource.INSPECTION,
        found_on=inspection.inspected_on,
        found_by=inspection.inspectors,
    )
    hazard_workflow.register(hazard, user)
    item.hazard = hazard
    save_fields(item, ["hazard"])
    return hazard


__all__ = [
    "Answer",
    "WorkflowError",
    "add_photos",
    "check_answers",
    "raise_hazard",
    "record_inspection",
]
