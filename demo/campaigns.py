"""Demo campaigns, per community: two years of activities, 庙川's in the proportions an
experience report gives (DOMAIN.md §1), the others' as busy as their profiles say
(demo/profiles.py), each dated when it was written up; publicity about them, visits to most
minority households, the anti-fraud app in most homes, and this year's targets. Deterministic,
and once only: each part is skipped when its records exist."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from campaigns.models import (
    Activity,
    ActivityAttendee,
    ActivityKind,
    ActivityPhoto,
    AntiFraudCoverage,
    AntiFraudStatus,
    Indicator,
    Publicity,
    Target,
    Visit,
    VisitPurpose,
)
from core.people import person_name
from core.uploads.photos import photo_name
from demo import clock
from demo.accounts import STAFF
from demo.campaign_texts import FINDINGS, PARTICIPANTS, PUBLICITY_OUTLETS, REFUSALS, THEMES, TITLES
from demo.people_facts import PLANS
from demo.profiles import profile
from ledgers.models import (
    MINORITY_CODES,
    Community,
    Grid,
    Household,
    Place,
    PlaceKind,
    Resident,
    ResidentStatus,
)

K = ActivityKind
# Each community's activities a year are in its profile (demo/profiles.py); the office's own:
OFFICE_PER_YEAR = {K.STUDY: 4, K.MOBILISATION: 1, K.TRAINING: 1, K.UNITY_MONTH: 1}
OFFICE_ORGANISER = "社区党工委"
STARTS = (time(9, 0), time(9, 30), time(10, 0), time(14, 30), time(15, 0))
# Kinds held at a venue of the ledger when the community has one, and which.
VENUE_KINDS = {
    K.POLICY_LECTURE: (PlaceKind.RELIGIOUS, PlaceKind.CULTURAL),
    K.PERFORMANCE: (PlaceKind.CULTURAL,),
    K.FESTIVAL: (PlaceKind.CULTURAL, PlaceKind.GATHERING),
    K.UNITY_MONTH: (PlaceKind.CULTURAL,),
    K.ANTI_FRAUD: (PlaceKind.MARKET, PlaceKind.CULTURAL),
}
OUTDOOR_KINDS = {K.SERVICE, K.ANTI_FRAUD}
STREETS = {plan.name: plan.streets + plan.lanes for plan in PLANS}
NAMED_KINDS = {K.FORUM, K.TRAINING, K.STUDY}  # small sessions with a sign-in list of residents
PHOTO_EVERY = 9
PHOTO_COLOURS = ("#a61b29", "#1565c0", "#2e7d32", "#6a1b9a")

REPORTED_KINDS = {
    K.POLICY_LECTURE, K.PERFORMANCE, K.TRAINING, K.FESTIVAL, K.UNITY_MONTH, K.ANTI_FRAUD, K.FORUM,
    K.MOBILISATION,
}  # fmt: skip

REFUSED_SHARE = 0.05
PURPOSES = [
    (VisitPurpose.FESTIVAL, 30), (VisitPurpose.POLICY, 35), (VisitPurpose.HARDSHIP, 15),
    (VisitPurpose.SAFETY, 10), (VisitPurpose.MEDIATION, 5), (VisitPurpose.OTHER, 5),
]  # fmt: skip

OFFICE_TARGETS = [(Indicator.ASSISTANCE_APPLICATIONS, "", "100")]


def _spread(rng: random.Random, start: date, end: date, n: int) -> list[date]:
    """`n` days spread evenly over start..end, each somewhere in its share of the period."""
    days = (end - start).days + 1
    return sorted(start + timedelta(days=int(days * (i + rng.random()) / n)) for i in range(n))


def _share(n: int, fraction: float) -> int:
    return int(n * fraction + 0.5)


def _jpeg(text: str, colour: str, size: tuple[int, int]) -> bytes:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).text((16, 16), text, fill="white")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


class _Seeder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.communities = [
            c
            for c in Community.objects.filter(name__in=STAFF).order_by("code")
            if STAFF[c.name] in self.users
        ]
        self.pictures = {
            colour: (_jpeg("tongxin", colour, (640, 480)), _jpeg("tongxin", colour, (160, 120)))
            for colour in PHOTO_COLOURS
        }

    def staff(self, community: Community) -> Any:
        return self.users[STAFF[community.name]]

    def periods(self) -> list[tuple[date, date, float]]:
        """Last year, and this year up to today, with the share of the year each covers."""
        year = self.today.year
        elapsed = (self.today - date(year, 1, 1)).days + 1
        whole = (date(year, 12, 31) - date(year, 1, 1)).days + 1
        return [
            (date(year - 1, 1, 1), date(year - 1, 12, 31), 1.0),
            (date(year, 1, 1), self.today, elapsed / whole),
        ]

    # ---- activities ------------------------------------------------------------------------

    def activities(self) -> list[Activity]:
        rows: list[Activity] = []
        for community in [*self.communities, None]:
            plan = profile(community.name).activities if community else OFFICE_PER_YEAR
            places = list(Place.objects.filter(community=community)) if community else []
            for start, end, fraction in self.periods():
                for kind, n in plan.items():
                    for day in _spread(self.rng, start, end, max(1, _share(n, fraction))):
                        rows.append(self.activity(community, kind, day, places))
        return rows

    def activity(
        self, community: Community | None, kind: str, day: date, places: Sequence[Place]
    ) -> Activity:
        rng = self.rng
        venues = [p for p in places if p.kind in VENUE_KINDS.get(ActivityKind(kind), ())]
        place = rng.choice(venues) if venues and rng.random() < 0.8 else None
        low, high = PARTICIPANTS[kind]
        participants = rng.randint(low, high)
        share = 0.15 + rng.random() * 0.4
        starts = rng.choice(STARTS) if kind != K.PERFORMANCE else time(19, 30)
        name = community.name if community else ""
        where = f"{name}党群服务中心会议室" if community else "党工委会议室"
        if community and kind in OUTDOOR_KINDS:  # done in the streets and homes
            where = rng.choice(STREETS.get(community.name, (where,)))
        organiser = f"{name}党委" if community else OFFICE_ORGANISER
        title = rng.choice(TITLES[kind])
        minority = int(participants * share)
        return Activity(
            community=community,
            kind=kind,
            title=title,
            theme=THEMES[kind],
            held_on=day,
            starts_at=starts,
            ends_at=time(starts.hour + 2, starts.minute),
            place=place,
            place_text="" if place else where,
            organiser=organiser,
            participants=participants,
            minority_participants=minority,
            summary=f"{organiser}组织开展{title}，{participants}人参加，"
            f"其中少数民族群众{minority}人。",
        )

    def name_attendees(self, activities: list[Activity]) -> dict[int, list[int]]:
        """Small sessions of a community list their residents, and the counts follow the list
        (as campaigns.activities.rules.derive_counts would). Returns the residents by activity
        index, to be written once the activities have their keys."""
        named: dict[int, list[int]] = {}
        for community in self.communities:
            people = list(
                Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE)
                .filter(birth_date__lte=self.today - timedelta(days=18 * 366))
                .order_by("pk")
                .values_list("pk", "ethnicity")[:400]
            )
            for index, activity in enumerate(activities):
                if (
                    not people
                    or activity.community != community
                    or activity.kind not in NAMED_KINDS
                ):
                    continue
                chosen = self.rng.sample(people, min(len(people), self.rng.randint(8, 20)))
                named[index] = [pk for pk, _ethnicity in chosen]
                activity.participants = len(chosen)
                activity.minority_participants = sum(e in MINORITY_CODES for _pk, e in chosen)
                activity.summary = (
                    f"{activity.organiser}组织开展{activity.title}，{len(chosen)}人参加，"
                    f"其中少数民族群众{activity.minority_participants}人。"
                )
        return named

    def photos(self, activities: list[Activity]) -> None:
        photos = []
        for index, activity in enumerate(activities):
            if index % PHOTO_EVERY or activity.kind == K.OTHER:
                continue
            community = activity.community
            user = self.staff(community) if community else self.users.get("leader")
            if user is None:
                continue
            full, thumb = self.pictures[PHOTO_COLOURS[index % len(PHOTO_COLOURS)]]
            name = photo_name("jpg")
            photo = ActivityPhoto(
                activity=activity,
                uploaded_by=user,
                content_type="image/jpeg",
                caption=f"{activity.title}现场",
            )
            photo.image.save(name, ContentFile(full), save=False)
            photo.thumbnail.save(name.replace(".jpg", "-thumb.jpg"), ContentFile(thumb), save=False)
            photos.append(photo)
        ActivityPhoto.objects.bulk_create(photos)
        for photo in photos:  # uploaded when the activity was written up
            photo.uploaded_at = recorded(photo.activity)
        ActivityPhoto.objects.bulk_update(photos, ["uploaded_at"], batch_size=500)

    # ---- publicity -------------------------------------------------------------------------

    def publicity(self, activities: list[Activity]) -> list[Publicity]:
        rows: list[Publicity] = []
        kinds = list(PUBLICITY_OUTLETS)
        for community in [*self.communities, None]:
            mine = [
                a
                for a in activities
                if a.community_id == (community.pk if community else None)
                and (a.kind in REPORTED_KINDS or (a.kind == K.SERVICE and a.pk % 15 == 0))
            ]
            for start, end, fraction in self.periods():
                held = [a for a in mine if start <= a.held_on <= end]
                n = _share(profile(community.name).publicity if community else 4, fraction)
                for index, activity in enumerate(
                    sorted(self.rng.sample(held, min(n, len(held))), key=lambda a: a.held_on)
                ):
                    kind = kinds[index % len(kinds)]
                    outlet, link = PUBLICITY_OUTLETS[kind]
                    name = community.name if community else "社区党工委"
                    rows.append(
                        Publicity(
                            community=community,
                            title=f"{name}开展{activity.title}",
                            kind=kind,
                            outlet=outlet.format(community=name),
                            published_on=min(
                                self.today, activity.held_on + timedelta(self.rng.randint(0, 3))
                            ),
                            link=f"{link}{self.rng.getrandbits(64):016x}" if link else "",
                            activity=activity,
                        )
                    )
        return rows

    # ---- visits and the anti-fraud app -----------------------------------------------------

    def visits(self) -> None:
        rows: list[Visit] = []
        visitors: list[tuple[Visit, list[Any]]] = []
        workers = {
            g.pk: g.worker
            for g in Grid.objects.filter(worker__isnull=False).select_related("worker")
        }
        purposes = [p for p, _w in PURPOSES]
        weights = [w for _p, w in PURPOSES]
        for community in self.communities:
            staff = self.staff(community)
            households = list(
                Household.objects.filter(community=community)
                .minority()
                .order_by("pk")
                .values_list("pk", "grid_id")
            )
            shares = profile(community.name).visited
            for (start, end, _fraction), share in zip(
                self.periods(), reversed(shares), strict=True
            ):
                # Exactly the share, so that even a small community shows its intended rate.
                chosen = sorted(self.rng.sample(households, _share(len(households), share)))
                for pk, grid_id in chosen:
                    for day in _spread(self.rng, start, end, self.rng.choice((1, 1, 2))):
                        purpose = self.rng.choices(purposes, weights)[0]
                        findings, follow_up = FINDINGS[purpose]
                        visit = Visit(
                            household_id=pk,
                            community=community,
                            grid_id=grid_id,
                            visited_on=day,
                            purpose=purpose,
                            findings=findings,
                            follow_up=follow_up,
                            visitor_names=self.rng.choice(("", "", "楼栋长", "志愿者")),
                        )
                        rows.append(visit)
                        worker = workers.get(grid_id or 0)
                        visitors.append((visit, [staff, worker] if worker else [staff]))
        clock.stamp(rows, lambda v: clock.on(v.visited_on, time(17, 10)))
        bulk_create_with_history(rows, Visit, batch_size=500)
        through = Visit.visitors.through
        through.objects.bulk_create(
            [through(visit_id=v.pk, user_id=u.pk) for v, users in visitors for u in users],
            batch_size=1_000,
        )

    def anti_fraud(self) -> None:
        rows: list[AntiFraudCoverage] = []
        start = self.periods()[0][0]
        for community in self.communities:
            staff = self.staff(community)
            installed = profile(community.name).installed
            workers = {
                g.pk: person_name(g.worker)
                for g in Grid.objects.filter(
                    community=community, worker__isnull=False
                ).select_related("worker")
            }
            households = list(
                Household.objects.filter(community=community)
                .order_by("pk")
                .values_list("pk", "grid_id")
            )
            asked = self.rng.sample(households, _share(len(households), installed + REFUSED_SHARE))
            refusing = set(asked[_share(len(households), installed) :])
            for pk, grid_id in sorted(asked):
                refused = (pk, grid_id) in refusing
                rows.append(
                    AntiFraudCoverage(
                        household_id=pk,
                        status=AntiFraudStatus.REFUSED if refused else AntiFraudStatus.INSTALLED,
                        recorded_on=start
                        + timedelta(days=self.rng.randint(0, (self.today - start).days)),
                        recorded_by=staff,
                        installer="" if refused else workers.get(grid_id or 0, ""),
                        refused_reason=self.rng.choice(REFUSALS) if refused else "",
                    )
                )
        clock.stamp(rows, lambda c: clock.on(c.recorded_on, time(16, 0)))
        bulk_create_with_history(rows, AntiFraudCoverage, batch_size=500)

    def targets(self) -> None:
        year = self.today.year
        rows = [
            Target(
                community=community,
                year=year,
                indicator=indicator,
                activity_kind=kind,
                threshold=Decimal(threshold),
            )
            for community in self.communities
            for (indicator, kind), threshold in profile(community.name).targets.items()
        ]
        rows += [
            Target(community=None, year=year, indicator=i, activity_kind=k, threshold=Decimal(t))
            for i, k, t in OFFICE_TARGETS
        ]
        # Set at the office's first meeting of the year.
        clock.stamp(rows, lambda _t: clock.on(date(year, 1, 8), time(11, 0)))
        bulk_create_with_history(rows, Target)


@transaction.atomic
def seed_campaigns(seed: int = 2026) -> None:
    """The demo's campaigns; each part once only."""
    seeder = _Seeder(seed)
    if not seeder.communities:
        return
    if not Activity.objects.exists():
        activities = seeder.activities()
        named = seeder.name_attendees(activities)
        clock.stamp(activities, recorded)
        bulk_create_with_history(activities, Activity, batch_size=500)
        ActivityAttendee.objects.bulk_create(
            [
                ActivityAttendee(activity=activities[index], resident_id=pk)
                for index, residents in named.items()
                for pk in residents
            ],
            batch_size=1_000,
        )
        seeder.photos(activities)
        publicity = seeder.publicity(activities)
        clock.stamp(publicity, lambda p: clock.on(p.published_on, time(16, 30)))
        bulk_create_with_history(publicity, Publicity, batch_size=500)
    if not Visit.objects.exists():
        seeder.visits()
    if not AntiFraudCoverage.objects.exists():
        seeder.anti_fraud()
    if not Target.objects.exists():
        seeder.targets()
    clock.restamp(Activity, Publicity, Visit, AntiFraudCoverage, Target)


def recorded(activity: Activity) -> datetime:
    """When an activity was written up: an hour after it ended, the same day."""
    ended = activity.ends_at or time(17, 0)
    return clock.on(activity.held_on, time(min(ended.hour + 1, 22), ended.minute))
