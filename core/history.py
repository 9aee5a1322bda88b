"""A row's history as a person reads it: who changed which fields, from what to what, when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from core.people import person_name

# Fields a history entry never shows in full: field name → how it is shown instead. The app that
# owns such a field registers it from its AppConfig.ready() (mask_field).
MASKED_FIELDS: dict[str, Callable[[str], str]] = {}
# Fields nobody needs to read in a history entry.
SKIPPED_FIELDS = {"created_at", "updated_at", "version"}


def mask_field(name: str, mask: Callable[[str], str]) -> None:
    """Show the field `name` of every model's history as `mask(value)`, never in full."""
    MASKED_FIELDS[name] = mask


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" removed
    changes: list[Change]


def _display(field: models.Field[Any, Any], value: Any, names: dict[str, dict[Any, Any]]) -> str:
    if value in (None, ""):
        return "—"
    if field.attname in names:
        return str(names[field.attname].get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    if field.name in MASKED_FIELDS:
        return MASKED_FIELDS[field.name](str(value))
    return str(value)


def entries(
    obj: models.Model, hidden: set[str] | None = None, limit: int = 50, since: int | None = None
) -> list[Entry]:
    """The newest `limit` versions of `obj`, each with what changed since the one before;
    with `since`, only the versions after that one (what changed since a form was opened).

    One query whatever the history's length: versions are diffed in memory, many-to-many
    fields (which would cost a query per version) are left out.
    """
    hidden = (hidden or set()) | SKIPPED_FIELDS
    manager = obj.history  # type: ignore[attr-defined]
    newest_first = manager.select_related("history_user").order_by("-history_date", "-history_id")
    if since is not None:
        newest_first = newest_first.filter(version__gte=since)
    versions = list(newest_first[: limit + 1])
    fields = [f for f in obj._meta.concrete_fields if f.name not in hidden and f.attname != "id"]
    # Foreign keys are shown by name: one query per key field, not per version.
    names: dict[str, dict[Any, Any]] = {}
    for field in fields:
        if field.is_relation and field.related_model is not None:
            ids = {getattr(v, field.attname) for v in versions} - {None}
            names[field.attname] = field.related_model._base_manager.in_bulk(ids) if ids else {}
    result = []
    for version, previous in zip(versions[:limit], [*versions[1:], None], strict=False):
        if since is not None and version.version <= since:
            continue
        changes = []
        for field in fields:
            new = getattr(version, field.attname)
            old = getattr(previous, field.attname) if previous is not None else None
            if previous is None and version.history_type == "+":
                if new not in (None, "", False):
                    changes.append(Change(str(field.verbose_name), "", _display(field, new, names)))
            elif old != new:
                changes.append(
                    Change(
                        str(field.verbose_name),
                        _display(field, old, names),
                        _display(field, new, names),
                    )
                )
        who = person_name(version.history_user) if version.history_user else ""
        result.append(Entry(version.history_date, who, version.history_type, changes))
    return result
