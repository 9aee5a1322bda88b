from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo office (`manage.py seed_demo`); no other app depends on it."""

    name = "demo"
    verbose_name = _("Demo office")
