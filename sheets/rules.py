"""The model's own rules on the rows of an import: what `Model.full_clean()` would check, less
what would cost a query per row and is already kept in a few queries (see ModelRules)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import DatabaseDefault
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

    The fields' own validators (clean_fields) run as Django runs them, less their machinery
    where a value is one they provably accept unchanged (`surely_valid`); any other value goes
    through `Field.clean` itself, which gives the error.
    """

    exclude: frozenset[str]  # left out of clean_fields
    constraints: tuple[tuple[type[models.Model], Any], ...]  # validated row by row
    constraint_exclude: frozenset[str]  # what those may not look at
    headers: dict[str, str]  # model field → the column that sets it
    defaulted: frozenset[str]  # fields with a default
    # The fields clean_fields judges, each with its test of a value it accepts unchanged.
    checked: tuple[tuple[models.Field[Any, Any], Callable[[Any], bool] | None], ...] = ()
    # Whether clean_fields is Django's own (plus the model's `field_rules`): then an import
    # runs it as `clean_fields` below does; otherwise the model's own clean_fields.
    own_loop: bool = False

    def for_file(self, present: set[str]) -> ModelRules:
        """The rules for a file with these columns."""
        absent = {f for f in self.defaulted if self.headers.get(f) not in present}
        exclude = self.exclude | absent
        checked = tuple((f, test) for f, test in self.checked if f.name not in exclude)
        return replace(self, exclude=exclude, checked=checked)

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
        exclude = frozenset(system | relations)
        model = resource.model
        # A model that adds rules to its fields' own puts them in `field_rules`, which its
        # clean_fields calls after Django's (ledgers' Resident).
        own = model.clean_fields is models.Model.clean_fields or (
            hasattr(model, "field_rules") and _calls_field_rules(model)
        )
        return cls(
            exclude,
            constraints,
            frozenset(system),
            headers,
            frozenset(defaulted - system - relations),
            tuple(
                (f, surely_valid(f))
                for f in meta.fields
                if f.name not in exclude and not f.generated
            ),
            own,
        )


def _calls_field_rules(model: type[models.Model]) -> bool:
    """Whether the model's clean_fields is Django's followed by its field_rules (the one
    shape an import may run its own way): its code says so."""
    code = model.clean_fields.__code__
    return "field_rules" in code.co_names and "clean_fields" in code.co_names


def surely_valid(field: models.Field[Any, Any]) -> Callable[[Any], bool] | None:
    """A test of the values `field.clean` surely accepts and returns unchanged, or None.

    For a field of exactly these classes, with no validator but its max_length's, Django's
    Field.clean(value) is to_python (the value itself, for a str of a CharField or TextField,
    a date of a DateField, True/False of a BooleanField), validate (a choice's key is accepted
    at once; otherwise only None and "" are refused, and the caller has left empty values of
    a blank field out, as clean_fields does) and run_validators (the max_length). A value the
    test does not accept goes through Field.clean, which says what is wrong."""
    kind = type(field)
    validators = field.validators
    if any(
        not (isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length)
        for v in validators
    ):
        return None
    if field.choices is not None:
        if kind is not models.CharField:
            return None
        keys = [key for key, _label in field.flatchoices]
        if not all(type(key) is str for key in keys):
            return None
        allowed = frozenset(k for k in keys if k and len(k) <= (field.max_length or len(k)))
        return allowed.__contains__
    if kind is models.CharField or kind is models.TextField:
        longest = field.max_length
        if longest is None:
            return lambda value: type(value) is str and value != ""
        return lambda value: type(value) is str and value != "" and len(value) <= longest
    if kind is models.DateField:
        return lambda value: type(value) is date
    if kind is models.BooleanField:
        return lambda value: value is True or value is False
    return None


def clean_fields(instance: Any, rules: ModelRules) -> dict[str, list[ValidationError]]:
    """`instance.clean_fields(exclude=rules.exclude)`'s errors: Django's loop over the fields
    (Model.clean_fields), each value its test surely accepts taken as it is, then the model's
    field_rules when it has some."""
    if not rules.own_loop:
        try:
            instance.clean_fields(exclude=rules.exclude)
        except ValidationError as error:
            return error.update_error_dict({})
        return {}
    errors: dict[str, list[ValidationError]] = {}
    for field, test in rules.checked:
        raw = getattr(instance, field.attname)
        if field.blank and raw in field.empty_values:
            continue
        if test is not None and test(raw):
            continue
        if isinstance(raw, DatabaseDefault):
            continue
        try:
            setattr(instance, field.attname, field.clean(raw, instance))
        except ValidationError as error:
            errors[field.name] = error.error_list
    field_rules = getattr(instance, "field_rules", None)
    if field_rules is not None:
        field_rules(rules.exclude, errors)
    return errors


def check_row(resource: Resource, row: Row, rules: ModelRules) -> None:
    """The model's own rules on the row's instance (full_clean, as `rules` say), each error
    at the column whose field broke it; one that belongs to no field is the row's. A cell
    that already has an error (it could not be read, or is empty) keeps that one."""
    instance = row.instance
    errors = clean_fields(instance, rules)
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
