"""Casework models, one module per kind of case: hazards, inspections, insurance enrolment."""

from casework.models.hazards import (
    Hazard,
    HazardAction,
    HazardLevel,
    HazardPhoto,
    HazardSource,
    HazardState,
    RectificationMode,
)
from casework.models.inspections import (
    HAZARD_CATEGORY_OF_ITEM,
    ChecklistItem,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionResult,
)
from casework.models.insurance import (
    COVERED,
    EnrolmentStatus,
    InsuranceEnrolment,
    InsuranceScheme,
    should_enrol,
)
from ledgers.models import photo_path  # named by migration 0003

__all__ = [
    "COVERED",
    "HAZARD_CATEGORY_OF_ITEM",
    "ChecklistItem",
    "EnrolmentStatus",
    "Hazard",
    "HazardAction",
    "HazardLevel",
    "HazardPhoto",
    "HazardSource",
    "HazardState",
    "Inspection",
    "InspectionItem",
    "InspectionPhoto",
    "InspectionResult",
    "InsuranceEnrolment",
    "InsuranceScheme",
    "RectificationMode",
    "photo_path",
    "should_enrol",
]
