"""The indicator tree in /admin/: the system administrator keeps each year's items (an item with
its sub-items inline) and copies last year's tree to the next year."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns.assessment.models import AssessmentIndicator
from campaigns.assessment.steps import copy_tree
from ledgers.admin import VersionedAdminForm


class SubItemInline(admin.TabularInline):
    model = AssessmentIndicator
    form = VersionedAdminForm
    fk_name = "parent"
    extra = 0
    fields = [
        "year",
        "number",
        "name",
        "points",
        "evidence_required",
        "computed_from",
        "activity_kind",
    ]
    verbose_name = _("sub-item")
    verbose_name_plural = _("sub-items")


@admin.register(AssessmentIndicator)
class AssessmentIndicatorAdmin(SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = ["number", "name", "year", "points", "computed_from"]
    list_filter = ["year"]
    search_fields = ["number", "name"]
    ordering = ["-year", "sort_key"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    fields = [
        "year",
        "parent",
        "number",
        "name",
        "points",
        "evidence_required",
        "computed_from",
        "activity_kind",
    ]
    inlines = [SubItemInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=_("Copy the year's tree to the next year"))
    def copy_to_next_year(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for year in sorted(set(queryset.values_list("year", flat=True))):
            try:
                copied = copy_tree(year, year + 1)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(count)d items of %(year)s copied to %(next)s.")
                % {"count": copied, "year": year, "next": year + 1},
                messages.SUCCESS,
            )
