"""What every workflow step of casework shares: the record it writes (who, when, a note and the
step's facts) and the rules it keeps (its row locked, each rule required, only its own fields
saved)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scope import ScopedQuerySet

Row = TypeVar("Row", bound=models.Model)


class Step(models.Model):
    """One step of a case's workflow. A subclass adds the case it belongs to, its kinds of step
    and its states (`kind`, `from_state`, `to_state`), and its scope_path."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # Facts of the step: deadlines before and after an extension, dates, document numbers, sums.
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class WorkflowError(Exception):
    """A step that may not be taken now; `message` tells the user why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def require(condition: bool, message: Any) -> None:
    """A workflow step's rule: WorkflowError with the message when it does not hold."""
    if not condition:
        raise WorkflowError(message)


def lock(
    row: Row,
    user: Any,
    out_of_scope: Any,
    seen_state: str | None = None,
    state_field: str = "state",
) -> Row:
    """A step's row as it is now: re-read into `row` in the user's scope and locked until the
    step's transaction ends, so nobody changes it between the step's checks and its save.

    `seen_state` is the state the person saw on the page (the forms' hidden `seen_state`); if
    the row has moved on since, the step is refused rather than applied to the new state.
    Code that takes steps itself (the demo, imports) passes None.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("A workflow step locks its row inside a transaction.")
    manager = cast(Any, type(row)._default_manager)
    try:
        # `of`: only this row, not the rows the scope's joins reach (PostgreSQL; SQLite's
        # IMMEDIATE transactions already hold the whole database for writing).
        row.refresh_from_db(from_queryset=manager.for_user(user).select_for_update(of=("self",)))
    except ObjectDoesNotExist:
        raise WorkflowError(out_of_scope) from None
    if seen_state is not None and getattr(row, state_field) != seen_state:
        display = getattr(row, f"get_{state_field}_display", lambda: getattr(row, state_field))
        raise WorkflowError(
            _(
                "This record has moved on since you opened the page: it is now “%(state)s”. "
                "Nothing was changed; reload the page and check before going on."
            )
            % {"state": display()}
        )
    return row


def save_fields(row: models.Model, fields: Iterable[str]) -> None:
    """Save only the fields a step owns (and the time of the change), so a step never writes
    back what someone else saved meanwhile in the row's other fields."""
    names = list(dict.fromkeys(fields))
    if any(field.name == "updated_at" for field in row._meta.concrete_fields):
        names.append("updated_at")
    row.save(update_fields=names)
