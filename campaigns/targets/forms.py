"""The form of a yearly target, of a community or of the whole office."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from campaigns.office_wide import WHOLE_OFFICE_CHOICE
from campaigns.targets.models import Target
from ledgers.forms import ScopedModelForm


class TargetForm(ScopedModelForm):
    """A yearly target of a community or, with no community, of the whole office."""

    class Meta:
        model = Target
        fields = ["community", "year", "indicator", "activity_kind", "threshold", "notes"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        community = self.fields["community"]
        community.required = False
        community.empty_label = WHOLE_OFFICE_CHOICE  # type: ignore[attr-defined]
        year = timezone.localdate().year
        self.fields["year"].widget.attrs.update(min=2000, max=year + 1)
        self.fields["threshold"].widget.attrs.update(min=0, step=1, inputmode="decimal")
        if not self.instance.pk:
            self.fields["year"].initial = year
