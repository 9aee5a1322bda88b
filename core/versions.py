"""Optimistic concurrency: a version on every row people edit, checked inside the UPDATE itself.

Two people open one resident's form; the first saves; the second's save finds no row at the
version they opened (`UPDATE … WHERE id = %s AND version = %s` changes nothing) and is a
conflict, never a silent overwrite. Every write path bumps the version: `save()` (forms, workflow
steps, admin), `QuerySet.update()` and `bulk_update()` (ScopedQuerySet.update), the spreadsheet
import's bulk writer and its undo.

The form carries the version it showed as a signed token (`VERSION_FIELD`), so a page cannot
claim a newer version than it was given. django-concurrency does the same for save() but knows
nothing of the bulk writer's statements; the field and the check are these few lines.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "version_token"
CONFLICT_MESSAGE = _(
    "Someone else saved this record after you opened it. Nothing of yours was saved: look at"
    " what changed and save again."
)
EXPIRED_MESSAGE = _(
    "This form is out of date (it does not say which version of the record it shows). Open the"
    " record again and repeat your change."
)
_SALT = "tongxin.versions"


class ConflictError(Exception):
    """A row changed (or vanished) since the version a person or a job read."""

    def __init__(self, obj: Any = None, seen: int | None = None) -> None:
        super().__init__(f"{obj!r} changed since version {seen}")
        self.obj = obj
        self.seen = seen


class Versioned(models.Model):
    """A row with a version: each write makes it one higher, and only from the version read."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and update_fields:
            # A step that saves only its own fields still moves the version on: an edit form
            # opened before the step is then a conflict, not an overwrite of the step.
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    # Django 5.2's signature (the stubs already describe 6.0's, with returning_fields).
    def _do_update(  # type: ignore[override]
        self,
        base_qs: Any,
        using: Any,
        pk_val: Any,
        values: Any,
        update_fields: Any,
        forced_update: Any,
    ) -> bool:
        seen = self.version
        bumped = [
            (field, model, seen + 1 if field.attname == "version" else value)
            for field, model, value in values
        ]
        updated: bool = super()._do_update(  # type: ignore[call-arg, assignment]
            base_qs.filter(version=seen), using, pk_val, bumped, update_fields, forced_update
        )
        if updated:
            self.version = seen + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise ConflictError(self, seen)
        return False  # no such row: Django inserts it, as for any model


def is_versioned(model: type[models.Model] | models.Model) -> bool:
    return issubclass(model if isinstance(model, type) else type(model), Versioned)


def token(obj: models.Model) -> str:
    """The signed version a form shows of `obj`."""
    meta = obj._meta
    return signing.Signer(salt=_SALT).sign(
        f"{meta.label_lower}:{obj.pk}:{obj.version}"  # type: ignore[attr-defined]
    )


def read_token(obj: models.Model, value: str | None) -> int | None:
    """The version a posted token names for `obj`, or None when it is missing, forged or
    made for another row."""
    if not value:
        return None
    try:
        label, pk, version = signing.Signer(salt=_SALT).unsign(value).rsplit(":", 2)
    except (signing.BadSignature, ValueError):
        return None
    if label != obj._meta.label_lower or pk != str(obj.pk) or not version.isdigit():
        return None
    return int(version)


def check_form(form: Any, value: str | None) -> None:
    """After a model form's own checks: the version its page was given becomes the one the save
    updates from, or the form is refused when the page sent none (or a forged one)."""
    instance = form.instance
    if not (instance.pk and is_versioned(instance)):
        return
    seen = read_token(instance, value)
    if seen is None:
        form.add_error(None, EXPIRED_MESSAGE)
    else:
        instance.version = seen
