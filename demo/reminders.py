"""The demo's 督办 and notices: the leader's orders on two long-overdue hazards (one of them
past its date, so the 通报 lists it), then the reminder rules run once, so that every demo
account finds its inbox as the hourly timer would have left it."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.hazards import workflow
from casework.models import Hazard
from core.notices import runner
from demo import clock


def seed_reminders() -> None:
    today = timezone.localdate()
    leader = get_user_model().objects.get(username="leader")
    overdue = [h for h in Hazard.objects.open().order_by("deadline") if h.days_overdue(today) > 0]
    by_community: dict[int, Hazard] = {}
    for hazard in overdue:
        by_community.setdefault(hazard.community_id, hazard)
    first, *others = sorted(by_community.values(), key=lambda h: h.community.code)
    issued = today - timedelta(days=20)
    if first.deadline and first.days_overdue(issued) > 0:
        with clock.at(clock.on(issued, time(10, 30))):
            workflow.supervise(
                first,
                leader,
                "逾期未整改，存在安全隐患，请立即落实整改措施，按期销号。",
                today - timedelta(days=5),
                today=issued,
            )
    for hazard in others[:1]:
        issued = today - timedelta(days=2)
        if hazard.days_overdue(issued) <= 0:
            issued = today
        with clock.at(clock.on(issued, time(9, 50))):
            workflow.supervise(
                hazard,
                leader,
                "整改进度滞后，请社区督促责任单位加快整改，每周报告进展。",
                today + timedelta(days=10),
                today=issued,
            )
    runner.run(today=today)
