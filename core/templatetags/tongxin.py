"""Template helpers of the generic pages."""

from datetime import date, datetime
from typing import Any

from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Model
from django.forms import BaseForm, BaseFormSet
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_filters import FilterSet

from core.people import person_name

register = template.Library()


@register.simple_tag
def cell(obj: Model, column: Any) -> Any:
    """`column.accessor` of `obj` (attributes, callables, `a__b` paths), linked if asked."""
    if column.url is not None:
        label = column.text or column.label
        return format_html('<a href="{}">{}</a>', column.url(obj), label)
    value: Any = obj
    for part in column.accessor.split("__"):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            break
    text = "—" if value in (None, "") else format_value(value)
    if column.link and hasattr(obj, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text)
    return text


def format_value(value: Any) -> str:
    """Tables show dates the way the office writes them: 2026-03-02, 2026-03-02 14:05."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(localize(value))


@register.filter
def person(user: Any) -> str:
    return person_name(user) if user else ""


@register.simple_tag
def sort_link(column: Any, current: str, querystring: str) -> str:
    """The query string that sorts by `column`, toggling the direction if it is the current one."""
    from django.http import QueryDict

    params = QueryDict(querystring, mutable=True)
    params["sort"] = f"-{column.sort}" if current == column.sort else column.sort
    return "?" + params.urlencode()


@register.filter
def query_items(query: Any) -> list[tuple[str, str]]:
    """Every (name, value) of a query string. `request.GET.items` in a template would read a
    parameter called "items" instead, which anyone can send."""
    return [(name, value) for name, values in query.lists() for value in values]


@register.filter
def yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


@register.simple_tag(takes_context=True)
def page_errors(context: template.Context) -> list[dict[str, str]]:
    """What went wrong, for the error summary at the top of the page: the error messages (a
    refused step), then what the page's forms (a list's filter among them) refused, each field's
    error with the id of its input (the summary's link to it)."""
    found = [
        {"id": "", "label": "", "message": str(message)}
        for message in context.get("messages") or []
        if message.level_tag == "error"
    ]
    forms: list[BaseForm] = []
    for value in context.flatten().values():
        if isinstance(value, BaseFormSet) and value.is_bound:
            forms += [form for form in value.forms if form not in forms]
            found += [{"id": "", "label": "", "message": str(e)} for e in value.non_form_errors()]
        elif isinstance(value, BaseForm) and value.is_bound and value not in forms:
            forms.append(value)
        elif isinstance(value, FilterSet) and value.is_bound and value.form not in forms:
            forms.append(value.form)  # a list's filter that refused a value
    for form in forms:
        if not form.errors:
            continue
        found += [{"id": "", "label": "", "message": str(e)} for e in form.non_field_errors()]
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            field = form[name]
            target = "" if field.is_hidden else field.id_for_label or f"{field.auto_id}_0"
            found += [{"id": target, "label": str(field.label), "message": str(e)} for e in errors]
    return found
