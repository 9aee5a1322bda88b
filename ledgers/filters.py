"""Filter helpers every app's lists share (django-filter): choices of areas are the user's
own; years, date ranges and yes/no."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.widgets import DateRangeWidget

from core import params
from core.widgets import QuickSelect
from ledgers.models import (
    Community,
    Grid,
)


def my_communities(request: HttpRequest | None) -> QuerySet[Community]:
    if request is None:
        return Community.objects.none()
    return Community.objects.for_user(request.user)


def my_grids(request: HttpRequest | None) -> QuerySet[Grid]:
    """The user's grids; with a community chosen in the list's filter, that community's only
    (a grid of another community would list nobody: it is refused as a choice)."""
    if request is None:
        return Grid.objects.none()
    grids = Grid.objects.for_user(request.user).select_related("community")
    chosen = params.object_id(request.GET.get("community"))
    if chosen is not None:
        grids = grids.filter(community_id=chosen)
    return grids


def community_filter(path: str = "community") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=path, label=_("community"), queryset=my_communities, widget=QuickSelect
    )


class GridChoices(ModelChoiceIterator):
    """Grids under their communities' names, an <optgroup> each, when they are of more than
    one community (a county's four hundred); else just their names."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list[tuple[Any, str]]] = {}
        for grid in self.queryset:
            value = ModelChoiceIteratorValue(self.field.prepare_value(grid), grid)
            groups.setdefault(grid.community.name, []).append((value, grid.name))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
        else:
            yield from groups.items()


class GridField(django_filters.fields.ModelChoiceField):
    iterator = GridChoices


class GridFilter(django_filters.ModelChoiceFilter):
    field_class = GridField


def grid_filter(path: str = "grid") -> django_filters.ModelChoiceFilter:
    return GridFilter(field_name=path, label=_("grid"), queryset=my_grids, widget=QuickSelect)


class YearFilter(django_filters.NumberFilter):
    """A calendar year from params.MIN_YEAR to MAX_YEAR; any other value is a field error and
    an empty list (never a date the database cannot hold). On a date field (`dates`) it is the
    year's date range, which the field's index serves; otherwise the field holds the year."""

    field_class = forms.IntegerField

    def __init__(self, field_name: str | None = None, *, dates: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("year"))
        kwargs.setdefault("min_value", params.MIN_YEAR)
        kwargs.setdefault("max_value", params.MAX_YEAR)
        super().__init__(field_name=field_name, **kwargs)
        self.dates = dates

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in EMPTY_VALUES:
            return qs
        if not self.dates:
            return qs.filter(**{self.field_name: value})
        span = (date(value, 1, 1), date(value, 12, 31))
        return qs.filter(**{f"{self.field_name}__range": span})


class DateRangeInputs(DateRangeWidget):
    """Two date inputs named 起 and 止 to a screen reader; the list's label names the pair."""

    ends = (_("From"), _("To"))

    def __init__(self) -> None:
        super().__init__(attrs={"type": "date"})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for subwidget, end in zip(context["widget"]["subwidgets"], self.ends, strict=True):
            subwidget["attrs"]["aria-label"] = end
            subwidget["attrs"]["title"] = end
        return context


def date_range(label: Any) -> django_filters.DateFromToRangeFilter:
    """A from–to date filter: `<name>_after` and `<name>_before`, both days included."""
    return django_filters.DateFromToRangeFilter(label=label, widget=DateRangeInputs())


def days_of(value: slice) -> tuple[date | None, date | None]:
    """The first and last day of a date range filter's value (django-filter gives the ends as
    datetimes at the start and the end of their days); either may be None."""

    def day(end: Any) -> date | None:
        return end.date() if isinstance(end, datetime) else end

    return day(value.start), day(value.stop)


YES_NO = [("yes", _("Yes")), ("no", _("No"))]
