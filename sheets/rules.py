"""The model's own rules on the rows of an import: what `Model.full_clean()` would check, less
what would cost a query per row and is already kept in a few queries (see ModelRules)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sheets.resources import Resource, Row


@dataclass(frozen=True)
class ModelRules:
    """What `Model.full_clean()` does to a row of an import, worked out once per ledger.

    full_clean is clean_fields + clean + validate_unique + validate_constraints. An import runs
    all four, less what would cost a query per row and is already enforced in a few queries:

    - relation fields are left out of clean_fields: ForeignKey.validate looks its target up in
      the database, and an import only ever sets a relation to an object `prepare` has just
      loaded within the user's scope (a community, grid, household, resident or place);
    - fields nobody types are left out, as a ModelForm leaves them out: the primary key (the
      database gives it), non-editable fields (timestamps, a hazard's number, given when it is
      registered);
    - so are, as a ModelForm leaves out the fields it does not show, the fields with a default
      that the file has no column for: they keep that default (a new row) or their stored value
      (an existing one). A field without a default is checked whatever the columns: a file
      without 出生日期 adds no resident without a birth date;
    - a constraint the resource names in `checked_by_lookup` is kept by the natural keys
      `prepare` preloads in batches (plus the duplicates within the file), which answer the
      same question for the whole step at once; every other unique constraint of the model is
      validated row by row with Django's own `constraint.validate`;
    - a check constraint restates a rule of the model's clean(), which has just run (its
      validate() would ask the database once per row); the database holds it as the rows are
      written, and a row it refuses fails the import with a message, writing nothing.

    No unique field is left once these are out (a test holds that for every ledger), so
    validate_unique would check nothing and is not run.
    """

    exclude: frozenset[str]  # left out of clean_fields
    constraints: tuple[tuple[type[models.Model], Any], ...]  # validated row by row
    constraint_exclude: frozenset[str]  # what those may not look at
    headers: dict[str, str]  # model field → the column that sets it
    defaulted: frozenset[str]  # fields with a default

    def for_file(self, present: set[str]) -> ModelRules:
        """The rules for a file with these columns."""
        absent = {f for f in self.defaulted if self.headers.get(f) not in present}
        return replace(self, exclude=self.exclude | absent)

    @classmethod
    def of(cls, resource: Resource) -> ModelRules:
        """The rules for a resource's model, as its columns and look-ups leave them."""
        meta = resource.model._meta
        unknown = set(resource.checked_by_lookup) - {c.name for c in meta.constraints}
        if unknown:
            raise LookupError(f"{resource.model.__name__} has no constraint {unknown}")
        system = {f.name for f in meta.concrete_fields if f.primary_key or not f.editable}
        relations = {f.name for f in meta.concrete_fields if f.is_relation}
        constraints = tuple(
            (model, constraint)
            for model, model_constraints in resource.model().get_constraints()
            for constraint in model_constraints
            if constraint.name not in resource.checked_by_lookup
            and not isinstance(constraint, models.CheckConstraint)
        )
        headers = {c.field: c.header for c in resource.columns if c.field} | resource.field_headers
        defaulted = {f.name for f in meta.concrete_fields if f.has_default()}
        return cls(
            frozenset(system | relations),
            constraints,
            frozenset(system),
            headers,
            frozenset(defaulted - system - relations),
        )


def check_row(resource: Resource, row: Row, rules: ModelRules) -> None:
    """The model's own rules on the row's instance (full_clean, as `rules` say), each error
    at the column whose field broke it; one that belongs to no field is the row's. A cell
    that already has an error (it could not be read, or is empty) keeps that one."""
    instance = row.instance
    errors: dict[str, list[ValidationError]] = {}
    try:
        instance.clean_fields(exclude=rules.exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    # A database constraint often restates a rule of clean(): checked when clean() found
    # nothing, so one broken rule is one error of the row (as in the forms).
    for model, constraint in rules.constraints if not errors else ():
        try:
            constraint.validate(model, instance, exclude=rules.constraint_exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        _report(resource, row, errors, rules)


def _report(
    resource: Resource, row: Row, errors: dict[str, list[ValidationError]], rules: ModelRules
) -> None:
    failed = set(errors) | {f for f, header in rules.headers.items() if row.has_error(header)}
    explained = {f for cause in failed for f in resource.follows_from.get(cause, ())}
    refused = {column for column, _message in row.errors}
    for name, field_errors in errors.items():
        header = rules.headers.get(name)
        if header is not None and header in refused:
            continue
        for error in field_errors:
            if error.code in ("blank", "null"):
                if name in explained:
                    continue
                messages = [str(_("This cell must not be empty."))]
            else:
                messages = error.messages
            for message in messages:
                if header is None and name != NON_FIELD_ERRORS:
                    field_ = resource.model._meta.get_field(name)
                    label = capfirst(getattr(field_, "verbose_name", name))
                    message = gettext("%(field)s: %(message)s") % {
                        "field": label,
                        "message": message,
                    }
                row.error(header, message)
