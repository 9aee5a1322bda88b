"""The scope rule, once: which communities' rows a user may see."""

from __future__ import annotations

from typing import Any, Self

from django.db import models

SEE_ALL_COMMUNITIES = "ledgers.view_all_communities"


def sees_all_communities(user: Any) -> bool:
    """Leaders and county users read every community; everyone else reads their assignments."""
    return bool(user.is_active and user.has_perm(SEE_ALL_COMMUNITIES))


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a community reached through the model's `scope_path`."""

    def for_user(self, user: Any) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_communities(user):
            return self
        from ledgers.models import Assignment  # the scope model lives beside the areas

        path: str = getattr(self.model, "scope_path")  # noqa: B009
        assigned = Assignment.objects.filter(user=user).values("community_id")
        # One subquery, not a list fetched in Python: the number of queries stays fixed.
        return self.filter(**{f"{path}__in": assigned})
