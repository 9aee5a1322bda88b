"""The holiday calendar's entry of the navigation bar, registered from CoreConfig.ready(): after
the audit log (120), for those who enter the years."""

from django.utils.translation import gettext_lazy as _

from core import navigation


def register() -> None:
    navigation.register(
        _("Holiday calendar"), "calendar:year_list", "core.change_calendaryear", order=130
    )
