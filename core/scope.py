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
from django.db.models import F, Q

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
    # A user → the (id, name) of the communities they are assigned, in the menu's order.
    assigned_communities: Callable[[Any], list[tuple[int, str]]]


_membership: Membership | None = None  # set once by configure()


def configure(
    *,
    assigned: Callable[[Any], models.QuerySet[Any]],
    see_all: str,
    community_names: Callable[[Any], list[str]],
    assigned_communities: Callable[[Any], list[tuple[int, str]]],
) -> None:
    """Give the scope rule who works where (called from the assignments' AppConfig.ready())."""
    global _membership
    _membership = Membership(assigned, see_all, community_names, assigned_communities)


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
    if sees_all_communities(user):
        return membership().community_names(user)
    return [name for _pk, name in assigned_communities(user)]


def assigned_communities(user: Any) -> list[tuple[int, str]]:
    """The (id, name) of the communities `user` is assigned, read once for the user object (a
    request's user, a job's), as Django keeps a user's permissions: one query however many
    lists and menus of the page ask."""
    found: list[tuple[int, str]] | None = getattr(user, "_assigned_communities", None)
    if found is None:
        found = membership().assigned_communities(user)
        user._assigned_communities = found
    return found


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
        # The communities as a list of ids, read once for the user (the menu names them too),
        # not a subquery: "community IN (1)" lets PostgreSQL read one community's rows in a
        # list's order from its (community, sort key) index, where a subquery's ids are unknown
        # when the plan is made and a staff member's deep page walked the whole office's order
        # (OFFSET 9,975: 16 ms against 3 ms at a million residents).
        assigned = [pk for pk, _name in assigned_communities(user)]
        mine = Q(**{f"{path}__in": assigned})
        if self.office_wide and assigned:
            mine |= Q(**{f"{path}__isnull": True})
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
