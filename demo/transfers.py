"""Transfers in the demo office: a household that moved 庙川→北环路 two months ago, one
proposed 8 working days ago that nobody has answered (overdue on the leaders' dashboard), and
one refused; and two people registered twice, as offices find them when their ledgers meet: in
站院巷 again, once under the old 15-digit number, once as another floating resident."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from core import workdays
from demo import clock
from ledgers.models import (
    Community,
    DocumentType,
    Grid,
    Household,
    ResidenceType,
    Resident,
    ResidentStatus,
)
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
    # Steps taken when they were, not when the demo was seeded.
    moved_on = today - timedelta(days=60)
    with clock.at(at_day(moved_on, 0, time(10, 15))):
        done = transfers.propose(moved, beihuan, moved_on, "购房迁居", staff_mc)
    with clock.at(at_day(moved_on, 1, time(15, 40))):
        transfers.accept(done, staff_bh, grid=grid)
    proposed = working_days_ago(8)
    with clock.at(proposed):
        transfers.propose(waiting, beihuan, proposed.date(), "投靠子女", staff_mc)
    head = refused.members.filter(status=ResidentStatus.ACTIVE).order_by("pk")[0]
    asked = today - timedelta(days=20)
    with clock.at(at_day(asked, 0, time(9, 40))):
        no = transfers.propose([head], beihuan, asked, "租房居住", staff_mc)
    with clock.at(at_day(asked, 3, time(11, 5))):
        transfers.refuse(no, staff_bh, "经核实，该居民未在本社区租房居住")
    seed_duplicates()


def at_day(day: date, days: int, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), clock))


def seed_duplicates() -> None:
    """Two residents of 北环路 and 庙川 registered again in 站院巷: one under the 15-digit number
    of an old identity card (其他证件), one with no document at all. The finder of duplicates
    shows both to the leaders."""
    zhanyuan = Community.objects.get(name="站院巷社区")
    people = Resident.objects.filter(
        status=ResidentStatus.ACTIVE,
        document_type=DocumentType.CITIZEN,
        birth_date__year__lt=2000,
        community__name__in=["北环路社区", "庙川社区"],
    ).order_by("community__code", "pk")
    first, second = people.filter(community__name="北环路社区")[0], people[0]
    for original, number in ((first, first.id_number[:6] + first.id_number[8:17]), (second, "")):
        with clock.at(clock.on(timezone.localdate() - timedelta(days=45), time(14, 0))):
            Resident.objects.create(
                community=zhanyuan,
                document_type=DocumentType.OTHER,
                id_number=number,
                name=original.name,
                gender=original.gender,
                birth_date=original.birth_date,
                ethnicity=original.ethnicity,
                phone=original.phone,
                residence_type=ResidenceType.FLOATING,
                current_address="站院巷12号",
                notes="由旧台账录入",
            )
