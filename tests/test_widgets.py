"""QuickSelect writes what Django's Select writes, without a template per option."""

import re

from django import forms

from core.widgets import QuickSelect

CHOICES = [
    ("", "---------"),
    ("1", "庙川社区"),
    ("2", 'Tom & "Jerry" <b>'),
    ("网格", [("g1", "第1网格"), ("g2", "第2网格")]),
]


def tidy(html: str) -> str:
    """Django's templates put line breaks and indents between the options."""
    return re.sub(r">\s+<", "><", html.strip())


def test_quick_select_writes_what_select_writes() -> None:
    attrs = {"class": "form-select", "aria-label": "社区", "id": "id_community", "required": True}
    for value in ["", "2", "g2", None, ["1"]]:
        django = forms.Select(choices=CHOICES).render("community", value, attrs)
        quick = QuickSelect(choices=CHOICES).render("community", value, attrs)
        assert tidy(quick) == tidy(django), value
    quick = QuickSelect(choices=CHOICES).render("community", "2", attrs)
    assert '<option value="2" selected>Tom &amp; &quot;Jerry&quot; &lt;b&gt;</option>' in quick


def test_the_area_filters_use_it() -> None:
    from ledgers.filters import community_filter, grid_filter

    assert isinstance(community_filter().field.widget, QuickSelect)
    assert isinstance(grid_filter().field.widget, QuickSelect)
