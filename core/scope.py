"""The scope rule, once: which communities' rows a user may see."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import Exists, F, Q

from core.versions import is_versioned

SEE_ALL_COMMUNITIES = "ledgers.view_all_communities"


def sees_all_communities(user: Any) -> bool:
    """Leaders and county users read every community; everyone else reads their assignments."""
    return bool(user.is_active and user.has_perm(SEE_ALL_COMMUNITIES))


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a community reached through the model's `scope_path`."""

    # Whether a row without a community belongs to the whole office (全办): everyone assigned to
    # a community of the office sees it, beside their own communities' rows.
    office_wide: ClassVar[bool] = False

    def for_user(self, user: Any) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_communities(user):
            return self
        from ledgers.models import Assignment  # the scope model lives beside the areas

        path: str = getattr(self.model, "scope_path")  # noqa: B009
        assigned = Assignment.objects.filter(user=user).values("community_id")
        # One subquery, not a list fetched in Python: the number of queries stays fixed.
        mine = Q(**{f"{path}__in": assigned})
        if self.office_wide:
            mine |= Q(**{f"{path}__isnull": True}) & Q(Exists(assigned))
        return self.filter(mine)

    def update(self, **kwargs: Any) -> int:
        """UPDATE that moves a versioned row's version on (bulk_update comes through here too),
        so a form opened before it is a conflict rather than an overwrite."""
        if "version" not in kwargs and is_versioned(self.model):
            kwargs["version"] = F("version") + 1
        return super().update(**kwargs)


class OfficeWideQuerySet(ScopedQuerySet):
    """Rows of a community or, with no community, of the whole office (an office-wide meeting,
    target or article): in scope for everyone who works in one of the office's communities."""

    office_wide = True
