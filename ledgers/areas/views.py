"""Sign-in, changing one's password, the home page of each role, the areas (communities and
grids) and the access requests decided by a second person (the audit log is in areas.audit)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core import audit, credentials
from core.generic import Column, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.models import AuditAction, AuditEvent
from core.scope import sees_all_communities
from ledgers.areas import grants
from ledgers.areas.accounts import assignments_of
from ledgers.areas.filters import CommunityFilter
from ledgers.areas.forms import GridForm
from ledgers.extensions import community_prefetches, community_sections
from ledgers.models import Community, GrantState, Grid, RoleGrant


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: the person's own; also where the middleware sends whoever owes a new one."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["owed"] = credentials.change_owed(self.request.user)
        context["max_age_days"] = settings.PASSWORD_MAX_AGE_DAYS
        return context

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)  # saves, and keeps this session signed in
        credentials.password_changed(form.user)
        audit.record(self.request, AuditAction.PASSWORD_CHANGED, target=f"user:{form.user.pk}")
        messages.success(self.request, _("Your password was changed."))
        return response


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What django-axes shows when a username is locked (HTTP 429, in the user's language)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def home_context(user: Any) -> dict[str, Any]:
    """The staff home page's areas part: the user's communities and grids, what needs doing
    in them, and the audit summary for the auditor."""
    context: dict[str, Any] = {"sees_all": sees_all_communities(user)}
    if user.has_perm("ledgers.view_community"):
        communities = Community.objects.for_user(user).annotate(
            grid_count=Count("grids", distinct=True),
            unstaffed_count=Count("grids", filter=Q(grids__worker__isnull=True), distinct=True),
        )
        context["communities"] = communities
        context["unstaffed_grids"] = (
            Grid.objects.for_user(user).filter(worker__isnull=True).select_related("community")[:20]
        )
        context["my_grids"] = (
            Grid.objects.for_user(user)
            .filter(Q(worker=user) | Q(assignment__user=user))
            .select_related("community")
            .distinct()
        )
    if user.has_perm("core.view_auditevent"):
        week_ago = timezone.now() - timedelta(days=7)
        context["failed_logins_week"] = AuditEvent.objects.filter(
            action__in=[AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT], created_at__gte=week_ago
        ).count()
    return context


class CommunityListView(ObjectListView):
    model = Community
    filterset_class = CommunityFilter
    search_fields = ["name", "code"]
    search_placeholder = _("Name or area code")
    columns = [
        Column("name", _("name"), sort="name", link=True),
        Column("code", _("area code"), sort="code"),
        Column("grid_count", _("grids"), sort="grid_count"),
    ]
    empty_message = _(
        "You are not assigned to any community yet. Ask the system administrator to assign you."
    )

    def annotate(self, queryset: Any) -> Any:
        return queryset.annotate(grid_count=Count("grids"))


class CommunityDetailView(ObjectDetailView):
    model = Community
    template_name = "ledgers/community_detail.html"

    def get_queryset(self) -> Any:
        grids = Grid.objects.select_related("worker").order_by("code")
        others = community_prefetches(self.request.user)  # other apps' sections
        return super().get_queryset().prefetch_related(Prefetch("grids", queryset=grids), *others)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sections"] = community_sections(self.request.user)
        return context


class GridUpdateView(ObjectUpdateView):
    model = Grid
    form_class = GridForm
    success_message = _("The grid was saved.")

    def get_success_url(self) -> str:
        return self.object.community.get_absolute_url()


RECENT = 50


@login_required
@permission_required(grants.APPROVE, raise_exception=True)
def rolegrant_list(request: HttpRequest) -> HttpResponse:
    """The requests awaiting a decision (oldest first), each with what the account already
    holds, then the latest decisions."""
    related = ["user", "group", "community", "requested_by", "decided_by"]
    requests = RoleGrant.objects.for_user(request.user).select_related(*related)
    pending = list(
        requests.filter(state=GrantState.PENDING)
        .prefetch_related("user__groups")
        .order_by("requested_at", "pk")
    )
    for grant in pending:
        grant.held_roles = [group.name for group in grant.user.groups.all()]  # type: ignore[attr-defined]
        grant.held_communities = assignments_of(grant.user_id)  # type: ignore[attr-defined]
        grant.own = request.user.pk in (grant.requested_by_id, grant.user_id)  # type: ignore[attr-defined]
    decided = requests.exclude(state=GrantState.PENDING).order_by("-decided_at", "-pk")[:RECENT]
    context = {"pending": pending, "decided": decided}
    return render(request, "ledgers/rolegrant_list.html", context)


def _decide(request: HttpRequest, pk: int, approve: bool) -> HttpResponse:
    grant = get_object_or_404(RoleGrant.objects.for_user(request.user), pk=pk)
    try:
        if approve:
            grants.approve(grant, request.user, request)
        else:
            grants.refuse(grant, request.user, request.POST.get("reason", ""), request)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        done = _("Approved: %(grant)s.") if approve else _("Refused: %(grant)s.")
        messages.success(request, done % {"grant": grant})
    return redirect("ledgers:rolegrant_list")


@require_POST
@login_required
@permission_required(grants.APPROVE, raise_exception=True)
def rolegrant_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
@login_required
@permission_required(grants.APPROVE, raise_exception=True)
def rolegrant_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
