"""The admin: accounts and areas for the system administrator; the audit log read-only.

A role or community that shows residents' data is not granted here by anyone but a superuser:
the save turns it into an access request that a second person decides in the application
(ledgers.areas.grants), and says so.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from core import audit, credentials, params, versions
from core.models import AuditAction, AuditEvent
from ledgers.areas import grants
from ledgers.models import Assignment, Community, Grid, RoleGrant

User = get_user_model()


class VersionedAdminForm(forms.ModelForm):
    """The admin's form of a versioned row carries the version it showed, like every edit form:
    a save over someone else's newer one is refused (core.versions)."""

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
    list_display = ["name", "code", "short_code"]
    search_fields = ["name", "code", "short_code"]
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


def _awaits_approval(request: HttpRequest, grant: RoleGrant) -> None:
    messages.warning(
        request,
        _(
            "%(user)s: %(grant)s is not granted yet; it awaits approval by a security "
            "administrator or a leader."
        )
        % {"user": grant.user, "grant": grant.granted},
    )


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

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "is_staff" in form.base_fields:
            form.base_fields["is_staff"].help_text = _(
                "Lets this account into this administration site (/admin/). Tick it for the "
                "system administrator (系统管理员) only; the other roles work in the application "
                "and need it not. What an account may do comes from its role, not from this box."
            )
        if "groups" in form.base_fields and grants.needs_approval(request.user):
            names = "、".join(
                grants.sensitive_groups().order_by("name").values_list("name", flat=True)
            )
            form.base_fields["groups"].help_text = _(
                "Roles that show residents' data (%(roles)s) are granted once a security "
                "administrator or a leader approves them."
            ) % {"roles": names}
        return form

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Roles that show residents' data, added by anyone but a superuser, become requests."""
        user = form.instance
        withheld = []
        if "groups" in form.cleaned_data and grants.needs_approval(request.user):
            held = set(user.groups.all())
            sensitive = set(grants.sensitive_groups())
            wanted = list(form.cleaned_data["groups"])
            withheld = [g for g in wanted if g in sensitive and g not in held]
            form.cleaned_data["groups"] = [g for g in wanted if g not in withheld]
        super().save_related(request, form, formsets, change)
        for group in withheld:
            _awaits_approval(request, grants.request_role(user, group, request.user, request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Assignment and grants.needs_approval(request.user):
            save_assignments(request, formset)
        else:
            super().save_formset(request, form, formset, change)


def save_assignments(request: HttpRequest, formset: Any) -> None:
    """Save the assignments, except a new community for an account holding a role that shows
    residents' data: that becomes a request (the assignment row stays as it was)."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    withheld = []
    for form in formset.saved_forms:
        obj = form.instance
        widens = obj.pk is None or {"user", "community"} & set(form.changed_data)
        if widens and grants.holds_sensitive_role(obj.user):
            withheld.append(form)
            grant = grants.request_community(obj.user, obj.community, request.user, request)
            _awaits_approval(request, grant)
        else:
            obj.save()
    formset.saved_forms = [f for f in formset.saved_forms if f not in withheld]
    kept = {id(f.instance) for f in formset.saved_forms}
    formset.new_objects = [o for o in formset.new_objects if id(o) in kept]
    formset.changed_objects = [c for c in formset.changed_objects if id(c[0]) in kept]
    formset.save_m2m()


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    """The list of who works where; adding or moving an assignment is done on the account's
    page, where a community that shows residents' data becomes a request (superusers aside)."""

    list_display = ["user", "community"]
    list_filter = ["community"]
    search_fields = ["user__username", "community__name"]
    list_select_related = ["user", "community"]
    filter_horizontal = ["grids"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Access requests, read-only: they are decided in the application."""

    list_display = ["requested_at", "user", "granted", "requested_by", "state", "decided_by"]
    list_filter = ["state"]
    list_select_related = ["user", "group", "community", "requested_by", "decided_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
