"""Who holds a permission: active accounts with it through a role or directly."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet


def holders(perm: str) -> QuerySet:
    """Active accounts holding `perm` ("app_label.codename") through a role or directly
    (superusers only if so: a superuser is not told of every community's deadlines)."""
    app_label, codename = perm.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
    )
