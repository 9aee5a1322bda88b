"""Casework models: the hazard register, inspections; each kind of case in its own module."""

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
from ledgers.models import photo_path  # named by migration 0003

__all__ = [
    "HAZARD_CATEGORY_OF_ITEM",
    "ChecklistItem",
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
    "RectificationMode",
    "photo_path",
]
