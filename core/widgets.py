"""Form widgets the lists share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's select.html, without a template
    rendered, nor a dict built, for each option. A county's lists offer its hundred communities
    and four hundred grids in their filters; through the templates those options took half of
    a page's time, and through Django's option dicts a fifth.

    Which options are selected follows Django's ChoiceWidget.optgroups: the value as
    format_value gives it, the first match only unless the widget allows several."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        several = self.allow_multiple_selected
        found = False

        def option(value: Any, label: Any) -> str:
            nonlocal found
            value = str(value)
            selected = (several or not found) and value in chosen
            found |= selected
            mark = " selected" if selected else ""
            return f'<option value="{escape(value)}"{mark}>{conditional_escape(label)}</option>'

        tag_attrs = self.build_attrs(self.attrs, attrs)
        if several:
            tag_attrs["multiple"] = True
        parts: list[str] = [format_html('<select name="{}"{}>', name, _attrs(tag_attrs))]
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                items = "".join(option(v, sub) for v, sub in label)
                parts.append(format_html('<optgroup label="{}">', value))
                parts.append(items)
                parts.append("</optgroup>")
            else:
                parts.append(option("" if value is None else value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # each value and label escaped above


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
