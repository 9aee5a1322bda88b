"""Form widgets the lists share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's select.html, without a template
    rendered for each option. A county's lists offer its hundred communities and four hundred
    grids in their filters; through the templates those options took half of a page's time.

    The options, their values and the `selected` mark come from Django's own get_context, so
    what is chosen and how it is escaped are Django's."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group_name, options, _index in widget["optgroups"]:
            items = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], _attrs(option["attrs"]), option["label"]) for option in options),
            )
            if group_name:
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, items))
            else:
                parts.append(items)
        parts.append("</select>")
        return mark_safe("".join(parts))  # each part escaped above


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as Django's attrs.html writes them, in their order: True bare, False left
    out (flatatt would put the bare ones last)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )
