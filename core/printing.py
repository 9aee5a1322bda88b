"""Lists on paper: the filter in force in words, and "print all rows" (打印全部) of a list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import DateRangeField

from core import audit
from core.models import AuditAction

# 打印全部 prints at most this many rows; past it the page asks to narrow the filter or to
# export the list (a spreadsheet has no such limit, and 5,000 rows are already 150 pages).
PRINT_CAP = 5_000
PRINT_PARAM = "print"
PRINT_ALL = "all"


def printing_all(request: HttpRequest) -> bool:
    return request.GET.get(PRINT_PARAM) == PRINT_ALL


def _day(instant: datetime) -> date:
    return (timezone.localtime(instant) if timezone.is_aware(instant) else instant).date()


def _labels(choices: Any) -> dict[str, Any]:
    """Each choice's value → its label, the choices of groups (optgroups) included."""
    labels: dict[str, Any] = {}
    for key, label in choices:
        if isinstance(label, list | tuple):
            labels.update(_labels(label))
        else:
            labels[str(key)] = label
    return labels


def _shown(field: forms.Field, value: Any) -> str:
    """A filter's cleaned value as the form showed it: the label of a choice, the name of a
    row, a date range as 2026-01-01 – 2026-03-31."""
    from core.templatetags.tongxin import format_value

    if isinstance(field, forms.ModelMultipleChoiceField):
        return "、".join(str(item) for item in value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(value, slice):
        ends = [value.start, value.stop]
        if isinstance(field, DateRangeField):  # cleaned as the first and last instant of days
            ends = [_day(end) if end else None for end in ends]
        return " – ".join(format_value(end) if end is not None else "" for end in ends)
    if isinstance(field, forms.ChoiceField):
        labels = _labels(field.choices)
        if isinstance(value, list | tuple):
            return "、".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(value, bool | date | int | float):
        return format_value(value)
    return str(value)


def filters_in_words(
    filterset: Any, query: str = "", search_label: Any = ""
) -> list[tuple[str, str]]:
    """The filter in force as (label, value) pairs: what the list's filter form holds, read
    from its cleaned values, so a default the filter set puts in (在册) is said too."""
    pairs: list[tuple[str, str]] = []
    if query:
        pairs.append((str(search_label), query))
    form = getattr(filterset, "form", None)
    if form is None or not form.is_bound:
        return pairs
    form.is_valid()  # validated already by the list: this reads the cached result
    cleaned = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if value in EMPTY_VALUES or (isinstance(value, slice) and value == slice(None, None)):
            continue
        pairs.append((str(capfirst(field.label or name)), _shown(field, value)))
    return pairs


def log_print(request: HttpRequest, title: Any, rows: int) -> None:
    """Every row of a list on paper is a copy out of the system, like an export: logged the
    same way (who, what, how many rows, which filter), with the format "print"."""
    filters = {k: v for k, v in request.GET.items() if k not in {PRINT_PARAM, "page", "sort"} and v}
    audit.record(
        request, AuditAction.EXPORT, target=str(title), rows=rows, filters=filters, format="print"
    )
