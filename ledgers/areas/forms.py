"""The form of a grid."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.people import person_name
from ledgers.forms import ScopedModelForm
from ledgers.models import (
    Community,
    Grid,
)


class GridForm(ScopedModelForm):
    class Meta:
        model = Grid
        fields = ["community", "name", "code", "worker"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        communities = Community.objects.for_user(user)
        # A grid worker is someone who works in one of these communities (the one the grid has
        # stays a choice after leaving: changing it is the editor's decision, not the form's).
        workers = (
            get_user_model()
            .objects.filter(is_active=True, assignments__community__in=communities)
            .distinct()
            .order_by("username")
        )
        self.limit_choices("worker", workers)
        self.fields["worker"].label_from_instance = person_name  # type: ignore[attr-defined]
        self.fields["worker"].empty_label = _("(none)")  # type: ignore[attr-defined]
