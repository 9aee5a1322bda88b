from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform every app stands on; it names no app above it (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # The audit log hears sign-ins (axes); the chain's checks and signals connect.
        from core import audit, auditchain, roles  # noqa: F401

        audit.connect_axes()
        roles.declare(roles.PERMISSIONS)
