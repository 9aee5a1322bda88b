"""The roles (Django groups) and the permissions each holds: the one list, synced by migrations."""

from typing import Any

STAFF = "社区工作人员"
GRID_WORKER = "网格员"
LEADER = "党工委领导"
COUNTY = "县级用户"
SYSADMIN = "系统管理员"
AUDITOR = "审计员"

# "app_label.codename". A permission of a model that a later migration adds is granted by the
# migration that runs sync_roles after it; tests/test_roles.py checks the database matches this.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    STAFF: [
        "ledgers.view_community",
        "ledgers.view_grid",
        "ledgers.change_grid",
    ],
    GRID_WORKER: [
        "ledgers.view_community",
        "ledgers.view_grid",
    ],
    LEADER: [
        "ledgers.view_all_communities",
        "ledgers.view_community",
        "ledgers.view_grid",
    ],
    COUNTY: [
        "ledgers.view_all_communities",
        "ledgers.view_community",
        "ledgers.view_grid",
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
    ],
    AUDITOR: [
        "ledgers.view_auditevent",
    ],
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
