"""What base.html needs on every page: the user's communities and the navigation they may use."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ledgers.models import Community
from ledgers.scope import sees_all_communities

# (label, URL name, permission); shown only to users holding the permission.
NAVIGATION = [
    (_("Communities"), "ledgers:community_list", "ledgers.view_community"),
    (_("Audit log"), "audit", "ledgers.view_auditevent"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))}
        for label, name, perm in NAVIGATION
        if user.has_perm(perm)
    ]
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})

    def my_communities() -> Any:
        if sees_all_communities(user):
            return None  # shown as "all communities"
        return list(Community.objects.for_user(user).values_list("name", flat=True))

    return {
        "nav_items": items,
        "my_communities": my_communities,
        "sees_all": sees_all_communities(user),
    }
