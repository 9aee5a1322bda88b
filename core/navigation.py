"""What base.html needs on every page: the user's communities and the navigation they may use."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import sees_all_communities
from ledgers.models import Community

# (label, URL name, permission); a tuple of them in place of a URL name makes a drop-down menu.
NAVIGATION: list[tuple[Any, Any, str]] = [
    (_("Dashboard"), "reports:dashboard", "ledgers.view_all_communities"),  # 工作台
    (_("Residents"), "ledgers:resident_list", "ledgers.view_resident"),
    (_("Households"), "ledgers:household_list", "ledgers.view_household"),
    (
        _("Ledgers"),
        [
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
        ],
        "",
    ),
    (
        _("Hazards"),
        [
            (_("Inspections"), "casework:inspection_list", "casework.view_inspection"),
            (_("Hazard register"), "casework:hazard_list", "casework.view_hazard"),
            (_("Hazards that need me"), "casework:hazard_mine", "casework.view_hazard"),
        ],
        "",
    ),
    (
        _("Insurance"),
        [
            (
                _("Insurance gap list"),
                "casework:insurance_gaps",
                "casework.view_insuranceenrolment",
            ),
            (
                _("Insurance enrolments"),
                "casework:insuranceenrolment_list",
                "casework.view_insuranceenrolment",
            ),
        ],
        "",
    ),
    (
        _("Assistance"),
        [
            (_("Assistance cases"), "casework:assistance_list", "casework.view_assistancecase"),
            (_("Due for re-check"), "casework:assistance_recheck", "casework.view_assistancecase"),
        ],
        "",
    ),
    (
        _("Campaigns"),
        [
            (_("Activity log"), "campaigns:activity_list", "campaigns.view_activity"),
            (_("Activity calendar"), "campaigns:activity_month", "campaigns.view_activity"),
            (_("Visit records"), "campaigns:visit_list", "campaigns.view_visit"),
            (_("Visit coverage"), "campaigns:visit_coverage", "campaigns.view_visit"),
            (
                _("Anti-fraud app coverage"),
                "campaigns:anti_fraud_coverage",
                "campaigns.view_antifraudcoverage",
            ),
            (_("Publicity"), "campaigns:publicity_list", "campaigns.view_publicity"),
            (_("Yearly targets"), "campaigns:target_list", "campaigns.view_target"),
            (_("Evidence packs"), "campaigns:evidence_list", "campaigns.view_evidencepack"),
        ],
        "",
    ),
    (
        _("Reports"),
        [
            (_("County workbook"), "reports:county_workbook", "ledgers.view_resident"),
            (_("Yearly statistics"), "reports:yearly", "ledgers.view_resident"),
        ],
        "",
    ),
    (_("Communities"), "ledgers:community_list", "ledgers.view_community"),
    (_("Access requests"), "ledgers:rolegrant_list", "ledgers.approve_rolegrant"),
    (_("Audit log"), "audit", "core.view_auditevent"),
]


def _items(entries: list[tuple[Any, Any, str]], request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    items = []
    for label, target, perm in entries:
        if isinstance(target, list):
            children = _items(target, request)
            if children:
                active = any(child["active"] for child in children)
                items.append({"label": label, "children": children, "active": active})
        elif user.has_perm(perm):
            url = reverse(target)
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = _items(NAVIGATION, request)
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})

    def my_communities() -> Any:
        if sees_all_communities(user):
            return None  # shown as "all communities"
        return list(Community.objects.for_user(user).values_list("name", flat=True))

    return {
        "nav_items": items,
        "my_communities": my_communities,
        "sees_all": sees_all_communities(user),
    }
