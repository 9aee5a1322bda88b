"""The roles (Django groups) and the permissions each holds: the one list, synced by migrations."""

from typing import Any

STAFF = "社区工作人员"
GRID_WORKER = "网格员"
LEADER = "党工委领导"
COUNTY = "县级用户"
SYSADMIN = "系统管理员"
AUDITOR = "审计员"
SECURITY = "安全管理员"

# "app_label.codename". A permission of a model that a later migration adds is granted by the
# migration that runs sync_roles after it; tests/test_roles.py checks the database matches this.
PEOPLE_AND_PLACES = [
    "household",
    "resident",
    "floatingrecord",
    "stratamembership",
    "overseastie",
    "studyabroad",
    "business",
    "place",
]


def _perms(app: str, actions: list[str], models: list[str]) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


AREAS_READ = ["ledgers.view_community", "ledgers.view_grid"]
HAZARDS_READ = ["casework.view_hazard", "casework.view_hazardaction"]
HAZARDS_EDIT = [*HAZARDS_READ, "casework.add_hazard", "casework.change_hazard"]
HAZARDS_DECIDE = ["casework.review_hazard", "casework.decide_extension", "casework.reopen_hazard"]
INSPECTIONS_READ = ["casework.view_inspection"]
INSPECTIONS_EDIT = [*INSPECTIONS_READ, "casework.add_inspection", "casework.change_inspection"]
HAZARDS_EDIT = [
    *HAZARDS_READ,
    "casework.add_hazard",
    "casework.change_hazard",
    "casework.import_hazard",
    "casework.report_hazard",
]
HAZARDS_DECIDE = [
    "casework.review_hazard",
    "casework.decide_extension",
    "casework.reopen_hazard",
    "casework.report_hazard",
    "casework.change_hazard_level",
]
INSURANCE_READ = ["casework.view_insuranceenrolment"]
INSURANCE_EDIT = _perms("casework", ["view", "add", "change", "import"], ["insuranceenrolment"])
# Assistance cases: handling (grid workers too), recording decisions and payment (office), and
# the income, hardship and amounts (sensitive: not the county's unless it is granted them).
ASSISTANCE_READ = ["casework.view_assistancecase", "casework.view_caseaction"]
ASSISTANCE_HANDLE = [
    *ASSISTANCE_READ,
    "casework.add_assistancecase",
    "casework.change_assistancecase",
    "casework.view_assistance_details",
]
ASSISTANCE_DECIDE = ["casework.record_assistance_decision"]
# Campaigns: activities (with their photos, attachments and named attendees), visits,
# publicity and anti-fraud app coverage are field work; the leaders set the yearly targets.
CAMPAIGN_RECORDS = ["activity", "visit", "publicity", "antifraudcoverage"]
CAMPAIGN_FILES = ["activityphoto", "activityattachment"]
CAMPAIGNS_READ = [
    *_perms("campaigns", ["view"], [*CAMPAIGN_RECORDS, *CAMPAIGN_FILES]),
    "campaigns.view_target",
    # Whoever reads the records may pack them for an inspection (迎检材料), and remove the pack.
    *_perms("campaigns", ["view", "add", "delete"], ["evidencepack"]),
]
CAMPAIGNS_EDIT = [
    *CAMPAIGNS_READ,
    *_perms("campaigns", ["add", "change"], CAMPAIGN_RECORDS),
    *_perms("campaigns", ["import"], ["visit", "publicity"]),
    # A wrong photo or file is removed; the records themselves are never hard-deleted.
    *_perms("campaigns", ["add", "delete"], CAMPAIGN_FILES),
]
TARGETS_SET = _perms("campaigns", ["add", "change"], ["target"])
LEDGERS_READ = _perms("ledgers", ["view"], PEOPLE_AND_PLACES)
LEDGERS_EDIT = _perms("ledgers", ["view", "add", "change", "import"], PEOPLE_AND_PLACES)
# Granting a role or community that sees residents' data takes a second person (ledgers.grants).
GRANTS_DECIDE = ["ledgers.view_rolegrant", "ledgers.approve_rolegrant"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Staff keep the ledgers of their communities; nobody hard-deletes a ledger row.
    STAFF: [
        *AREAS_READ,
        "ledgers.change_grid",
        *LEDGERS_EDIT,
        "ledgers.view_full_id_number",
        "ledgers.view_religion",
        "ledgers.change_ethnicity",
        *HAZARDS_EDIT,
        *INSPECTIONS_EDIT,
        *INSURANCE_EDIT,
        *ASSISTANCE_HANDLE,
        *ASSISTANCE_DECIDE,
        *CAMPAIGNS_EDIT,
    ],
    # Grid workers do the same work in the field; religion stays with the staff.
    GRID_WORKER: [
        *AREAS_READ,
        *LEDGERS_EDIT,
        "ledgers.view_full_id_number",
        *HAZARDS_EDIT,
        *INSPECTIONS_EDIT,
        *INSURANCE_EDIT,
        *ASSISTANCE_HANDLE,
        *CAMPAIGNS_EDIT,
    ],
    LEADER: [
        "ledgers.view_all_communities",
        *AREAS_READ,
        *LEDGERS_READ,
        *HAZARDS_READ,
        *HAZARDS_DECIDE,
        *INSPECTIONS_READ,
        *INSURANCE_READ,
        # Leaders read the cases, their incomes and amounts, and record the decisions; the
        # applications themselves are drafted and kept by the communities.
        *ASSISTANCE_READ,
        "casework.view_assistance_details",
        *ASSISTANCE_DECIDE,
        *CAMPAIGNS_READ,
        *TARGETS_SET,
        *GRANTS_DECIDE,
    ],
    COUNTY: [
        "ledgers.view_all_communities",
        *AREAS_READ,
        *LEDGERS_READ,
        *HAZARDS_READ,
        *INSPECTIONS_READ,
        *INSURANCE_READ,
        *ASSISTANCE_READ,
        *CAMPAIGNS_READ,
    ],
    # Accounts and areas in the admin; no resident data, no in-app ledger pages.
    SYSADMIN: [
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "ledgers.add_community",
        "ledgers.change_community",
        "ledgers.add_grid",
        "ledgers.change_grid",
        "ledgers.add_assignment",
        "ledgers.change_assignment",
        "ledgers.delete_assignment",
        "ledgers.view_rolegrant",
    ],
    AUDITOR: [
        "core.view_auditevent",
    ],
    # Decides the access requests the system administrator files (ledgers.grants); no resident
    # data. Leaders decide them too.
    SECURITY: [*GRANTS_DECIDE],
}


def sync_roles(apps: Any, schema_editor: Any = None) -> None:
    """Create the groups and give each exactly its permissions (run from data migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; create those of the models migrated so far.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # a migration's app stubs have None
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted.extend(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
