"""The scope rule, once: which communities' rows a user may see.

The rule is here; who works where is not. The app that keeps the community assignments tells
the rule, from its AppConfig.ready(), which communities a user is assigned and which permission
reads every community (`configure`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Exists, F, Q

from core.versions import is_versioned


@dataclass(frozen=True)
class Membership:
    """What the scope rule learns from the app that keeps who works where."""

    # A user → the ids of the communities they are assigned, as a subquery (values("…_id")).
    assigned: Callable[[Any], models.QuerySet[Any]]
    # The permission ("app_label.codename") that reads every community.
    see_all: str
    # A user → the names of the communities they see (the menu shows them).
    community_names: Callable[[Any], list[str]]


_membership: Membership | None = None  # set once by configure()


def configure(
    *,
    assigned: Callable[[Any], models.QuerySet[Any]],
    see_all: str,
    community_names: Callable[[Any], list[str]],
) -> None:
    """Give the scope rule who works where (called from the assignments' AppConfig.ready())."""
    global _membership
    _membership = Membership(assigned, see_all, community_names)


def membership() -> Membership:
    if _membership is None:
        raise ImproperlyConfigured(
            "The scope rule does not know who works where: the app that keeps the community "
            "assignments must call core.scope.configure() from its AppConfig.ready()."
        )
    return _membership


def sees_all_communities(user: Any) -> bool:
    """Leaders and county users read every community; everyone else reads their assignments."""
    return bool(user.is_active and user.has_perm(membership().see_all))


def community_names(user: Any) -> list[str]:
    """The names of the communities whose rows `user` sees."""
    return membership().community_names(user)


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
        path: str = getattr(self.model, "scope_path")  # noqa: B009
        assigned = membership().assigned(user)
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
