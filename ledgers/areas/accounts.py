"""Every change to accounts, their roles, permissions and community assignments is an audit
event with what was before and what is after, whichever way it was made (the admin, the
application, the shell, the demo): signals of the live models. Data migrations use their own
copies of the models and are not recorded.

The person who made the change is the signed-in user of the request being served (the request
that simple_history's middleware keeps for the rows' history); from the shell, nobody.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from core import audit
from core.models import AuditAction
from ledgers.areas.grants import target
from ledgers.models import Assignment

User = get_user_model()

# The account fields whose changes are logged (the password only as "changed", never its hash).
ACCOUNT_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
]
WATCHED = {*ACCOUNT_FIELDS, "password"}


def _record(action: str, user: Any, **detail: Any) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    audit.record(request, action, target=target(user), **detail)


# ---- accounts --------------------------------------------------------------------------------


def _fields(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS}


@receiver(pre_save, sender=User, dispatch_uid="ledgers.areas.accounts.user_before")
def _user_before(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or (update_fields is not None and not WATCHED & set(update_fields)):
        return  # a new account, or only the last sign-in time
    before = User.objects.filter(pk=instance.pk).values(*WATCHED).first()
    instance.__dict__["_audit_before"] = before


@receiver(post_save, sender=User, dispatch_uid="ledgers.areas.accounts.user_saved")
def _user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        _record(AuditAction.ACCOUNT_CREATED, instance, after=_fields(instance))
        return
    before = instance.__dict__.pop("_audit_before", None)
    if before is None:
        return
    after = _fields(instance)
    changed = [name for name in ACCOUNT_FIELDS if before[name] != after[name]]
    password = before["password"] != instance.password
    if not changed and not password:
        return
    if "is_active" in changed:
        action = (
            AuditAction.ACCOUNT_ACTIVATED if instance.is_active else AuditAction.ACCOUNT_DEACTIVATED
        )
    else:
        action = AuditAction.ACCOUNT_CHANGED
    detail: dict[str, Any] = {}
    if changed:
        detail["before"] = {name: before[name] for name in changed}
        detail["after"] = {name: after[name] for name in changed}
    if password:
        detail["password_changed"] = True
    _record(action, instance, **detail)


@receiver(post_delete, sender=User, dispatch_uid="ledgers.areas.accounts.user_deleted")
def _user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _record(AuditAction.ACCOUNT_DELETED, instance, before=_fields(instance))


# ---- roles and single permissions ------------------------------------------------------------


def _groups(user_ids: list[int]) -> dict[int, list[str]]:
    through = User.groups.through
    rows = through.objects.filter(user_id__in=user_ids).values_list("user_id", "group__name")
    return _by_user(user_ids, rows)


def _permissions(user_ids: list[int]) -> dict[int, list[str]]:
    through = User.user_permissions.through
    rows = through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "permission__content_type__app_label", "permission__codename"
    )
    return _by_user(user_ids, ((row[0], f"{row[1]}.{row[2]}") for row in rows))


def _by_user(user_ids: list[int], rows: Any) -> dict[int, list[str]]:
    held: dict[int, list[str]] = {pk: [] for pk in user_ids}
    for user_id, name in rows:
        held[user_id].append(name)
    return {pk: sorted(names) for pk, names in held.items()}


def _members(instance: Any, reverse: bool, pk_set: Any) -> list[int]:
    """The accounts a change touches: the account itself, or those added to or removed from a
    group or permission (all its holders when it is cleared)."""
    if not reverse:
        return [instance.pk]
    if pk_set is not None:
        return sorted(pk_set)
    return list(instance.user_set.values_list("pk", flat=True))  # a Group's or a Permission's


def _track(field: str, action_name: str, read: Any) -> Any:
    def changed(
        sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
    ) -> None:
        key = f"_audit_{field}"
        if action.startswith("pre_"):
            instance.__dict__[key] = read(_members(instance, reverse, pk_set))
            return
        before = instance.__dict__.pop(key, None)
        if before is None:
            return
        after = read(list(before))
        users = User.objects.in_bulk([pk for pk in before if before[pk] != after[pk]])
        for pk, user in users.items():
            _record(action_name, user, before=before[pk], after=after[pk])

    return changed


m2m_changed.connect(
    _track("groups", AuditAction.ROLES_CHANGED, _groups),
    sender=User.groups.through,
    weak=False,
    dispatch_uid="ledgers.areas.accounts.groups",
)
m2m_changed.connect(
    _track("user_permissions", AuditAction.PERMISSIONS_CHANGED, _permissions),
    sender=User.user_permissions.through,
    weak=False,
    dispatch_uid="ledgers.areas.accounts.permissions",
)


# ---- the roles themselves (only superusers edit them) ------------------------------------------


def _role(group: Any) -> str:
    return f"role:{group.name}"


def _role_permissions(group: Any) -> list[str]:
    rows = group.permissions.values_list("content_type__app_label", "codename")
    return sorted(f"{app_label}.{codename}" for app_label, codename in rows)


def _record_role(group: Any, **detail: Any) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    audit.record(request, AuditAction.ROLE_DEFINED, target=_role(group), **detail)


@receiver(
    m2m_changed, sender=Group.permissions.through, dispatch_uid="ledgers.areas.accounts.roles"
)
def _role_permissions_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if reverse:  # a permission's groups
        groups = (
            list(Group.objects.filter(pk__in=pk_set)) if pk_set else list(instance.group_set.all())
        )
    else:
        groups = [instance]
    if action.startswith("pre_"):
        instance.__dict__["_audit_roles"] = {g.pk: (g, _role_permissions(g)) for g in groups}
        return
    for group, before in instance.__dict__.pop("_audit_roles", {}).values():
        after = _role_permissions(group)
        if after != before:
            _record_role(group, before=before, after=after)


@receiver(pre_save, sender=Group, dispatch_uid="ledgers.areas.accounts.role_before")
def _role_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is not None:
        old = Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        instance.__dict__["_audit_name"] = old


@receiver(post_save, sender=Group, dispatch_uid="ledgers.areas.accounts.role_saved")
def _role_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    old = instance.__dict__.pop("_audit_name", None)
    if created:
        _record_role(instance, after={"name": instance.name})
    elif old is not None and old != instance.name:
        _record_role(instance, before={"name": old}, after={"name": instance.name})


@receiver(post_delete, sender=Group, dispatch_uid="ledgers.areas.accounts.role_deleted")
def _role_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _record_role(instance, before={"name": instance.name})


# ---- community assignments -------------------------------------------------------------------


def assignments_of(user_id: int) -> list[str]:
    """An account's communities, each with its grids: ["庙川社区（MC-01、MC-02）", …]."""
    rows = (
        Assignment.objects.filter(user_id=user_id)
        .order_by("community__code", "grids__code")
        .values_list("pk", "community__name", "grids__code")
    )
    communities: dict[int, tuple[str, list[str]]] = {}
    for pk, name, grid in rows:
        communities.setdefault(pk, (name, []))[1].extend([grid] if grid else [])
    return [
        f"{name}（{'、'.join(grids)}）" if grids else str(name)
        for name, grids in communities.values()
    ]


