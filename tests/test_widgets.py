"""QuickSelect writes what Django's Select writes, without a template per option."""

import re

from django import forms
from django.utils.safestring import mark_safe

from core.widgets import QuickSelect
from ledgers.models import Grid

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


def test_only_the_first_of_equal_values_is_selected_as_in_django() -> None:
    choices = [("1", "甲"), ("1", "乙"), ("2", mark_safe("<b>丙</b>"))]
    for widget in (forms.Select, forms.SelectMultiple):
        quick_class = type(
            "Quick", (QuickSelect,), {"allow_multiple_selected": widget is not forms.Select}
        )
        for value in ["1", ["1", "2"]]:
            django = widget(choices=choices).render("x", value, {"id": "x"})
            quick = quick_class(choices=choices).render("x", value, {"id": "x"})
            assert tidy(quick) == tidy(django), (widget, value)


def test_model_choices_as_in_django(grid_mc1: Grid) -> None:
    field = forms.ModelChoiceField(queryset=Grid.objects.select_related("community"))
    for value in [None, grid_mc1.pk, str(grid_mc1.pk)]:
        field.widget = forms.Select()
        field.widget.choices = field.choices
        django = field.widget.render("grid", value)
        field.widget = QuickSelect()
        field.widget.choices = field.choices
        quick = field.widget.render("grid", value)
        assert tidy(quick) == tidy(django), value
    assert f'<option value="{grid_mc1.pk}" selected>{grid_mc1}</option>' in quick


def test_the_area_filters_use_it() -> None:
    from ledgers.filters import community_filter, grid_filter

    assert isinstance(community_filter().field.widget, QuickSelect)
    assert isinstance(grid_filter().field.widget, QuickSelect)
