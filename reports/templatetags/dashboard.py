"""The dashboard's figures tables, written in Python: a county's chart of a hundred communities
has three hundred linked figures, and a template node for each of them took a sixth of the page's
time at a million residents."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def figure_rows(rows: list[dict[str, Any]]) -> SafeString:
    """The rows of a chart's table (charts.table): the category, then each series' figure,
    linked to the rows behind it where it has a link, with its note."""
    return mark_safe(  # every part escaped below
        "".join(
            format_html(
                '<tr><th scope="row" class="fw-normal">{}</th>{}</tr>',
                linebreaksbr(row["category"]),
                mark_safe("".join(_figure(point) for point in row["points"])),
            )
            for row in rows
        )
    )


def _figure(point: dict[str, Any]) -> str:
    text = conditional_escape(localize(point.get("label") or point["value"]))
    if point.get("url"):
        text = format_html('<a href="{}">{}</a>', point["url"], text)
    if point.get("note"):
        text = format_html('{} <span class="text-danger-emphasis">{}</span>', text, point["note"])
    return f'<td class="text-end">{text}</td>'
