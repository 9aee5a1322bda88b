"""The activity month view (活动月历): the month's days with each day's activities."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from campaigns.activities.models import Activity, ActivityKind
from core.params import MAX_YEAR, MIN_YEAR, query_int
from ledgers.models import Community

K = ActivityKind
# A colour per kind, so that a month reads at a glance; meetings share one.
KIND_BADGES: dict[str, str] = {
    K.STUDY: "text-bg-primary",
    K.MOBILISATION: "text-bg-primary",
    K.FORUM: "text-bg-primary",
    K.POLICY_LECTURE: "text-bg-danger",
    K.PERFORMANCE: "text-bg-warning",
    K.TRAINING: "text-bg-info",
    K.SERVICE: "text-bg-success",
    K.ANTI_FRAUD: "text-bg-dark",
    K.FESTIVAL: "text-bg-warning",
    K.UNITY_MONTH: "text-bg-danger",
    K.OTHER: "text-bg-secondary",
}


def month_shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


@login_required
@permission_required("campaigns.view_activity", raise_exception=True)
def activity_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = query_int(request, "year", today.year, MIN_YEAR, MAX_YEAR)
    month = query_int(request, "month", today.month, 1, 12)
    user = request.user
    communities = list(Community.objects.for_user(user).order_by("code"))
    community = next((c for c in communities if str(c.pk) == request.GET.get("community")), None)
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    activities = (
        Activity.objects.for_user(user)
        .filter(held_on__range=(first, last))
        .select_related("community")
        .order_by("held_on", "starts_at", "pk")
    )
    if community is not None:
        activities = activities.filter(community=community)
    by_day: dict[date, list[Activity]] = defaultdict(list)
    for activity in activities:
        activity.badge = KIND_BADGES.get(activity.kind, "text-bg-secondary")  # type: ignore[attr-defined]
        by_day[activity.held_on].append(activity)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "today": day == today,
                "items": by_day[day],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    keep = f"&community={community.pk}" if community else ""
    previous, following = month_shift(year, month, -1), month_shift(year, month, 1)
    context: dict[str, Any] = {
        "year": year,
        "month": month,
        "first": first,
        "weeks": weeks,
        "busy_days": [(day, by_day[day]) for day in sorted(by_day) if by_day[day]],
        "total": sum(len(items) for items in by_day.values()),
        "communities": communities,
        "community": community,
        "previous_query": f"year={previous[0]}&month={previous[1]}{keep}",
        "next_query": f"year={following[0]}&month={following[1]}{keep}",
        "today_query": f"year={today.year}&month={today.month}{keep}",
        "list_query": f"held_on_after={first:%Y-%m-%d}&held_on_before={last:%Y-%m-%d}{keep}",
        "can_add": user.has_perm("campaigns.add_activity"),
        "today": today,
        "weekday_names": [WEEKDAYS_ABBR[day] for day in range(7)],
    }
    return render(request, "campaigns/activity_month.html", context)
