"""Casework's drop-downs of the navigation bar, registered from CaseworkConfig.ready().

Their orders on the bar: hazards 50, insurance 60, assistance 70 (after the ledgers' 40).
"""

from django.utils.translation import gettext_lazy as _

from core import navigation


def register() -> None:
    navigation.register_section(
        "hazards",
        _("Hazards"),
        order=50,
        entries=[
            (_("Inspections"), "casework:inspection_list", "casework.view_inspection"),
            (
                _("Inspection plans"),
                "casework:inspectionplan_list",
                "casework.view_inspectionplan",
            ),
            (_("Hazard register"), "casework:hazard_list", "casework.view_hazard"),
            (_("Hazards that need me"), "casework:hazard_mine", "casework.view_hazard"),
            (_("Circular of orders not met"), "casework:hazard_circular", "casework.view_hazard"),
        ],
    )
    navigation.register_section(
        "insurance",
        _("Insurance"),
        order=60,
        entries=[
            (
                _("Insurance gap list"),
                "casework:insurance_gaps",
                "casework.view_insuranceenrolment",
            ),
            (
                _("Insurance enrolments"),
                "casework:insuranceenrolment_list",
                "casework.view_insuranceenrolment",
            ),
        ],
    )
    navigation.register_section(
        "assistance",
        _("Assistance"),
        order=70,
        entries=[
            (_("Assistance cases"), "casework:assistance_list", "casework.view_assistancecase"),
            (_("Due for re-check"), "casework:assistance_recheck", "casework.view_assistancecase"),
        ],
    )
