"""The demo's clock: what the seeding writes is dated when it happened in the office's story,
never at the moment of seeding and never after it.

- `at(moment)`: inside it, `timezone.now()` (and so `localdate()`, `auto_now`, `auto_now_add`,
  the fields whose default is `timezone.now` such as a workflow step's `at`, and
  django-simple-history's `history_date`) is `moment`, capped at the real now. The demo takes
  each workflow step inside one, so a hazard found on 3 March, assigned on the 4th and closed on
  the 25th shows those days on its timeline, and the step's own rules ("not in the future")
  judge it on that day.
- `stamp(rows, when)`: the history date of rows about to be bulk-created with their history.
- `restamp(*models)`: a row's `created_at` and `updated_at` made its first and last history
  date, for rows bulk-created (where `auto_now_add` wrote the seeding time).

Only the demo uses it, on one thread, while it seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

_REAL_NOW = timezone.now


def now() -> datetime:
    """The real time, even inside `at`."""
    return _REAL_NOW()


def on(day: date, clock: time = time(9, 0)) -> datetime:
    """`day` at `clock`, in the office's time zone, but never after now."""
    return min(timezone.make_aware(datetime.combine(day, clock)), now())


@cache
def _defaults_to_now() -> list[models.Field[Any, Any]]:
    return [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.default is _REAL_NOW
    ]


@contextmanager
def at(moment: datetime | date) -> Iterator[datetime]:
    """Everything written inside is dated `moment` (a day means 09:00), capped at now."""
    when = on(moment) if not isinstance(moment, datetime) else min(moment, now())

    def frozen() -> datetime:
        return when

    fields = _defaults_to_now()
    timezone.now = frozen  # localdate() and localtime() read the module's `now`
    for field in fields:
        field.__dict__["_get_default"] = frozen  # Field.get_default's cached callable
    try:
        yield when
    finally:
        timezone.now = _REAL_NOW
        for field in fields:
            field.__dict__.pop("_get_default", None)


def stamp(rows: Iterable[Any], when: Callable[[Any], datetime]) -> None:
    """Date the history entry that `bulk_create_with_history` writes for each row."""
    for row in rows:
        row._history_date = when(row)


def restamp(*model_classes: type[models.Model]) -> None:
    """Each row's created_at and updated_at from its first and last history entry; an UPDATE
    per model, outside the versioned managers (dating a row is not an edit of it)."""
    for model in model_classes:
        history = model.history.model  # type: ignore[attr-defined]
        entries = history.objects.filter(id=OuterRef("pk"))
        first = entries.order_by("history_date", "history_id").values("history_date")[:1]
        last = entries.order_by("-history_date", "-history_id").values("history_date")[:1]
        models.QuerySet(model).update(
            created_at=Coalesce(Subquery(first), F("created_at")),
            updated_at=Coalesce(Subquery(last), F("updated_at")),
        )
        # A creation entry copies the row's timestamps: those of the day it records.
        history.objects.filter(history_type="+").update(
            created_at=F("history_date"), updated_at=F("history_date")
        )
