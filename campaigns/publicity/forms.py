"""The form of a publicity item."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import Activity
from campaigns.publicity.models import Publicity
from ledgers.forms import ScopedModelForm


class PublicityForm(ScopedModelForm):
    """An item of a community or, with no community, of the whole office; it may report one of
    the activities of the last two years."""

    # The model's validator allows http and https only; a bare address is taken as https.
    link = forms.URLField(
        label=_("link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    class Meta:
        model = Publicity
        fields = ["community", "title", "kind", "outlet", "published_on", "link", "activity"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["community"].empty_label = _("Whole office")  # type: ignore[attr-defined]
        since = timezone.localdate() - timedelta(days=730)
        mine = Activity.objects.for_user(user)
        recent = mine.filter(held_on__gte=since).select_related("community")
        # An older activity the item reports stays a choice; an office-wide item's activity of
        # a community the user does not see stays linked, off their form.
        self.limit_choices("activity", recent.order_by("-held_on", "-pk"), visible=mine)
        if "activity" not in self.fields:
            return
        activity = self.fields["activity"]
        activity.label_from_instance = activity_label  # type: ignore[attr-defined]
        activity.help_text = _("The activity the item reports, if any (last two years).")


def activity_label(activity: Activity) -> str:
    return f"{activity.held_on:%Y-%m-%d} {activity.title}（{activity.area}）"
