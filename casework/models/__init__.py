"""Casework models: the hazard register; each kind of case in its own module."""

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
    "Hazard",
    "HazardAction",
    "HazardLevel",
    "HazardPhoto",
    "HazardSource",
    "HazardState",
    "RectificationMode",
    "photo_path",
]
