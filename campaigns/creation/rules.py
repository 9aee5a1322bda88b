"""Who writes which row of the creation file: a community's rows are kept by the people assigned
to it (its staff), the office's own rows (no community) by those who keep the office's file (the
leaders). Leaders and county users read every community's file and write none of it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from campaigns.creation.models import OFFICE_FILE
from core.scope import membership
from ledgers.models import Community


def writable_communities(user: Any) -> QuerySet[Community]:
    """The communities whose creation file `user` keeps: those they are assigned to."""
    if not user.is_authenticated or not user.is_active:
        return Community.objects.none()
    return Community.objects.filter(pk__in=membership().assigned(user))


def keeps_office_file(user: Any) -> bool:
    return bool(user.has_perm(OFFICE_FILE))


def may_write(user: Any, community_id: int | None, permission: str) -> bool:
    """Whether `user`, holding `permission` (add or change of the model), may write a row of
    the community `community_id` (None: the office's own)."""
    if not user.has_perm(permission):
        return False
    if community_id is None:
        return keeps_office_file(user)
    return writable_communities(user).filter(pk=community_id).exists()
