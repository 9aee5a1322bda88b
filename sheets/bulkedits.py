"""The writes of a bulk edit and of its undo (core.bulkedit), with the import's bulk writers:
rows updated from the version read (sheets.bulk.update), history per row in one statement
(with a many-to-many field's snapshot, as django-simple-history keeps it), rows added, and on
undo the values put back and the added rows removed unless something refers to them.

Actions subclass `RowsAction`, whose undo uses these; each write is a fixed number of queries
whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.bulkedit.registry import Action, Refused, UndoRecord
from core.versions import ConflictError
from sheets import bulk
from sheets.resources import chunks
from sheets.undo import references

CHANGED_MEANWHILE = _(
    "Some of these rows were changed while the bulk edit ran: nothing was changed. Try again."
)


def history(
    model: type[models.Model], objs: Sequence[models.Model], *, kind: str, user: Any, reason: str
) -> None:
    """A history row per object ("+" added, "~" changed, "-" removed), and of each tracked
    many-to-many field the links the object has now (what simple_history snapshots)."""
    if not objs:
        return
    bulk.history(model, objs, created=kind == "+", user=user, reason=reason, kind=kind)
    history_model = model.history.model  # type: ignore[attr-defined]
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    if not m2m_fields:
        return
    ids = [obj.pk for obj in objs]
    newest: dict[Any, int] = {}
    for ids_part in chunks(ids):
        for pk, history_id in history_model.objects.filter(
            id__in=ids_part, history_change_reason=reason, history_type=kind
        ).values_list("id", "history_id"):
            newest[pk] = max(history_id, newest.get(pk, 0))
    for field in m2m_fields:
        _snapshot(model, field, newest)


def _snapshot(model: type[models.Model], field: Any, newest: dict[Any, int]) -> None:
    through = getattr(model, field.name).through
    snapshot_model = getattr(model.history.model, field.name).model  # type: ignore[attr-defined]
    own = field.m2m_field_name()
    names = [f.attname for f in through._meta.concrete_fields]
    links = through.objects.filter(**{f"{own}__in": list(newest)}).values_list(*names)
    columns = [f.column for f in snapshot_model._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in snapshot_model._meta.concrete_fields if not f.primary_key]
    rows = []
    for link in links:
        values = dict(zip(names, link, strict=True))
        values["history_id"] = newest[values[f"{own}_id"]]
        rows.append([values[name] for name in attnames])
    bulk.insert(snapshot_model._meta.db_table, columns, rows)


def save_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Iterable[str],
    before: dict[Any, dict[str, Any]],
    record: UndoRecord,
    *,
    user: Any,
    reason: str,
) -> None:
    """Write `fields` of the objects (which hold their new values, and the version they were
    read at, locked) with history; `before` (pk → values) goes into the undo record."""
    if not objs:
        return
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now  # type: ignore[attr-defined]
    try:
        bulk.update(model, objs, [*fields, "updated_at"])
    except ConflictError:
        raise Refused(str(CHANGED_MEANWHILE)) from None
    history(model, objs, kind="~", user=user, reason=reason)
    for obj in objs:
        record.changed(obj, before[obj.pk])


def create_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    record: UndoRecord,
    *,
    user: Any,
    reason: str,
) -> None:
    """Add the objects (already checked against the model's rules) with their history."""
    if not objs:
        return
    bulk.create(model, objs)
    history(model, objs, kind="+", user=user, reason=reason)
    for obj in objs:
        record.added(obj)


def restore(
    model: type[models.Model],
    objs: Sequence[models.Model],
    rows: dict[str, dict[str, Any]],
    user: Any,
    reason: str,
) -> None:
    """Give the objects (locked, unchanged since the edit) the values they had before it; a
    new version, not the old one again."""
    fields: set[str] = set()
    for obj in objs:
        for name, value in rows[str(obj.pk)]["values"].items():
            field = cast("models.Field[Any, Any]", model._meta.get_field(name))
            setattr(obj, name, field.to_python(value))
            fields.add(name)
    save_rows(
        model, objs, fields, {obj.pk: {} for obj in objs}, UndoRecord(), user=user, reason=reason
    )


def remove(model: type[models.Model], objs: Sequence[models.Model], user: Any, reason: str) -> None:
    """Remove rows the edit added (locked, unchanged since), with a history row each; refused
    when records added since refer to them."""
    ids = [obj.pk for obj in objs]
    referred = references(model, ids)
    if referred:
        names = "、".join(str(obj) for obj in objs if obj.pk in referred)
        raise Refused(
            gettext(
                "Not undone: records added since refer to rows this bulk edit added: %(rows)s. "
                "Nothing was changed."
            )
            % {"rows": names}
        )
    history(model, objs, kind="-", user=user, reason=reason)
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        for part in chunks(ids):
            cursor.execute(
                f"DELETE FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(part))})", part
            )


class RowsAction(Action):
    """An action whose undo puts values back and removes added rows with the bulk writers."""

    def restore(
        self,
        model: type[models.Model],
        objs: list[Any],
        rows: dict[str, dict[str, Any]],
        user: Any,
        reason: str,
    ) -> None:
        restore(model, objs, rows, user, reason)

    def remove(self, model: type[models.Model], objs: list[Any], user: Any, reason: str) -> None:
        remove(model, objs, user, reason)
