"""Separation of duties: the system administrator manages accounts but gives nobody, himself
included, access to residents' data without a second person's approval; every change to
accounts, roles, permissions and assignments is in the audit log with before and after."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core import roles
from core.models import AuditAction, AuditEvent
from ledgers.areas import grants
from ledgers.models import Assignment, Community, GrantState, RoleGrant
from tests.helpers import form_values


def events(action: str, target: str = "") -> list[AuditEvent]:
    found = AuditEvent.objects.filter(action=action).order_by("pk")
    return list(found.filter(target=target) if target else found)


def change_user(client: Client, user: User, **changes: Any) -> Any:
    """Post the admin's account form as a browser would, with `changes`."""
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_values(client.get(url).content.decode(), "user_form")
    data.update(changes)
    return client.post(url, data, follow=True)


def group(name: str) -> Group:
    return Group.objects.get(name=name)


def test_which_roles_show_residents_data_follows_from_their_permissions(
    accounts: dict[str, User],
) -> None:
    sensitive = set(grants.sensitive_groups().values_list("name", flat=True))
    assert sensitive == {
        roles.STAFF,
        roles.GRID_WORKER,
        roles.LEADER,
        roles.COUNTY,
        roles.AUDITOR,  # the log names the residents looked at
        roles.SECURITY,  # approving is access in itself
    }
    custom = Group.objects.create(name="只看走访")
    custom.permissions.add(Permission.objects.get(codename="view_visit"))
    assert grants.sensitive_groups().filter(pk=custom.pk).exists()
    areas = Group.objects.create(name="只看社区")
    areas.permissions.add(Permission.objects.get(codename="view_community"))
    assert not grants.sensitive_groups().filter(pk=areas.pk).exists()


