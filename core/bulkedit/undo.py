"""What undoing a bulk edit checks before it writes anything: the rows it changed or added are
locked and must still be at the version the edit left them in (nor gone, nor moved out of the
person's communities); otherwise nothing is written and the person is told which rows moved on.
The writes themselves (values put back, added rows removed, history) are the spreadsheet
engine's bulk writers."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext, ngettext

SHOWN = 10  # rows named in a refusal; the rest are counted


class Refused(Exception):
    """The edit or its undo would lose work or break a rule: nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def model_of(label: str) -> type[models.Model]:
    return apps.get_model(label)


def scoped(model: type[models.Model], user: Any) -> models.QuerySet[Any]:
    """The model's rows `user` may see (every query of a bulk edit goes through the scope)."""
    return model._default_manager.for_user(user)  # type: ignore[attr-defined, no-any-return]


def unchanged(model: type[models.Model], versions: dict[str, Any], user: Any) -> list[Any]:
    """The rows named in `versions` (pk → the version the edit left, or {"version": …}),
    locked; Refused when any changed since, was removed, or left the user's scope."""
    wanted = {pk: v["version"] if isinstance(v, dict) else v for pk, v in versions.items()}
    objs = list(scoped(model, user).select_for_update(of=("self",)).filter(pk__in=list(wanted)))
    moved = [obj for obj in objs if obj.version != wanted[str(obj.pk)]]
    missing = len(wanted) - len(objs)
    if not moved and not missing:
        return objs
    parts = []
    if moved:
        names = "、".join(str(obj) for obj in moved[:SHOWN])
        more = len(moved) - SHOWN
        if more > 0:
            names += ngettext(" and %(n)d more", " and %(n)d more", more) % {"n": more}
        parts.append(
            gettext("these rows were changed after the bulk edit: %(rows)s") % {"rows": names}
        )
    if missing:
        parts.append(
            ngettext(
                "%(n)d row was removed or is no longer in your communities",
                "%(n)d rows were removed or are no longer in your communities",
                missing,
            )
            % {"n": missing}
        )
    raise Refused(gettext("Not undone: %(why)s. Nothing was changed.") % {"why": "；".join(parts)})
