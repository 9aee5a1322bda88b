"""The navigation bar: every app registers its entries (core.navigation), and together they
make the menu it has always been: the same labels, order, drop-downs and permissions."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from core import navigation

# (label, URL name, permission), or (label, [its entries]) for a drop-down, in the bar's order.
EXPECTED: list[Any] = [
    ("Dashboard", "reports:dashboard", "ledgers.view_all_communities"),
    ("Residents", "ledgers:resident_list", "ledgers.view_resident"),
    ("Transfers", "ledgers:transfer_list", "ledgers.view_transfer"),
    ("Households", "ledgers:household_list", "ledgers.view_household"),
    (
        "Ledgers",
        [
            ("Minority residents ledger", "ledgers:minority_ledger", "ledgers.view_resident"),
            (
                "Minority floating population ledger",
                "ledgers:minority_floating_ledger",
                "ledgers.view_floatingrecord",
            ),
            (
                "Floating population ledger",
                "ledgers:floating_ledger",
                "ledgers.view_floatingrecord",
            ),
            ("New social strata ledger", "ledgers:strata_ledger", "ledgers.view_stratamembership"),
            (
                "Returned overseas Chinese and relatives ledger",
                "ledgers:overseas_ledger",
                "ledgers.view_overseastie",
            ),
            ("Students abroad ledger", "ledgers:study_abroad_ledger", "ledgers.view_studyabroad"),
            (
                "Individual businesses ledger",
                "ledgers:individual_business_ledger",
                "ledgers.view_business",
            ),
            ("Religious venues ledger", "ledgers:religious_venue_ledger", "ledgers.view_place"),
            ("Businesses", "ledgers:business_list", "ledgers.view_business"),
            ("Places", "ledgers:place_list", "ledgers.view_place"),
            ("Consistency checks", "ledgers:checks", "ledgers.view_resident"),
            ("Duplicate records", "ledgers:duplicate_list", "ledgers.view_all_communities"),
            ("Bulk edit records", "bulkedit:list", "ledgers.change_resident"),
        ],
    ),
    (
        "Hazards",
        [
            ("Inspections", "casework:inspection_list", "casework.view_inspection"),
            ("Inspection plans", "casework:inspectionplan_list", "casework.view_inspectionplan"),
            ("Hazard register", "casework:hazard_list", "casework.view_hazard"),
            ("Hazards that need me", "casework:hazard_mine", "casework.view_hazard"),
            ("Circular of orders not met", "casework:hazard_circular", "casework.view_hazard"),
        ],
    ),
    (
        "Insurance",
        [
            ("Insurance gap list", "casework:insurance_gaps", "casework.view_insuranceenrolment"),
            (
                "Insurance enrolments",
                "casework:insuranceenrolment_list",
                "casework.view_insuranceenrolment",
            ),
        ],
    ),
    (
        "Assistance",
        [
            ("Assistance cases", "casework:assistance_list", "casework.view_assistancecase"),
            ("Due for re-check", "casework:assistance_recheck", "casework.view_assistancecase"),
        ],
    ),
    (
        "Campaigns",
        [
            ("Activity log", "campaigns:activity_list", "campaigns.view_activity"),
            ("Activity calendar", "campaigns:activity_month", "campaigns.view_activity"),
            ("Visit records", "campaigns:visit_list", "campaigns.view_visit"),
            ("Visit coverage", "campaigns:visit_coverage", "campaigns.view_visit"),
            (
                "Anti-fraud app coverage",
                "campaigns:anti_fraud_coverage",
                "campaigns.view_antifraudcoverage",
            ),
            ("Publicity", "campaigns:publicity_list", "campaigns.view_publicity"),
            ("Yearly targets", "campaigns:target_list", "campaigns.view_target"),
            ("Evidence packs", "campaigns:evidence_list", "campaigns.view_evidencepack"),
            (
                "Leadership groups",
                "campaigns:leadershipgroup_list",
                "campaigns.view_leadershipgroup",
            ),
            ("Work documents", "campaigns:workdocument_list", "campaigns.view_workdocument"),
            (
                "Demonstration titles",
                "campaigns:demonstration_list",
                "campaigns.view_demonstration",
            ),
            ("Self-assessment", "campaigns:assessment", "campaigns.view_selfscore"),
        ],
    ),
    (
        "Reports",
        [
            ("County workbook", "reports:county_workbook", "ledgers.view_resident"),
            ("Yearly statistics", "reports:yearly", "ledgers.view_resident"),
        ],
    ),
    ("Communities", "ledgers:community_list", "ledgers.view_community"),
    ("Access requests", "ledgers:rolegrant_list", "ledgers.approve_rolegrant"),
    ("Audit log", "audit", "core.view_auditevent"),
    ("Holiday calendar", "calendar:year_list", "core.change_calendaryear"),
]


def registered() -> list[Any]:
    shown: list[Any] = []
    with translation.override("en"):
        for item in navigation.menu():
            if isinstance(item, navigation.Entry):
                shown.append((str(item.label), item.url_name, item.permission))
            else:
                entries = navigation.section_entries(item.name)
                shown.append(
                    (str(item.label), [(str(e.label), e.url_name, e.permission) for e in entries])
                )
    return shown


def test_the_apps_register_the_menu_as_it_was() -> None:
    assert registered() == EXPECTED


def test_an_entry_of_a_section_nobody_registered_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(navigation, "ENTRIES", dict(navigation.ENTRIES))
    navigation.register("Lost", "home", "core.view_auditevent", order=1, section="nowhere")
    with pytest.raises(ImproperlyConfigured, match="nowhere"):
        navigation.menu()
