from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform every app stands on; it names no app above it (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # The audit log hears sign-ins (axes); the chain's checks and signals connect.
        from django.db.models.signals import post_migrate

        from core import audit, auditchain, backups, roles  # noqa: F401
        from core.calendar import menu, seed

        audit.connect_axes()
        roles.declare(roles.PERMISSIONS)
        menu.register()  # the holiday calendar's page
        from core.calendar import reminders

        reminders.register_rules()
        post_migrate.connect(seed.after_flush, sender=self)
        # The years the holiday package knows are written by migrate itself (core 0004): a
        # database to restore into holds them already.
        from core.models import CalendarDay, CalendarYear

        for model in (CalendarYear, CalendarDay):
            backups.rows_made_by_migrations(model._meta.db_table)
