"""A conflict on an edit form, as the person sees it: what they changed, what others changed
since they opened the form, and the form again on the current version with their changes in it.

Their changes are the fields they altered from the version they opened (read back from the
row's history), not every field of the form: re-applying the whole form would undo the other
person's work on fields this person never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext

from core import history


@dataclass
class Conflict:
    """What the conflict panel shows."""

    mine: list[tuple[str, str]]  # (field label, the value this person gave)
    theirs: list[history.Entry] = field(default_factory=list)  # saves since the form was opened


def version_of(obj: models.Model, version: int) -> tuple[models.Model | None, dict[str, Any]]:
    """`obj` as it was at `version` (None if its history lacks it), and its many-to-many
    values then, as a form's initial data."""
    record = (
        obj.history.filter(version=version)  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        return None, {}
    m2m: dict[str, Any] = {}
    for relation in obj._meta.many_to_many:
        rows = getattr(record, relation.name, None)
        if rows is not None and hasattr(rows, "all"):  # tracked by the history (m2m_fields)
            target = relation.m2m_reverse_field_name()  # type: ignore[attr-defined]
            m2m[relation.name] = [getattr(row, target) for row in rows.all()]
    return record.instance, m2m


def changed_fields(submitted: forms.BaseForm, opened: forms.BaseForm) -> list[str]:
    """The fields the person changed from the form as it was when they opened it. Files are
    left out: a browser does not send them again."""
    changed = []
    for name, form_field in submitted.fields.items():
        if isinstance(form_field, forms.FileField) or name not in opened.fields:
            continue
        if form_field.has_changed(opened[name].initial, submitted[name].data):
            changed.append(name)
    return changed


def shown(form: forms.BaseForm, name: str) -> str:
    """A submitted value as the person reads it: names for codes and records."""
    value = form.cleaned_data.get(name)  # type: ignore[attr-defined]
    form_field = form.fields[name]
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, models.QuerySet | list | tuple):
        return "、".join(str(item) for item in value) or "—"
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        return str(dict(form_field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)
