"""The roles (Django groups) and the permissions each holds, which every app declares for
itself; migrations sync the groups to them."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

STAFF = "社区工作人员"
GRID_WORKER = "网格员"
LEADER = "党工委领导"
COUNTY = "县级用户"
SYSADMIN = "系统管理员"
AUDITOR = "审计员"
SECURITY = "安全管理员"

ROLES = (STAFF, GRID_WORKER, LEADER, COUNTY, SYSADMIN, AUDITOR, SECURITY)

# Each role's permissions ("app_label.codename"): every app declares its own from its
# AppConfig.ready() (declare), so this is complete once the apps are ready, as they are when
# migrate runs. A permission of a model that a later migration adds is granted by the migration
# that runs sync_roles after it; tests/test_roles.py checks the database matches this.
ROLE_PERMISSIONS: dict[str, list[str]] = {role: [] for role in ROLES}

# The platform's own: accounts in the admin, the holiday calendar (entered from the State
# Council's notice each year), and the audit log (CoreConfig.ready() declares it).
PERMISSIONS: dict[str, list[str]] = {
    SYSADMIN: ["auth.add_user", "auth.change_user", "auth.view_group", "core.change_calendaryear"],
    AUDITOR: ["core.view_auditevent"],
}


def permissions(app: str, actions: list[str], models: list[str]) -> list[str]:
    """Every `app.<action>_<model>`, model by model."""
    return [f"{app}.{action}_{model}" for model in models for action in actions]


def declare(granted: dict[str, list[str]]) -> None:
    """Give each role (of ROLES) the permissions listed for it, beside those it holds already."""
    for role, names in granted.items():
        if role not in ROLE_PERMISSIONS:
            raise ValueError(f"not a role: {role!r}")
        held = ROLE_PERMISSIONS[role]
        held.extend(name for name in names if name not in held)


def sync_roles(apps: Any, schema_editor: Any = None) -> None:
    """Create the groups and give each exactly its permissions (run from data migrations)."""
    from django.contrib.auth.management import create_permissions

    if not any(ROLE_PERMISSIONS.values()):
        raise ImproperlyConfigured(
            "No app has declared its roles' permissions yet: sync_roles runs once the apps are "
            "ready (from migrations), after their AppConfig.ready() called core.roles.declare()."
        )

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
