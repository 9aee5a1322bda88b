"""Transfers in the demo office: a household that moved 庙川→北环路 two months ago, one
proposed 8 working days ago that nobody has answered (overdue on the leaders' dashboard), and
one refused."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from core import workdays
from ledgers.models import Community, Grid, Household, ResidentStatus, Transfer
from ledgers.moves import transfers


def working_days_ago(days: int) -> datetime:
    day = timezone.localdate()
    while days:
        day -= timedelta(days=1)
        days -= workdays.is_working_day(day)
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def seed_transfers() -> None:
    users = get_user_model().objects
    staff_mc, staff_bh = users.get(username="staff_mc"), users.get(username="staff_bh")
    miaochuan = Community.objects.get(name="庙川社区")
    beihuan = Community.objects.get(name="北环路社区")
    families = (
        Household.objects.filter(community=miaochuan, dissolved_on__isnull=True)
        .annotate(on_register=Count("members", filter=Q(members__status=ResidentStatus.ACTIVE)))
        .filter(on_register__gte=2)
        .order_by("number")
    )
    moved, waiting, refused = list(families[:3])
    today = timezone.localdate()
    grid = Grid.objects.filter(community=beihuan).order_by("code").first()
    done = transfers.propose(moved, beihuan, today - timedelta(days=60), "购房迁居", staff_mc)
    transfers.accept(done, staff_bh, grid=grid)
    proposed = working_days_ago(8)
    late = transfers.propose(waiting, beihuan, proposed.date(), "投靠子女", staff_mc)
    Transfer.objects.filter(pk=late.pk).update(proposed_at=proposed)
    head = refused.members.filter(status=ResidentStatus.ACTIVE).order_by("pk")[0]
    no = transfers.propose([head], beihuan, today - timedelta(days=20), "租房居住", staff_mc)
    transfers.refuse(no, staff_bh, "经核实，该居民未在本社区租房居住")
