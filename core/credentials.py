"""Passwords people owe: a new one at first sign-in and after an administrator set theirs, and
(PASSWORD_MAX_AGE_DAYS) one that has grown too old. The middleware sends them to the change
page until they have chosen one themselves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from core.models import Credential


def password_set_by_administrator(user: Any) -> None:
    """Someone else chose this password (a new account, a reset): its owner must replace it."""
    Credential.objects.update_or_create(user=user, defaults={"must_change_password": True})


def password_changed(user: Any) -> None:
    """The owner chose this password themselves."""
    Credential.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )


def change_owed(user: Any) -> str:
    """Why `user` must change their password before anything else: "set" (by someone else),
    "expired", or "" (nothing owed)."""
    state = (
        Credential.objects.filter(user=user)
        .values_list("must_change_password", "password_changed_at")
        .first()
    )
    must_change, changed_at = state or (False, None)
    if must_change:
        return "set"
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days and (changed_at or user.date_joined) < timezone.now() - timedelta(days=days):
        return "expired"
    return ""
