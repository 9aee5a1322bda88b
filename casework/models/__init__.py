"""Casework models, one module per kind of case: hazards, insurance enrolment."""

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
from casework.models.insurance import (
    COVERED,
    EnrolmentStatus,
    InsuranceEnrolment,
    InsuranceScheme,
    should_enrol,
)

__all__ = [
    "COVERED",
    "EnrolmentStatus",
    "Hazard",
    "HazardAction",
    "HazardLevel",
    "HazardPhoto",
    "HazardSource",
    "HazardState",
    "InsuranceEnrolment",
    "InsuranceScheme",
    "RectificationMode",
    "photo_path",
    "should_enrol",
]
