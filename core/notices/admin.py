"""The reminder rules in /admin/: on or off, and their thresholds."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from core.notices import registry, runner
from core.notices.models import RuleSetting


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "enabled", "thresholds", "explained"]
    list_editable = ["enabled", "thresholds"]
    fields = ["rule", "explained", "enabled", "thresholds"]
    readonly_fields = ["rule", "explained"]

    @admin.display(description=_("what it does"))
    def explained(self, setting: RuleSetting) -> str:
        rule = registry.RULES.get(setting.rule)
        return str(rule.help) if rule else "—"

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        runner.ensure_settings()  # every rule listed, with its defaults, before the first run
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the rules are the apps'; their rows are made for them

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
