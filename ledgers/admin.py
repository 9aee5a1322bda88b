"""The admin: accounts and areas for the system administrator; the audit log read-only."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from ledgers import audit, credentials, params, versions
from ledgers.models import Assignment, AuditAction, AuditEvent, Community, Grid

User = get_user_model()


class VersionedAdminForm(forms.ModelForm):
    """The admin's form of a versioned row carries the version it showed, like every edit form:
    a save over someone else's newer one is refused (ledgers.versions)."""

    version_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_token"].initial = versions.token(self.instance)

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.instance.pk and self.has_changed():
            current = self.instance.version
            versions.check_form(self, self.cleaned_data.get("version_token"))
            if self.instance.version != current:  # said here; the UPDATE checks it again
                self.add_error(None, versions.CONFLICT_MESSAGE)


class GridInline(admin.TabularInline):
    model = Grid
    form = VersionedAdminForm
    extra = 0
    fields = ["code", "name", "worker"]
    autocomplete_fields = ["worker"]


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = ["name", "code", "short_code", "demonstration_level"]
    search_fields = ["name", "code", "short_code"]
    list_filter = ["demonstration_level"]
    inlines = [GridInline]


@admin.register(Grid)
class GridAdmin(SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = ["name", "code", "community", "worker"]
    list_filter = ["community"]
    search_fields = ["name", "code", "community__name"]
    list_select_related = ["community", "worker"]
    autocomplete_fields = ["worker"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    filter_horizontal = ["grids"]


admin.site.unregister(User)


@admin.register(User)
class TongxinUserAdmin(UserAdmin):
    inlines = [AssignmentInline]
    list_display = ["username", "last_name", "first_name", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Only a superuser makes superusers or hands out single permissions; the system
        # administrator works with the roles (groups).
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:  # a new account: its password is the administrator's choice
            credentials.password_set_by_administrator(obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """The admin's password form: a password set for someone else must be replaced by its
        owner at their next sign-in; one's own counts as changed."""
        accounts = User.objects.filter(pk=params.object_id(unquote(id)) or 0)  # 0: no account
        before = accounts.values_list("password", flat=True).first()
        response: HttpResponse = super().user_change_password(request, id, form_url)
        user = accounts.first()
        if user is None or user.password == before:
            return response
        if user.pk == request.user.pk:
            credentials.password_changed(user)
            audit.record(request, AuditAction.PASSWORD_CHANGED, target=f"user:{user.pk}")
        else:
            credentials.password_set_by_administrator(user)
            audit.record(
                request, AuditAction.PASSWORD_SET, target=f"user:{user.pk} {user.get_username()}"
            )
        return response


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "community"]
    list_filter = ["community"]
    search_fields = ["user__username", "community__name"]
    list_select_related = ["user", "community"]
    filter_horizontal = ["grids"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "username", "action", "outcome", "target", "ip"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "target"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
