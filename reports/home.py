"""The home page ("/") of each role: the dashboard for leaders and county users, who see every
community; for everyone else their communities, grids and work."""

from __future__ import annotations

import calendar
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from campaigns.models import Visit
from casework.models import AssistanceCase, CaseState, Hazard
from core.calendar import reminders as calendar_reminders
from core.scope import sees_all_communities
from ledgers.areas.views import home_context
from reports.access import DASHBOARD_PERMISSION
from reports.dashboard.views import dashboard_context
from reports.drilldown import between, list_url


def my_work(user: Any) -> dict[str, Any]:
    """Three numbers of a staff member's own work, each a link to its list (three queries)."""
    work: dict[str, Any] = {}
    if user.has_perm("casework.view_hazard"):
        work["hazards"] = (
            Hazard.objects.for_user(user).needing(user).count(),
            list_url("casework:hazard_mine"),
        )
    if user.has_perm("casework.view_assistancecase"):
        in_notice = AssistanceCase.objects.for_user(user).filter(state=CaseState.PUBLICITY)
        work["publicity"] = (
            in_notice.count(),
            list_url("casework:assistance_list", state=CaseState.PUBLICITY),
        )
    if user.has_perm("campaigns.view_visit"):
        today = timezone.localdate()
        first = today.replace(day=1)
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        visits = Visit.objects.for_user(user).filter(visited_on__range=(first, last))
        work["visits"] = (
            visits.count(),
            list_url("campaigns:visit_list", **between("visited_on", first, last)),
        )
    return work


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if sees_all_communities(user) and user.has_perm(DASHBOARD_PERMISSION):
        return render(request, "reports/dashboard.html", dashboard_context(request))
    context = home_context(user)
    context["my_work"] = my_work(user)
    today = timezone.localdate()
    if user.has_perm(calendar_reminders.ENTER) and calendar_reminders.next_year_missing(
        today.year, today.month, 10
    ):
        context["calendar_missing"] = today.year + 1
    context["can_open_dashboard"] = user.has_perm(DASHBOARD_PERMISSION)
    return render(request, "reports/home.html", context)
