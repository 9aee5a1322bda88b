"""Separation of duties (三员分立): the system administrator manages accounts, but access to
residents' data takes a second person. A role that sees it, or a community for an account
holding such a role, becomes a request (RoleGrant) that a security administrator or a leader
approves in the application; nobody approves their own request or their own access.

Which roles see residents' data is one rule, computed from their permissions (SENSITIVE below),
never a list of role names.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditAction
from ledgers.models import Assignment, Community, GrantState, RoleGrant

APPROVE = "ledgers.approve_rolegrant"
# Where residents' data starts: a model holds it when it is one of these or when its foreign
# keys lead to one (a floating record, an assistance case, a visit, an activity's attendees …).
PERSONAL_ROOTS = [("ledgers", "resident"), ("ledgers", "household")]
# Permissions that are access in themselves: the audit log names the residents looked at, and
# approving requests hands out the rest.
ACCESS_PERMISSIONS = ["core.view_auditevent", APPROVE]


@cache
def personal_models() -> frozenset[tuple[str, str]]:
    """(app label, model name) of every model holding residents' data."""
    roots = {apps.get_model(*key) for key in PERSONAL_ROOTS}
    known: dict[type[models.Model], bool] = {}

    def holds(model: type[models.Model], path: frozenset[type[models.Model]]) -> bool:
        if model in roots:
            return True
        if model in known:
            return known[model]
        related = {
            field.related_model
            for field in model._meta.get_fields()
            if field.concrete and field.is_relation and isinstance(field.related_model, type)
        }
        found = any(
            holds(other, path | {model})
            for other in related
            if other not in path and other is not model
        )
        known[model] = found
        return found

    return frozenset(
        (model._meta.app_label, model._meta.model_name)  # type: ignore[misc]
        for model in apps.get_models()
        if holds(model, frozenset())
    )


def sensitive_permissions() -> QuerySet[Permission]:
    """Every permission on a model holding residents' data, and the access permissions."""
    rule = Q(pk__in=[])
    for app_label, model_name in personal_models():
        rule |= Q(content_type__app_label=app_label, content_type__model=model_name)
    for name in ACCESS_PERMISSIONS:
        app_label, codename = name.split(".")
        rule |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(rule)


def sensitive_groups() -> QuerySet[Group]:
    """The roles that see residents' data (or hand out access): granting one takes approval."""
    return Group.objects.filter(permissions__in=sensitive_permissions()).distinct()


def holds_sensitive_role(user: Any) -> bool:
    return bool(user.pk) and user.groups.filter(pk__in=sensitive_groups()).exists()


def needs_approval(granter: Any) -> bool:
    """Everyone's grants need approval but a superuser's: the server's operator, who sets up the
    first accounts (docs/deployment.md) and sees everything anyway."""
    return not granter.is_superuser


def target(user: Any) -> str:
    """The audit log's object for everything about an account."""
    return f"account:{user.get_username()}"


# ---- requests --------------------------------------------------------------------------------


def request_role(
    user: Any, group: Group, requested_by: Any, request: HttpRequest | None = None
) -> RoleGrant:
    """File (or find, when already pending) a request to give `user` the role `group`."""
    return _request(user, requested_by, request, group=group)


def request_community(
    user: Any, community: Community, requested_by: Any, request: HttpRequest | None = None
) -> RoleGrant:
    """File (or find) a request to assign `user`, who holds a role seeing residents' data,
    to `community`."""
    return _request(user, requested_by, request, community=community)


def _request(user: Any, requested_by: Any, request: HttpRequest | None, **what: Any) -> RoleGrant:
    with transaction.atomic():
        grant = RoleGrant.objects.filter(user=user, state=GrantState.PENDING, **what).first()
        if grant is not None:
            return grant
        grant = RoleGrant.objects.create(user=user, requested_by=requested_by, **what)
        audit.record(
            request,
            AuditAction.GRANT_REQUESTED,
            user=requested_by,
            target=target(user),
            grant_id=grant.pk,
            grant=grant.granted,
        )
    return grant


# ---- decisions -------------------------------------------------------------------------------


def check_decider(grant: RoleGrant, decider: Any) -> None:
    """Raises ValidationError when `decider` may not decide `grant`."""
    if not decider.has_perm(APPROVE):
        raise ValidationError(_("You may not decide access requests."))
    if grant.state != GrantState.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if decider.pk == grant.requested_by_id:
        raise ValidationError(_("You cannot decide a request you made yourself."))
    if decider.pk == grant.user_id:
        raise ValidationError(_("You cannot decide a request for your own account."))


def _locked(grant: RoleGrant) -> RoleGrant:
    """The request re-read and locked: two approvers at once decide it once. (No join:
    PostgreSQL locks no row on the nullable side of an outer join.)"""
    return RoleGrant.objects.select_for_update().get(pk=grant.pk)


def approve(grant: RoleGrant, approver: Any, request: HttpRequest | None = None) -> RoleGrant:
    """Give the account what was asked for. Raises ValidationError when it may not."""
    with transaction.atomic():
        grant = _locked(grant)
        check_decider(grant, approver)
        if grant.group is not None:
            grant.user.groups.add(grant.group)  # the role change is logged with before and after
        elif grant.community is not None:
            Assignment.objects.get_or_create(user=grant.user, community=grant.community)
        _decide(grant, approver, GrantState.APPROVED, "", request)
    return grant


def refuse(
    grant: RoleGrant, approver: Any, reason: str, request: HttpRequest | None = None
) -> RoleGrant:
    """Close the request without granting anything. Raises ValidationError when it may not."""
    with transaction.atomic():
        grant = _locked(grant)
        check_decider(grant, approver)
        if not reason.strip():
            raise ValidationError(_("Say why the request is refused."))
        _decide(grant, approver, GrantState.REFUSED, reason.strip(), request)
    return grant


def _decide(
    grant: RoleGrant, decider: Any, state: str, reason: str, request: HttpRequest | None
) -> None:
    grant.state, grant.reason = state, reason
    grant.decided_by, grant.decided_at = decider, timezone.now()
    grant.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    action = (
        AuditAction.GRANT_APPROVED if state == GrantState.APPROVED else AuditAction.GRANT_REFUSED
    )
    audit.record(
        request,
        action,
        user=decider,
        target=target(grant.user),
        grant_id=grant.pk,
        grant=grant.granted,
        requested_by=grant.requested_by.get_username() if grant.requested_by else "",
        reason=reason,
    )