def _assignment_before(instance: Assignment) -> None:
    instance.__dict__["_audit_assignments"] = assignments_of(instance.user_id)


def _assignment_after(instance: Assignment) -> None:
    before = instance.__dict__.pop("_audit_assignments", None)
    if before is None:
        return
    after = assignments_of(instance.user_id)
    if after != before:
        user = User.objects.filter(pk=instance.user_id).first()
        if user is not None:  # not when the account itself is being deleted
            _record(AuditAction.ASSIGNMENT_CHANGED, user, before=before, after=after)


@receiver(pre_save, sender=Assignment, dispatch_uid="ledgers.areas.accounts.assignment_before")
def _assignment_saving(sender: Any, instance: Assignment, **kwargs: Any) -> None:
    _assignment_before(instance)
    if instance.pk is not None:  # moved to another account: that account changes too
        old = Assignment.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        if old is not None and old != instance.user_id:
            instance.__dict__["_audit_old"] = Assignment(pk=instance.pk, user_id=old)
            _assignment_before(instance.__dict__["_audit_old"])


@receiver(post_save, sender=Assignment, dispatch_uid="ledgers.areas.accounts.assignment_saved")
def _assignment_saved(sender: Any, instance: Assignment, **kwargs: Any) -> None:
    _assignment_after(instance)
    old = instance.__dict__.pop("_audit_old", None)
    if old is not None:
        _assignment_after(old)


@receiver(pre_delete, sender=Assignment, dispatch_uid="ledgers.areas.accounts.assignment_deleting")
def _assignment_deleting(sender: Any, instance: Assignment, **kwargs: Any) -> None:
    _assignment_before(instance)


@receiver(post_delete, sender=Assignment, dispatch_uid="ledgers.areas.accounts.assignment_deleted")
def _assignment_deleted(sender: Any, instance: Assignment, **kwargs: Any) -> None:
    _assignment_after(instance)


@receiver(m2m_changed, sender=Assignment.grids.through, dispatch_uid="ledgers.areas.accounts.grids")
def _grids_changed(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if reverse:  # a grid's assignments: rare (the admin edits them from the assignment)
        return
    if action.startswith("pre_"):
        _assignment_before(instance)
    elif action.startswith("post_"):
        _assignment_after(instance)
