"""The bell's count on every page, asked only when a page shows the bell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from core.notices.models import Notice

    return {
        "unread_notices": SimpleLazyObject(lambda: Notice.objects.for_user(user).unread().count())
    }
