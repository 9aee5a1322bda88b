"""Access requests (授权审批): the approvers' page and their two decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ledgers import grants
from ledgers.accounts import assignments_of
from ledgers.models import GrantState, RoleGrant

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
