"""Casework models: hazards, assistance cases; each kind of case in its own module."""

from casework.models.assistance import (
    APPROVED_STATES,
    DETAILS_PERMISSION,
    PUBLICITY_DAYS,
    AssistanceCase,
    AssistanceKind,
    CaseAction,
    CaseObjection,
    CaseState,
    IncomeCheck,
    PaymentMethod,
    ReasonCategory,
    add_years,
)
from casework.models.hazards import (
    Hazard,
    HazardAction,
    HazardLevel,
    HazardPhoto,
    HazardSource,
    HazardState,
    RectificationMode,
    photo_path,
)

__all__ = [
    "APPROVED_STATES",
    "DETAILS_PERMISSION",
    "PUBLICITY_DAYS",
    "AssistanceCase",
    "AssistanceKind",
    "CaseAction",
    "CaseObjection",
    "CaseState",
    "Hazard",
    "HazardAction",
    "HazardLevel",
    "HazardPhoto",
    "HazardSource",
    "HazardState",
    "IncomeCheck",
    "PaymentMethod",
    "ReasonCategory",
    "RectificationMode",
    "add_years",
    "photo_path",
]
