from typing import Any

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
            assigned_communities=lambda user: list(
                Community.objects.filter(assignments__user=user).values_list("pk", "name")
            ),
        )
        history.mask_field("id_number", mask_id)
        backups.rows_made_by_migrations(Tag._meta.db_table)  # the built-in tags
        roles.declare(PERMISSIONS)
        menu.register()
        bulk_actions.register()
        from ledgers.moves import reminders

        reminders.register_rules()
        from django.db.models.signals import post_migrate

        post_migrate.connect(tags_after_flush, sender=self)


def tags_after_flush(sender: Any, apps: Any = None, **kwargs: Any) -> None:
    """post_migrate (which a flush sends too, without `apps`): the built-in resident tags that
    migration 0004 made are made again when a flush emptied the table (a transactional test)."""
    import importlib

    from django.apps import apps as installed

    tag = (apps or installed).get_model("ledgers", "Tag")
    if tag.objects.exists():
        return
    made = importlib.import_module("ledgers.migrations.0004_roles_and_tags")
    for name, sensitive in made.TAGS:
        tag.objects.get_or_create(name=name, defaults={"sensitive": sensitive})
