from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self) -> None:
        # The resources register the ledgers' spreadsheets; accounts connects its signals.
        from core import backups, history, roles, scope
        from ledgers import menu
        from ledgers.areas import accounts  # noqa: F401
        from ledgers.identifiers import mask_id
        from ledgers.models import Assignment, Community, Tag
        from ledgers.moves import signals  # noqa: F401
        from ledgers.people import (
            bulk_actions,
            resources,  # noqa: F401
        )
        from ledgers.places import resources as place_resources  # noqa: F401
        from ledgers.roles import PERMISSIONS

        # Who works where is the input of the scope rule.
        scope.configure(
            assigned=lambda user: Assignment.objects.filter(user=user).values("community_id"),
            see_all="ledgers.view_all_communities",
            community_names=lambda user: list(
                Community.objects.for_user(user).values_list("name", flat=True)
            ),
        )
        history.mask_field("id_number", mask_id)
        backups.rows_made_by_migrations(Tag._meta.db_table)  # the built-in tags
        roles.declare(PERMISSIONS)
        menu.register()
        bulk_actions.register()
        from ledgers.moves import reminders

        reminders.register_rules()
