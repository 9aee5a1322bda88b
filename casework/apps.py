from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        # The hazard and insurance ledgers plug into the ledgers' spreadsheet pages.
        from casework import household_filters, household_page, menu  # noqa: F401 (they register)
        from casework.assistance.moves import follow_transfer
        from casework.hazards.deadlines import follow_calendar
        from casework.hazards.resources import HAZARDS
        from casework.insurance import bulk_actions
        from casework.insurance.resources import INSURANCE
        from casework.roles import PERMISSIONS
        from core import roles, workdays
        from ledgers.moves import followers
        from sheets.resources import register

        register(HAZARDS)
        register(INSURANCE)
        roles.declare(PERMISSIONS)
        menu.register()
        followers.register(follow_transfer)  # open assistance cases move with the family
        bulk_actions.register()
        from casework.assistance import reminders as assistance_reminders
        from casework.hazards import reminders as hazard_reminders
        from casework.inspections import reminders as inspection_reminders

        hazard_reminders.register_rules()
        assistance_reminders.register_rules()
        inspection_reminders.register_rules()
        # Deadlines in working days are counted again when a year's holidays are entered.
        workdays.register_follower(follow_calendar)
