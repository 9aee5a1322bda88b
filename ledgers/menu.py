"""The ledgers' entries of the navigation bar, registered from LedgersConfig.ready().

Their orders on the bar: residents 20, transfers 25, households 30, the ledgers' drop-down 40,
communities 100, access requests 110, the audit log 120; the other apps' entries fall between.
"""

from django.utils.translation import gettext_lazy as _

from core import navigation


def register() -> None:
    navigation.register(_("Residents"), "ledgers:resident_list", "ledgers.view_resident", order=20)
    navigation.register(_("Transfers"), "ledgers:transfer_list", "ledgers.view_transfer", order=25)
    navigation.register(
        _("Households"), "ledgers:household_list", "ledgers.view_household", order=30
    )
    navigation.register_section(
        "ledgers",
        _("Ledgers"),
        order=40,
        entries=[
            (_("Minority residents ledger"), "ledgers:minority_ledger", "ledgers.view_resident"),
            (
                _("Minority floating population ledger"),
                "ledgers:minority_floating_ledger",
                "ledgers.view_floatingrecord",
            ),
            (
                _("Floating population ledger"),
                "ledgers:floating_ledger",
                "ledgers.view_floatingrecord",
            ),
            (
                _("New social strata ledger"),
                "ledgers:strata_ledger",
                "ledgers.view_stratamembership",
            ),
            (
                _("Returned overseas Chinese and relatives ledger"),
                "ledgers:overseas_ledger",
                "ledgers.view_overseastie",
            ),
            (
                _("Students abroad ledger"),
                "ledgers:study_abroad_ledger",
                "ledgers.view_studyabroad",
            ),
            (
                _("Individual businesses ledger"),
                "ledgers:individual_business_ledger",
                "ledgers.view_business",
            ),
            (_("Religious venues ledger"), "ledgers:religious_venue_ledger", "ledgers.view_place"),
            (_("Businesses"), "ledgers:business_list", "ledgers.view_business"),
            (_("Places"), "ledgers:place_list", "ledgers.view_place"),
            (_("Consistency checks"), "ledgers:checks", "ledgers.view_resident"),
            (
                _("Duplicate records"),
                "ledgers:duplicate_list",
                "ledgers.view_all_communities",
            ),
        ],
    )
    navigation.register(
        _("Communities"), "ledgers:community_list", "ledgers.view_community", order=100
    )
    navigation.register(
        _("Access requests"), "ledgers:rolegrant_list", "ledgers.approve_rolegrant", order=110
    )
    navigation.register(_("Audit log"), "audit", "core.view_auditevent", order=120)
