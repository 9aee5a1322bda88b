"""Form pieces every app's forms share: the scoped model form (choices of areas are the
user's own), the date input and the empty choice."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import versions
from ledgers.models import (
    Community,
    Grid,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPTY_CHOICE = _("— choose —")
# Religion and the sensitive tags (重点人员 …): seen, and so changed, only with this permission.
SENSITIVE = "ledgers.view_religion"


class ScopedModelForm(forms.ModelForm):
    """Limits community and grid choices to the user's scope; a single community is preselected.

    What the user may not see is neither on their page nor lost when they save: a field of
    `restricted_fields` is left off their form (a ModelForm saves only the fields it has), and
    a relation narrowed with `limit_choices` keeps the values it holds outside their view.
    """

    # Fields some users may neither see nor change: field name → the permission they need.
    restricted_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Values of a many-to-many field the user may not see, saved beside what they choose.
        self.kept: dict[str, list[Any]] = {}
        for name, permission in self.restricted_fields.items():
            if not user.has_perm(permission):
                self.fields.pop(name, None)
        communities = Community.objects.for_user(user)
        if "community" in self.fields:
            field = self.fields["community"]
            field.queryset = communities  # type: ignore[attr-defined]
            if (
                not self.instance.pk
                and len(ids := list(communities.values_list("pk", flat=True)[:2])) == 1
            ):
                field.initial = ids[0]
        if "grid" in self.fields:
            grids = Grid.objects.for_user(user).select_related("community")
            self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            choices = getattr(field, "choices", None)
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                field.choices = [
                    ("", EMPTY_CHOICE) if value == "" else (value, label)
                    for value, label in choices or []
                ]
            elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = EMPTY_CHOICE
            if isinstance(field, forms.DateField):
                field.widget = DATE
            if name.endswith("phone"):
                field.widget.attrs.setdefault("inputmode", "tel")

    @property
    def version_token(self) -> str:
        """The signed version of the row this form edits, for the page to send back."""
        if self.instance.pk and versions.is_versioned(self.instance):
            return versions.token(self.instance)
        return ""

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        versions.check_form(self, self.data.get(versions.VERSION_FIELD))

    def limit_choices(
        self, name: str, offered: QuerySet[Any], visible: QuerySet[Any] | None = None
    ) -> None:
        """Offer `offered` for the relation `name`, and keep what the row already holds.

        A value the user may see (one of `visible`; any value when it is None) stays among the
        choices even when it is no longer offered (a grid worker since deactivated …). A value
        they may not see is neither on the page nor lost: a single choice leaves the form, a
        multiple one is saved beside the values chosen (`clean`).
        """
        field = self.fields[name]
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        initial = self.get_initial_for_field(field, name)
        values = list(initial or []) if multiple else [initial] if initial not in (None, "") else []
        held = [getattr(value, "pk", value) for value in values]
        hidden: set[Any] = set()
        if held and visible is not None:
            hidden = set(held) - set(visible.filter(pk__in=held).values_list("pk", flat=True))
        shown = [pk for pk in held if pk not in hidden]
        if shown and offered is not visible:
            missing = set(shown) - set(offered.filter(pk__in=shown).values_list("pk", flat=True))
            if missing:
                extra = offered.model._default_manager.filter(pk__in=missing)
                offered = offered | (extra.distinct() if offered.query.distinct else extra)
        field.queryset = offered  # type: ignore[attr-defined]
        if not multiple:
            if hidden:
                del self.fields[name]
            return
        if hidden:
            self.initial[name] = shown
            self.kept[name] = [pk for pk in held if pk in hidden]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, pks in self.kept.items():
            if name in data:
                model = self.fields[name].queryset.model  # type: ignore[attr-defined]
                data[name] = [*data[name], *model._base_manager.filter(pk__in=pks)]
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        # A rule of the model may name a field this form leaves out (one the user may not see):
        # its message goes above the form rather than failing the page.
        if hasattr(errors, "error_dict"):
            regrouped: dict[str, list[ValidationError]] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                regrouped.setdefault(key, []).extend(messages)
            errors = ValidationError(regrouped)  # type: ignore[arg-type]
        super()._update_errors(errors)  # type: ignore[misc]
