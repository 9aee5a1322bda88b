"""Undoing an import: its new rows removed, the rows it changed given their values back, in one
transaction, or nothing at all with the reason why (a row changed since, a record relying on a
row it added)."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from simple_history.utils import bulk_update_with_history

from sheets.models import ImportBatch, ImportStatus
from sheets.resources import Resource, chunks

SHOWN = 10  # rows named in a refusal; the rest are counted


class Refused(Exception):
    """The undo would lose work or break a record: nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def undo(batch: ImportBatch, resource: Resource, user: Any) -> str:
    """Undo the batch; "" when done, else why not (and nothing was changed).

    The batch and its rows are locked first, and every check is made inside the same
    transaction as the undo, so nothing can slip in between the check and the writes.
    """
    try:
        with transaction.atomic():
            _undo(batch, resource, user)
    except Refused as refused:
        return refused.message
    return ""


def too_late(batch: ImportBatch) -> str:
    until = batch.undo_until
    return gettext(
        "An import can be undone for %(days)d days after it was written; this one could be "
        "until %(until)s. Correct the rows one by one or by a new import."
    ) % {
        "days": settings.IMPORT_UNDO_DAYS,
        "until": date_format(localtime(until), "Y-m-d H:i") if until else "",
    }


def _undo(batch: ImportBatch, resource: Resource, user: Any) -> None:
    model = resource.model
    locked = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
    if locked is None or locked.status != ImportStatus.DONE:
        raise Refused(gettext("This import is not in the ledger any more: nothing to undo."))
    if not locked.undoable:
        raise Refused(too_late(locked))
    manager = model._default_manager
    for ids in chunks([*batch.created_ids, *batch.updated_ids]):
        list(manager.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    touched = touched_later(batch, resource)
    if touched:
        names = "、".join(str(obj) for obj in manager.filter(pk__in=touched[:20]))
        raise Refused(
            gettext("Not undone: these rows were changed after the import: %(rows)s.")
            % {"rows": names}
        )
    referred = references(model, batch.created_ids, resource.undo_owns)
    if referred:
        raise Refused(refusal(batch, model, referred))
    reason = f"撤销{batch.change_reason}"
    restore(batch, model, user, reason)
    for ids in chunks(batch.created_ids):
        for obj in manager.filter(pk__in=ids):
            obj._change_reason = reason  # type: ignore[attr-defined]
            try:
                obj.delete()
            except (ProtectedError, RestrictedError) as error:
                # A relation `references` does not know of: the same refusal, from Django.
                blocking: Any = getattr(error, "protected_objects", None) or getattr(
                    error, "restricted_objects", ()
                )
                found: dict[Any, Counter[type[models.Model]]] = {obj.pk: Counter()}
                for other in blocking:
                    found[obj.pk][type(other)] += 1
                raise Refused(refusal(batch, model, found)) from None
    batch.status = ImportStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at"])


def touched_later(batch: ImportBatch, resource: Resource) -> list[Any]:
    """Rows of the batch changed after it: undoing it would lose that work."""
    history = resource.model.history  # type: ignore[attr-defined]
    touched: list[Any] = []
    for ids in chunks(batch.created_ids):
        later = history.filter(id__in=ids).values("id").annotate(n=Count("history_id"))
        touched += [entry["id"] for entry in later if entry["n"] > 1]
    for ids in chunks(batch.updated_ids):
        latest: dict[Any, str] = {}
        for entry in (
            history.filter(id__in=ids)
            .order_by("history_date", "history_id")
            .values("id", "history_change_reason")
        ):
            latest[entry["id"]] = entry["history_change_reason"]
        touched += [pk for pk, reason in latest.items() if reason != batch.change_reason]
    return touched


def references(
    model: type[models.Model], ids: list[Any], owned: tuple[str, ...] = ()
) -> dict[Any, Counter[type[models.Model]]]:
    """The records of other tables that refer to these rows, counted by row and by model:
    what a delete would refuse (PROTECT, RESTRICT) or silently change (CASCADE, SET_NULL).

    Not counted: the rows' own many-to-many links (a resident's tags, a visit's visitors),
    removed with them; history rows, which keep a removed row's number on purpose
    (DO_NOTHING); and the relations a resource names in `owned` (a hazard's registration
    step, written with it by the import).
    """
    found: dict[Any, Counter[type[models.Model]]] = {}
    for relation in model._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ForeignObjectRel) or relation.many_to_many:
            continue  # a reverse many-to-many: its through table is a one-to-many of its own
        other = cast("type[models.Model]", relation.related_model)
        if relation.on_delete is models.DO_NOTHING or other._meta.auto_created is model:
            continue
        if relation.get_accessor_name() in owned:
            continue
        name = relation.field.name
        for part in chunks(ids):
            rows = (
                other._base_manager.filter(**{f"{name}__in": part})
                .values_list(name)
                .annotate(n=Count("pk"))
                .order_by()
            )
            for pk, n in rows:
                found.setdefault(pk, Counter())[other] += n
    return found


def refusal(
    batch: ImportBatch, model: type[models.Model], found: dict[Any, Counter[type[models.Model]]]
) -> str:
    """第 3 行 马建国 被 1 条流动人口记录引用 …, the rows in file order."""
    rows = dict(zip(batch.created_ids, batch.created_rows, strict=False))
    shown = sorted(found, key=lambda pk: (rows.get(pk, 0), str(pk)))
    names = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=shown[:SHOWN])}
    parts = []
    for pk in shown[:SHOWN]:
        what = "、".join(
            gettext("%(count)d %(things)s")
            % {
                "count": n,
                "things": other._meta.verbose_name if n == 1 else other._meta.verbose_name_plural,
            }
            for other, n in sorted(found[pk].items(), key=lambda item: str(item[0]._meta))
        )
        name = names.get(pk, f"#{pk}")
        if pk in rows:
            parts.append(
                gettext("row %(row)d %(name)s is referred to by %(what)s")
                % {"row": rows[pk], "name": name, "what": what}
            )
        else:  # imported before the rows' numbers were kept
            parts.append(
                gettext("%(name)s is referred to by %(what)s") % {"name": name, "what": what}
            )
    more = len(shown) - SHOWN
    if more > 0:
        parts.append(ngettext("%(n)d more row", "%(n)d more rows", more) % {"n": more})
    return gettext(
        "Not undone: records added since refer to rows of this import: %(rows)s. Nothing was "
        "changed. Remove those records, or their link to these rows, before undoing the import."
    ) % {"rows": "；".join(parts)}


def restore(batch: ImportBatch, model: type[models.Model], user: Any, reason: str) -> None:
    """Give the rows the batch changed the values they had before it."""
    history = model.history  # type: ignore[attr-defined]
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    restored = []
    for ids in chunks(batch.updated_ids):
        versions: dict[Any, list[Any]] = {}
        for version in history.filter(id__in=ids).order_by("-history_date", "-history_id"):
            versions.setdefault(version.id, []).append(version)
        for obj in model._default_manager.filter(pk__in=ids):
            before = versions[obj.pk][1]  # [0] is the batch's own version
            current = getattr(obj, "version", None)
            for name in fields:
                setattr(obj, name, getattr(before, name))
            if current is not None:  # the undo is a new version, not the old one again
                obj.version = current + 1  # type: ignore[attr-defined]
            restored.append(obj)
    if restored:
        bulk_update_with_history(
            restored,
            model,
            fields=fields,
            batch_size=1_000,
            default_user=user,
            default_change_reason=reason,
        )
