"""Pages of publicity items (宣传报道): list, export, detail, forms."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from campaigns.publicity.filters import PublicityFilter
from campaigns.publicity.forms import PublicityForm
from campaigns.publicity.models import Publicity
from campaigns.publicity.resources import PUBLICITY
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from sheets.views import ExportMixin


class PublicityListView(ObjectListView):
    model = Publicity
    title = _("Publicity")
    filterset_class = PublicityFilter
    search_fields = ["title", "outlet", "activity__title"]
    search_placeholder = _("Title, outlet or activity")
    select_related = ["community", "activity"]
    add_url_name = "campaigns:publicity_add"
    spreadsheet = PUBLICITY.key
    export_url_name = "campaigns:publicity_export"
    columns = [
        Column("published_on", _("published on"), sort="published_on"),
        Column("title", _("title"), sort="title", link=True),
        Column("get_kind_display", _("kind"), sort="kind"),
        Column("outlet", _("outlet")),
        Column("area", _("community")),
        Column("activity", _("activity reported")),
    ]
    empty_message = _(
        "No publicity recorded. Add each article, news item or board after it is published."
    )


class PublicityExportView(ExportMixin, PublicityListView):
    resource = PUBLICITY


class PublicityDetailView(ObjectDetailView):
    model = Publicity
    template_name = "campaigns/publicity_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("community", "activity__community")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        activity = self.object.activity
        context["activity_url"] = activity.get_absolute_url() if activity else ""
        return context


class PublicityCreateView(ObjectCreateView):
    model = Publicity
    form_class = PublicityForm
    success_message = _("The publicity item was added.")


class PublicityUpdateView(ObjectUpdateView):
    model = Publicity
    form_class = PublicityForm
    success_message = _("The publicity item was saved.")
