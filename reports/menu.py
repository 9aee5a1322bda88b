"""The reports' entries of the navigation bar, registered from ReportsConfig.ready(): the
dashboard first of all (order 10), the reports' drop-down after the campaigns' (90)."""

from django.utils.translation import gettext_lazy as _

from core import navigation


def register() -> None:
    # 工作台: for those who read every community.
    navigation.register(
        _("Dashboard"), "reports:dashboard", "ledgers.view_all_communities", order=10
    )
    navigation.register_section(
        "reports",
        _("Reports"),
        order=90,
        entries=[
            (_("County workbook"), "reports:county_workbook", "ledgers.view_resident"),
            (_("Yearly statistics"), "reports:yearly", "ledgers.view_resident"),
        ],
    )
