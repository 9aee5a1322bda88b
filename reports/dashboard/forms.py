"""The dashboard's filter: a year, a quarter of it (or the whole year), a community."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.widgets import QuickSelect
from ledgers.models import Community

QUARTERS = [("", gettext_lazy("Whole year"))] + [
    (str(q), gettext_lazy("Quarter %(quarter)d") % {"quarter": q}) for q in range(1, 5)
]


class DashboardFilter(forms.Form):
    """Year, quarter and community; a value outside the choices falls back to the default."""

    year = forms.TypedChoiceField(label=gettext_lazy("year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("quarter"), choices=QUARTERS, coerce=int, required=False
    )
    community = forms.TypedChoiceField(
        label=gettext_lazy("community"), coerce=int, required=False, widget=QuickSelect
    )

    def __init__(self, data: Any, *, years: list[int], communities: list[Community]) -> None:
        super().__init__(data, initial={"year": timezone.localdate().year})
        year, community = self.fields["year"], self.fields["community"]
        assert isinstance(year, forms.ChoiceField) and isinstance(community, forms.ChoiceField)
        year.choices = [(str(y), str(y)) for y in years]
        everyone = _("All my communities") if len(communities) > 1 else _("All")
        community.choices = [("", everyone)] + [(str(c.pk), c.name) for c in communities]
        for name, field in self.fields.items():
            field.widget.attrs.update(
                {"class": "form-select", "id": f"id_{name}", "aria-label": str(field.label)}
            )

    def value(self, name: str, default: Any) -> Any:
        if not self.is_valid():  # one bad value: keep the others that are good
            raw = self.data.get(name)
            field = self.fields[name]
            try:
                return field.clean(raw) if raw not in (None, "") else default
            except forms.ValidationError:
                return default
        return self.cleaned_data.get(name) or default