def test_the_administrator_adding_himself_to_the_leaders_gets_a_request_not_the_role(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    admin = accounts["admin"]
    leaders, admins = group(roles.LEADER), group(roles.SYSADMIN)
    response = change_user(client_as("admin"), admin, groups=[str(admins.pk), str(leaders.pk)])
    assert response.status_code == 200
    assert "尚未授予" in response.content.decode()
    assert not admin.groups.filter(pk=leaders.pk).exists()
    assert admin.groups.filter(pk=admins.pk).exists()
    grant = RoleGrant.objects.get()
    assert (grant.user, grant.group, grant.requested_by, grant.state) == (
        admin,
        leaders,
        admin,
        GrantState.PENDING,
    )
    [requested] = events(AuditAction.GRANT_REQUESTED)
    assert (requested.username, requested.target) == ("admin", "account:admin")
    assert requested.detail["grant"] == roles.LEADER
    seeded = {"before": [], "after": [roles.SYSADMIN]}  # the demo's, and no other
    assert [e.detail for e in events(AuditAction.ROLES_CHANGED, "account:admin")] == [seeded]
    assert client_as("admin").get(reverse("ledgers:resident_list")).status_code == 403


def test_a_leader_approves_and_the_role_is_granted_and_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    admin = accounts["admin"]
    leaders = group(roles.LEADER)
    grant = grants.request_role(admin, leaders, admin)
    leader = client_as("leader")
    page = leader.get(reverse("ledgers:rolegrant_list"))
    assert f"request-{grant.pk}" in page.content.decode()
    response = leader.post(reverse("ledgers:rolegrant_approve", args=[grant.pk]), follow=True)
    assert "已批准" in response.content.decode()
    assert admin.groups.filter(pk=leaders.pk).exists()
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == (GrantState.APPROVED, accounts["leader"])
    [approved] = events(AuditAction.GRANT_APPROVED)
    assert (approved.username, approved.target, approved.detail["requested_by"]) == (
        "leader",
        "account:admin",
        "admin",
    )
    changed = events(AuditAction.ROLES_CHANGED, "account:admin")[-1]
    assert changed.username == "leader"
    after = sorted([roles.SYSADMIN, roles.LEADER])
    assert changed.detail == {"before": [roles.SYSADMIN], "after": after}


def test_nobody_decides_his_own_request_or_his_own_access(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    leader, county = accounts["leader"], accounts["county"]
    own_request = grants.request_role(county, group(roles.LEADER), leader)
    with pytest.raises(ValidationError):
        grants.approve(own_request, leader)
    own_access = grants.request_role(leader, group(roles.AUDITOR), accounts["admin"])
    response = client_as("leader").post(
        reverse("ledgers:rolegrant_approve", args=[own_access.pk]), follow=True
    )
    assert "不能审批给自己账号的授权申请" in response.content.decode()
    assert not leader.groups.filter(name=roles.AUDITOR).exists()
    assert not county.groups.filter(name=roles.LEADER).exists()
    states = set(RoleGrant.objects.values_list("state", flat=True))
    assert states == {GrantState.PENDING}
    assert not events(AuditAction.GRANT_APPROVED)


def test_the_administrator_cannot_decide_requests(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    grant = grants.request_role(accounts["county"], group(roles.LEADER), accounts["leader"])
    client = client_as("admin")
    assert client.get(reverse("ledgers:rolegrant_list")).status_code == 403
    assert client.post(reverse("ledgers:rolegrant_approve", args=[grant.pk])).status_code == 403


def test_a_refusal_needs_a_reason_and_is_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    grant = grants.request_role(accounts["admin"], group(roles.STAFF), accounts["admin"])
    leader = client_as("leader")
    leader.post(reverse("ledgers:rolegrant_refuse", args=[grant.pk]), {"reason": " "})
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING
    leader.post(reverse("ledgers:rolegrant_refuse", args=[grant.pk]), {"reason": "无需查看台账"})
    grant.refresh_from_db()
    assert (grant.state, grant.reason) == (GrantState.REFUSED, "无需查看台账")
    assert not accounts["admin"].groups.filter(name=roles.STAFF).exists()
    [refused] = events(AuditAction.GRANT_REFUSED)
    assert refused.detail["reason"] == "无需查看台账" and refused.username == "leader"


def test_a_security_administrator_decides_too(accounts: dict[str, User]) -> None:
    security = User.objects.create_user("security", password="Security-pass-2026")
    security.groups.add(group(roles.SECURITY))
    grant = grants.request_role(accounts["county"], group(roles.STAFF), accounts["admin"])
    grants.approve(grant, User.objects.get(pk=security.pk))
    assert accounts["county"].groups.filter(name=roles.STAFF).exists()


def test_a_superuser_grants_directly(accounts: dict[str, User]) -> None:
    root = User.objects.create_superuser("root", "root@example.org", "Root-pass-2026")
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    county = accounts["county"]
    change_user(client, county, groups=[str(group(roles.COUNTY).pk), str(group(roles.LEADER).pk)])
    assert county.groups.filter(name=roles.LEADER).exists()
    assert not RoleGrant.objects.exists()
    changed = events(AuditAction.ROLES_CHANGED, "account:county")[-1]
    after = sorted([roles.COUNTY, roles.LEADER])
    assert (changed.username, changed.detail["after"]) == ("root", after)


def test_removing_a_role_needs_no_approval_and_is_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    change_user(client_as("admin"), accounts["county"], groups=[])
    assert not accounts["county"].groups.exists()
    changed = events(AuditAction.ROLES_CHANGED, "account:county")[-1]
    assert changed.detail == {"before": [roles.COUNTY], "after": []}
    assert changed.username == "admin"


# ---- community assignments ---------------------------------------------------------------------


def inline(data: dict[str, Any], community: Community) -> dict[str, Any]:
    """The account form with one more assignment row in its inline."""
    prefix = "assignments"
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    data[f"{prefix}-{n}-community"] = str(community.pk)
    data[f"{prefix}-{n}-user"] = data.get(f"{prefix}-0-user", "")
    return data


def test_a_new_community_for_a_staff_member_awaits_approval(
    accounts: dict[str, User], client_as: Callable[[str], Client], beihuan: Community
) -> None:
    staff = accounts["staff_mc"]
    client = client_as("admin")
    url = reverse("admin:auth_user_change", args=[staff.pk])
    data = inline(form_values(client.get(url).content.decode(), "user_form"), beihuan)
    response = client.post(url, data, follow=True)
    assert "尚未授予" in response.content.decode()
    assigned = Assignment.objects.filter(user=staff).values_list("community__name", flat=True)
    assert list(assigned) == ["庙川社区"]
    grant = RoleGrant.objects.get()
    assert (grant.community, grant.group) == (beihuan, None)
    grants.approve(grant, accounts["leader"])
    assert Assignment.objects.filter(user=staff, community=beihuan).exists()
    changed = events(AuditAction.ASSIGNMENT_CHANGED, "account:staff_mc")[-1]
    assert changed.detail == {"before": ["庙川社区"], "after": ["庙川社区", "北环路社区"]}


def test_a_community_for_an_account_without_a_data_role_is_assigned_at_once(
    accounts: dict[str, User], client_as: Callable[[str], Client], beihuan: Community
) -> None:
    newcomer = User.objects.create_user("newcomer", password="Newcomer-pass-2026")
    client = client_as("admin")
    url = reverse("admin:auth_user_change", args=[newcomer.pk])
    data = inline(form_values(client.get(url).content.decode(), "user_form"), beihuan)
    client.post(url, data)
    assert Assignment.objects.filter(user=newcomer, community=beihuan).exists()
    [changed] = events(AuditAction.ASSIGNMENT_CHANGED, "account:newcomer")
    assert (changed.username, changed.detail) == ("admin", {"before": [], "after": ["北环路社区"]})


def test_assignment_changes_are_logged_with_before_and_after(
    accounts: dict[str, User], grid_mc1: Any, miaochuan: Community
) -> None:
    assignment = Assignment.objects.get(user=accounts["staff_mc"])
    assignment.grids.add(grid_mc1)
    assignment.delete()
    added, removed = events(AuditAction.ASSIGNMENT_CHANGED, "account:staff_mc")[-2:]
    assert added.detail == {"before": ["庙川社区"], "after": ["庙川社区（MC-01）"]}
    assert removed.detail == {"before": ["庙川社区（MC-01）"], "after": []}


def test_the_administrator_does_not_add_assignments_outside_the_account_page(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    client = client_as("admin")
    assert client.get(reverse("admin:ledgers_assignment_add")).status_code == 403
    assert client.get(reverse("admin:ledgers_assignment_changelist")).status_code == 200


# ---- accounts and permissions ------------------------------------------------------------------


def test_account_changes_are_logged_with_before_and_after(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    county = accounts["county"]
    change_user(client_as("admin"), county, is_active="", last_name="王")
    [deactivated] = events(AuditAction.ACCOUNT_DEACTIVATED, "account:county")
    assert deactivated.username == "admin"
    assert deactivated.detail == {
        "before": {"is_active": True, "last_name": "陈"},
        "after": {"is_active": False, "last_name": "王"},
    }
    county.refresh_from_db()
    county.is_active = True
    county.save()
    assert events(AuditAction.ACCOUNT_ACTIVATED, "account:county")
    county.set_password("Another-pass-2026")
    county.save()
    assert events(AuditAction.ACCOUNT_CHANGED, "account:county")[-1].detail["password_changed"]
    county.delete()
    [deleted] = events(AuditAction.ACCOUNT_DELETED, "account:county")
    assert deleted.detail["before"]["username"] == "county"


def test_a_new_account_is_logged(accounts: dict[str, User]) -> None:
    User.objects.create_user("newcomer", first_name="新", password="Newcomer-pass-2026")
    [created] = events(AuditAction.ACCOUNT_CREATED, "account:newcomer")
    assert created.detail["after"]["first_name"] == "新"


def test_signing_in_is_not_an_account_change(accounts: dict[str, User]) -> None:
    last = AuditEvent.objects.latest("pk").pk
    Client().post(reverse("login"), {"username": "county", "password": "tongxin-demo-2026"})
    written = AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True)
    assert list(written) == [AuditAction.LOGIN]


def test_single_permissions_and_group_side_changes_are_logged(accounts: dict[str, User]) -> None:
    county = accounts["county"]
    permission = Permission.objects.get(codename="view_full_id_number")
    county.user_permissions.add(permission)
    [changed] = events(AuditAction.PERMISSIONS_CHANGED, "account:county")
    assert changed.detail == {"before": [], "after": ["ledgers.view_full_id_number"]}
    group(roles.AUDITOR).user_set.add(county)
    changed = events(AuditAction.ROLES_CHANGED, "account:county")[-1]
    after = sorted([roles.AUDITOR, roles.COUNTY])
    assert changed.detail == {"before": [roles.COUNTY], "after": after}


def test_the_auditor_sees_the_account_events(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    grants.request_role(accounts["admin"], group(roles.LEADER), accounts["admin"])
    page = client_as("auditor").get(reverse("audit"), {"action": "grant_requested"})
    text = page.content.decode()
    assert "申请授权" in text and "account:admin" in text and roles.LEADER in text


def test_changes_to_the_roles_themselves_are_logged(accounts: dict[str, User]) -> None:
    role = Group.objects.create(name="临时角色")
    role.permissions.add(Permission.objects.get(codename="view_community"))
    role.name = "只看社区"
    role.save()
    role.delete()
    logged = [e.detail for e in events(AuditAction.ROLE_DEFINED)]
    assert logged == [
        {"after": {"name": "临时角色"}},
        {"before": [], "after": ["ledgers.view_community"]},
        {"before": {"name": "临时角色"}, "after": {"name": "只看社区"}},
        {"before": {"name": "只看社区"}},
    ]
