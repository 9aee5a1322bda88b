"""The bulk actions and the lists they run from, registered by the apps that own them from
their AppConfig.ready(); core knows them only through this registry.

An action declares its key, label, the model of the list it runs from, the permissions it needs
and a form for its parameters; it previews what it would do to the selected rows and applies
it, returning an `UndoRecord` (what each changed row was, what it added), which the BulkEdit
keeps and `undo` puts back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.db.models import QuerySet

from core.bulkedit import undo as undoing
from core.bulkedit.forms import NoParameters

if TYPE_CHECKING:
    from core.bulkedit.models import BulkEdit

Refused = undoing.Refused


@dataclass(frozen=True)
class Sample:
    """One row of a preview: the row, and the value it has before and after."""

    row: str
    before: str
    after: str


@dataclass
class Preview:
    """What an action would do to the selected rows: how many change, a sample of them, notes
    worth knowing (rows left alone and why) and, when it cannot run, the reason (`problem`)."""

    changing: int
    sample: list[Sample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str = ""


@dataclass
class UndoRecord:
    """What an applied action changed: for each model ("app_label.model"), each changed row's
    version after the edit and its values before it, and each added row's version."""

    before: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    created: dict[str, dict[str, int]] = field(default_factory=dict)

    def changed(self, obj: models.Model, values: dict[str, Any]) -> None:
        rows = self.before.setdefault(obj._meta.label_lower, {})
        rows[str(obj.pk)] = {"version": obj.version, "values": values}  # type: ignore[attr-defined]

    def added(self, obj: models.Model) -> None:
        rows = self.created.setdefault(obj._meta.label_lower, {})
        rows[str(obj.pk)] = obj.version  # type: ignore[attr-defined]

    @property
    def count(self) -> int:
        changed = sum(len(rows) for rows in self.before.values())
        return changed + sum(len(rows) for rows in self.created.values())


class Action:
    """A change made to every selected row of a list. Subclasses set the attributes and write
    `preview`, `apply` and `describe`; `undo` puts back what `apply` recorded (override
    `restore` or `remove` for what the generic writes do not know: many-to-many fields,
    residence periods); the spreadsheet engine gives a base that writes them in bulk."""

    key: str = ""
    label: Any = ""
    model: type[models.Model]
    permissions: tuple[str, ...] = ()
    form_class: type[forms.Form] = NoParameters
    help_text: Any = ""

    def allowed(self, user: Any) -> bool:
        return bool(self.permissions) and user.has_perms(self.permissions)

    def form(self, user: Any, data: Any = None) -> forms.Form:
        return self.form_class(data, user=user)  # type: ignore[call-arg]

    def params(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The parameters as the record keeps them (JSON: rows by their primary key)."""
        return {
            name: value.pk if isinstance(value, models.Model) else value
            for name, value in cleaned.items()
        }

    def describe(self, cleaned: dict[str, Any]) -> str:
        """One line saying what the edit does, for the record (e.g. "第一网格")."""
        raise NotImplementedError

    def preview(self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any) -> Preview:
        raise NotImplementedError

    def apply(
        self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any, *, reason: str
    ) -> UndoRecord:
        """Change the rows (locked by the action, inside the caller's transaction); raise
        Refused to write nothing."""
        raise NotImplementedError

    def undo(self, edit: BulkEdit, user: Any) -> None:
        """Put back what the edit changed and remove what it added, inside the caller's
        transaction; Refused (nothing written) when a row changed after the edit."""
        reason = edit.undo_reason
        changed = {
            label: undoing.unchanged(undoing.model_of(label), rows, user)
            for label, rows in edit.before.items()
        }
        added = {
            label: undoing.unchanged(undoing.model_of(label), rows, user)
            for label, rows in edit.created.items()
        }
        for label, objs in changed.items():
            self.restore(undoing.model_of(label), objs, edit.before[label], user, reason)
        for label, objs in added.items():
            self.remove(undoing.model_of(label), objs, user, reason)

    def restore(
        self,
        model: type[models.Model],
        objs: list[Any],
        rows: dict[str, dict[str, Any]],
        user: Any,
        reason: str,
    ) -> None:
        """Give the rows (locked, unchanged since the edit) their values before it."""
        raise NotImplementedError

    def remove(self, model: type[models.Model], objs: list[Any], user: Any, reason: str) -> None:
        """Remove the rows the edit added (locked, unchanged since)."""
        raise NotImplementedError


ACTIONS: dict[str, Action] = {}
# The lists bulk edits run from: key → (the list view, its URL name).
LISTS: dict[str, tuple[type[Any], str]] = {}


def register(action: Action) -> None:
    """Offer `action` on the lists of its model (registering a key again replaces it)."""
    ACTIONS[action.key] = action


def register_list(key: str, view: type[Any], url_name: str) -> None:
    """Let bulk edits run from the list `view` (an ObjectListView), found at `url_name`."""
    LISTS[key] = (view, url_name)


def actions_for(model: type[models.Model], user: Any) -> list[Action]:
    """The actions on `model`'s lists that `user` may run, in the order registered."""
    return [a for a in ACTIONS.values() if a.model is model and a.allowed(user)]


def list_key(view: type[Any]) -> str:
    """The key a list view is registered under, or ""."""
    return next((key for key, (cls, _name) in LISTS.items() if cls is view), "")


def all_permissions() -> Iterable[tuple[str, ...]]:
    return (action.permissions for action in ACTIONS.values())
