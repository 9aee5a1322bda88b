"""Forms of the ledgers app; every choice of community is limited to the user's scope."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ledgers.models import Community, Grid, person_name


class GridForm(forms.ModelForm):
    class Meta:
        model = Grid
        fields = ["community", "name", "code", "worker"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communities = Community.objects.for_user(user)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        # A grid worker is someone who works in one of these communities.
        self.fields["worker"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(is_active=True, assignments__community__in=communities)
            .distinct()
            .order_by("username")
        )
        self.fields["worker"].label_from_instance = person_name  # type: ignore[attr-defined]
        self.fields["worker"].empty_label = _("(none)")  # type: ignore[attr-defined]
