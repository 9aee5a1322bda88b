"""Demo casework, per community as its profile says (demo/profiles.py: 庙川 busiest, 站院巷
least): a year of inspections, hazards and assistance cases in every state of their workflows
(made through the workflow functions, so every step has its action, each taken on its own day
by demo.clock; most hazards come from the inspections' failed items), and this year's
insurance enrolments of most residents."""

from __future__ import annotations

import io
import random
from contextlib import AbstractContextManager, nullcontext
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from casework.assistance.models import PUBLICISED_KINDS, RECHECKED_KINDS
from casework.hazards import workflow
from casework.inspections import workflow as inspection_workflow
from casework.insurance.models import PENSION_AGE, PENSION_FROM_AGE
from casework.models import (
    AssistanceCase,
    AssistanceKind,
    CaseState,
    ChecklistItem,
    EnrolmentStatus,
    Hazard,
    HazardAction,
    HazardLevel,
    HazardPhoto,
    HazardSource,
    IncomeCheck,
    Inspection,
    InspectionItem,
    InspectionResult,
    InsuranceEnrolment,
    InsuranceScheme,
    PaymentMethod,
    ReasonCategory,
)
from core.people import person_name
from core.uploads.photos import photo_name
from demo import clock
from demo.accounts import STAFF
from demo.profiles import profile
from ledgers.codes import HazardCategory
from ledgers.models import Community, Place, PlaceKind, Resident, ResidentStatus

FINDINGS = {
    "fire": ("灭火器", "灭火器过期，压力不足"),
    "electric": ("大殿电路", "电线老化，接头裸露"),
    "gas": ("厨房燃气", "燃气软管老化，无报警器"),
    "structure": ("围墙", "围墙局部开裂"),
    "evacuation": ("安全出口", "安全出口堆放杂物"),
    "open_flame": ("香炉", "香烛燃放点靠近木质结构"),
    "crowd": ("礼拜大殿", "节日人员聚集，无疏导方案"),
    "food": ("伙房", "食品留样记录不全"),
    "geology_flood": ("后院排水沟", "排水沟堵塞，雨季易积水"),
    "public_order": ("大门", "监控摄像头损坏"),
    "other": ("院内", "健身器材松动"),
}

# What an inspector writes against a failed item, two ways each.
CHECKLIST_FINDINGS = {
    "structure": ("围墙局部开裂", "大殿屋檐瓦片松动"),
    "fire_equipment": ("灭火器过期，压力不足", "消火栓被杂物遮挡"),
    "wiring": ("电线老化，接头裸露", "私拉乱接电线，未穿管"),
    "exits": ("安全出口堆放杂物", "疏散指示灯损坏"),
    "incense": ("香烛燃放点靠近木质结构", "明火无人看管"),
    "gas": ("燃气软管老化，无报警器", "液化气瓶与灶具距离不足"),
    "food": ("食品留样记录不全", "从业人员健康证过期"),
    "crowd": ("节日人员聚集，无疏导方案", "大型活动未提前报备"),
    "flood_geology": ("排水沟堵塞，雨季易积水", "后墙边坡有落石"),
    "construction": ("施工区域未设围挡", "在建工程无专人看护"),
}
# How often an item does not apply, by kind of place (a free location counts as OTHER).
NOT_APPLICABLE: dict[str, dict[str, float]] = {
    PlaceKind.RELIGIOUS: {"construction": 0.7, "food": 0.3},
    PlaceKind.GATHERING: {"incense": 0.9, "food": 0.6, "construction": 0.7, "crowd": 0.3},
    PlaceKind.CULTURAL: {"incense": 0.95, "gas": 0.6, "food": 0.7, "construction": 0.8},
}
OTHER_NOT_APPLICABLE = {"incense": 0.8, "food": 0.5, "construction": 0.5, "crowd": 0.5}
FREE_LOCATIONS = ["清真寺巷12号院", "团结巷民居", "社区老年活动站"]
FAIL_RATE = 0.1
FRESH_DAYS = 14  # failed items of inspections this recent still wait to be turned into hazards
OTHER_SOURCES = [HazardSource.VISIT, HazardSource.REPORT, HazardSource.ASSIGNED]


def _photo(text: str, colour: str) -> ContentFile[bytes]:
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).text((20, 20), text, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue())


def _attach(hazard: Hazard, stage: str, user: Any, action: HazardAction | None = None) -> None:
    name = photo_name("jpg")
    photo = HazardPhoto(
        hazard=hazard, action=action, stage=stage, uploaded_by=user, content_type="image/jpeg"
    )
    colour = {"before": "#a61b29", "after": "#2e7d32"}.get(stage, "#1565c0")
    photo.image.save(name, _photo(hazard.number, colour), save=False)
    photo.thumbnail.save(
        name.replace(".jpg", "-thumb.jpg"), _photo(hazard.number, colour), save=False
    )
    photo.save()


def _answers(rng: random.Random, kind: str, must_fail: str = "") -> list[Any]:
    not_applicable = NOT_APPLICABLE.get(kind, OTHER_NOT_APPLICABLE)
    answers = []
    for item in ChecklistItem.values:
        if item == must_fail or rng.random() < FAIL_RATE:
            note = rng.choice(CHECKLIST_FINDINGS[item])
            answers.append(inspection_workflow.Answer(item, InspectionResult.FAIL, note))
        elif rng.random() < not_applicable.get(item, 0.0):
            answers.append(inspection_workflow.Answer(item, InspectionResult.NOT_APPLICABLE))
        else:
            answers.append(inspection_workflow.Answer(item, InspectionResult.PASS))
    return answers


@transaction.atomic
def seed_inspections(seed: int = 2026, per_community: int | None = None) -> None:
    """A year of inspections at each community's places (as many as its profile says, or
    `per_community`), newest with a failed item to raise; each written up the day it was done."""
    if Inspection.objects.exists():
        return
    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.all()}
    today = timezone.localdate()
    for community in Community.objects.order_by("code"):
        staff = users.get(STAFF.get(community.name, ""))
        if staff is None:
            continue
        count = per_community or profile(community.name).inspections
        every = max(1, 360 // count)  # days between two inspections
        places = list(Place.objects.filter(community=community).order_by("pk"))
        for index in range(count):
            place = places[index % len(places)] if places and index % 6 else None
            inspection = Inspection(
                community=community,
                place=place,
                location="" if place else FREE_LOCATIONS[index % len(FREE_LOCATIONS)],
                inspected_on=today - timedelta(days=2 + index * every + rng.randint(0, every - 3)),
                inspectors=f"{person_name(staff)}、{rng.choice(['马强', '杨海', '丁红'])}",
            )
            kind = place.kind if place else PlaceKind.OTHER
            answers = _answers(rng, kind, must_fail="fire_equipment" if index == 0 else "")
            with clock.at(clock.on(inspection.inspected_on, time(15, 20 + index % 30))):
                inspection_workflow.record_inspection(inspection, answers, staff)


def _failed_items(community: Community) -> list[InspectionItem]:
    """Failed items not yet raised, oldest first, but for the fresh ones left to the user."""
    fresh = timezone.localdate() - timedelta(days=FRESH_DAYS)
    return list(
        InspectionItem.objects.filter(
            inspection__community=community,
            inspection__inspected_on__lt=fresh,
            result=InspectionResult.FAIL,
            hazard__isnull=True,
        )
        .select_related("inspection")
        .order_by("inspection__inspected_on", "pk")
    )


# Where a hazard stands, by how long ago it was found (the older, the likelier closed).
REGISTERED, IN_PROGRESS, OVERDUE, UNDER_REVIEW, CLOSED = range(5)


def _stage(index: int, age: int, newest: int) -> int:
    """`newest`: 0 for the hazard found last, 1 for the one before …"""
    if newest < 2:
        return REGISTERED
    if newest < 5 or age < 10:
        return IN_PROGRESS
    if newest < 7:
        return UNDER_REVIEW
    if age < 45:
        return (IN_PROGRESS, OVERDUE, UNDER_REVIEW, CLOSED, CLOSED)[index % 5]
    return OVERDUE if index % 14 == 3 else CLOSED  # a few long overdue: the 督办 cases


@transaction.atomic
def seed_hazards(seed: int = 2026, per_community: int | None = None) -> None:
    """Each community's hazards (as many as its profile says, or `per_community`): first its
    inspections' failed items, then ones found on visits, reported or assigned; the older the
    likelier closed. Every step is taken on its own day: found, registered, assigned the next
    day, rectified, submitted, reviewed and closed."""
    if Hazard.objects.exists():
        return
    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.all()}
    leader = users["leader"]
    today = timezone.localdate()
    categories = list(HazardCategory.values)
    for community in Community.objects.order_by("code"):
        staff = users.get(STAFF.get(community.name, ""))
        if staff is None:
            continue
        count = per_community or profile(community.name).hazards
        places: list[Place | None] = [*Place.objects.filter(community=community)] or [None]
        found: list[tuple[date, InspectionItem | None]] = [
            (item.inspection.inspected_on, item) for item in _failed_items(community)[:count]
        ]
        found += [
            (today - timedelta(days=rng.randint(3, 330)), None) for _ in range(count - len(found))
        ]
        found.sort(key=lambda pair: pair[0])
        for index, (found_on, item) in enumerate(found):
            stage = _stage(index, (today - found_on).days, len(found) - 1 - index)
            with clock.at(clock.on(found_on, time(16, 10))):  # 排查 → 登记, the same afternoon
                if item is not None:
                    hazard = inspection_workflow.raise_hazard(item, staff)
                else:
                    category = categories[index % len(categories)]
                    location, description = FINDINGS[category]
                    hazard = Hazard(
                        community=community,
                        place=rng.choice(places),
                        location=location,
                        description=description,
                        category=category,
                        source=OTHER_SOURCES[index % len(OTHER_SOURCES)],
                        found_on=found_on,
                        found_by=person_name(staff),
                    )
                    workflow.register(hazard, staff)
                _five_fixes(hazard, rng, leader, index, stage, today)
                _attach(hazard, "before", staff)
            if stage != REGISTERED:
                _rectify(hazard, rng, staff, leader, index, stage, today)


def _five_fixes(
    hazard: Hazard, rng: random.Random, leader: Any, index: int, stage: int, today: date
) -> None:
    """The 五定 filled in at registration: a deadline the hazard keeps, misses or beats."""
    found = hazard.found_on
    days = rng.choice([7, 15, 30, 60])
    if stage == OVERDUE:  # past it now
        days = min(days, (today - found).days - 1)
    hazard.level = HazardLevel.MAJOR if index % 13 == 0 else HazardLevel.ORDINARY
    hazard.responsible_unit = "场所管委会"
    hazard.responsible_person = rng.choice(["马福", "丁文", "杨明", "白建军"])
    hazard.responsible_phone = f"139{rng.randint(10_000_000, 99_999_999)}"
    hazard.measures = "按要求整改并建立台账"
    hazard.funding = Decimal(rng.choice([0, 500, 1200, 3000, 8000]))
    hazard.deadline = found + timedelta(days=days)
    if stage in (REGISTERED, IN_PROGRESS, UNDER_REVIEW) and hazard.deadline <= today:  # not late
        hazard.deadline = today + timedelta(days=rng.randint(3, 40))
    hazard.reviewer = leader
    hazard.save()


def _rectify(
    hazard: Hazard,
    rng: random.Random,
    staff: Any,
    leader: Any,
    index: int,
    stage: int,
    today: date,
) -> None:
    """交办 the next working morning, then progress, 提交复查 and 销号, each on its day."""
    found = hazard.found_on
    assigned = min(found + timedelta(days=1), today)
    with clock.at(clock.on(assigned, time(9, 40))):
        if hazard.level == HazardLevel.MAJOR:  # reported upward once assigned
            workflow.report_upward(hazard, staff, "城关街道党工委", on=assigned)
        workflow.assign(hazard, staff, "请按期整改", today=assigned)
    if stage == OVERDUE:
        return  # past the deadline: the overdue list
    assert hazard.deadline is not None
    if stage == IN_PROGRESS:
        progress = assigned + timedelta(days=max(0, (today - assigned).days // 2))
    else:
        progress = assigned + timedelta(days=rng.randint(1, 4))
    with clock.at(clock.on(min(progress, today), time(11, 30))):
        workflow.report_progress(hazard, staff, "正在整改")
    if stage == IN_PROGRESS:
        if index % 4 == 1:
            with clock.at(clock.on(min(progress + timedelta(days=1), today), time(15, 5))):
                workflow.request_extension(
                    hazard, staff, hazard.deadline + timedelta(days=15), "材料未到货"
                )
        return
    if stage == UNDER_REVIEW:  # submitted in the last days, the leader has yet to look
        completed = max(progress, min(hazard.deadline, today - timedelta(days=rng.randint(0, 4))))
    else:  # done by the deadline, now and then a few days late
        late = rng.randint(1, 6) if index % 9 == 0 else 0
        latest = today - timedelta(days=4)
        completed = min(max(hazard.deadline + timedelta(days=late - rng.randint(0, 5)), progress),
                        latest)  # fmt: skip
        completed = max(completed, progress)
    with clock.at(clock.on(completed, time(17, 0))):
        action = workflow.submit_for_review(hazard, staff, "整改完成", completed_on=completed)
        _attach(hazard, "after", staff, action)
    if stage == CLOSED:
        reviewed = min(completed + timedelta(days=rng.randint(1, 3)), today)
        with clock.at(clock.on(reviewed, time(10, 15))):
            workflow.pass_review(hazard, leader, "现场复查合格")


# Shares of residents by outcome, cumulative: enrolled, insured elsewhere, asked but not
# enrolled; the rest have no row (the gap list).
MEDICAL_SHARES = (0.86, 0.92, 0.95)
PENSION_SHARES = (0.70, 0.84, 0.90)
ELDERLY_SHARES = (0.78, 0.90, 0.90)
HELPED_SHARE = 0.15


def _status(rng: random.Random, shares: tuple[float, float, float]) -> str | None:
    draw = rng.random()
    if draw < shares[0]:
        return EnrolmentStatus.ENROLLED
    if draw < shares[1]:
        return EnrolmentStatus.OTHER
    if draw < shares[2]:
        return EnrolmentStatus.NOT_ENROLLED
    return None


@transaction.atomic
def seed_insurance(seed: int = 2026) -> None:
    """This year's medical and pension enrolments of the demo communities' residents, with a
    realistic gap and some enrolments the community helped with. Once only."""
    if InsuranceEnrolment.objects.exists():
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    year = today.year
    staff = {u.username: u for u in get_user_model().objects.filter(username__in=STAFF.values())}
    residents = (
        Resident.objects.filter(status=ResidentStatus.ACTIVE, community__name__in=STAFF)
        .order_by("pk")
        .values_list("pk", "birth_date", "community__name")
    )
    rows = []
    for pk, birth_date, community in residents:
        helper = staff.get(STAFF[community])
        age = year - birth_date.year
        plans = [(InsuranceScheme.MEDICAL, MEDICAL_SHARES)]
        if age >= PENSION_FROM_AGE:
            shares = ELDERLY_SHARES if age >= PENSION_AGE else PENSION_SHARES
            plans.append((InsuranceScheme.PENSION, shares))
        for scheme, shares in plans:
            status = _status(rng, shares)
            if status is None:
                continue
            helped = status == EnrolmentStatus.ENROLLED and rng.random() < HELPED_SHARE
            enrolled_on = date(year, 1, 2) + timedelta(days=rng.randint(0, 90))
            rows.append(
                InsuranceEnrolment(
                    resident_id=pk,
                    scheme=scheme,
                    year=year,
                    status=status,
                    enrolled_on=min(enrolled_on, today)
                    if status == EnrolmentStatus.ENROLLED
                    else None,
                    helped_by_community=helped,
                    helper=helper if helped else None,
                )
            )
    # Recorded on the day of enrolment; the others when the community asked, in the spring.
    clock.stamp(
        rows,
        lambda r: clock.on(
            r.enrolled_on or date(year, 3, 1) + timedelta(days=r.resident_id % 45), time(15, 0)
        ),
    )
    bulk_create_with_history(rows, InsuranceEnrolment, batch_size=1_000)
    clock.restamp(InsuranceEnrolment)


# ---- assistance cases -----------------------------------------------------------------------

CASE_PATH: list[str] = [
    CaseState.DRAFT,
    CaseState.ACCEPTED,
    CaseState.INVESTIGATING,
    CaseState.PUBLICITY,
    CaseState.STREET_REVIEW,
    CaseState.CIVIL_APPROVAL,
    CaseState.APPROVED,
    CaseState.PAYING,
    CaseState.STOPPED,
]
REASONS = {
    ReasonCategory.ILLNESS: "户主患病住院，医疗支出大，家庭收入难以维持基本生活",
    ReasonCategory.ACCIDENT: "家中发生火灾，生活用品损毁",
    ReasonCategory.UNEMPLOYMENT: "夫妻双方失业，暂无收入来源",
    ReasonCategory.DISASTER: "暴雨致房屋漏水受损",
    ReasonCategory.SCHOOLING: "子女考入大学，学费无力负担",
    ReasonCategory.LOW_INCOME: "家庭人均收入低于当地低保标准",
    ReasonCategory.OTHER: "其他原因导致生活困难",
}
MONTHLY_STANDARD = {  # yuan a month for 低保 and 特困, one-off sums for the rest
    AssistanceKind.MINIMUM_LIVING: Decimal("780"),
    AssistanceKind.EXTREME_POVERTY: Decimal("1020"),
    AssistanceKind.TEMPORARY: Decimal("2000"),
    AssistanceKind.MEDICAL: Decimal("5000"),
    AssistanceKind.HOUSING: Decimal("600"),
    AssistanceKind.OTHER: Decimal("500"),
}


def advance_to(
    case: AssistanceCase, target: str, user: Any, decider: Any = None, *, dated: bool = False
) -> None:
    """Take a drafted case through the workflow, step by step, until it is in `target`.

    Each step is dated from the application day, as the office would have done it; `dated`
    also takes each step on that day (its timeline and history say so), never after today.
    """
    from casework.assistance import workflow as steps

    decider = decider or user
    start = case.applied_on
    today = timezone.localdate()

    def on(days: int, clock_time: time = time(10, 0)) -> AbstractContextManager[Any]:
        day = min(start + timedelta(days=days), today)
        return clock.at(clock.on(day, clock_time)) if dated else nullcontext()

    if target == CaseState.REFUSED:
        advance_to(case, CaseState.CIVIL_APPROVAL, user, decider, dated=dated)
        with on(40, time(15, 30)):
            steps.refuse(case, decider, "家庭人均收入高于当地低保标准", start + timedelta(days=40))
        return
    for state in CASE_PATH[CASE_PATH.index(case.state) + 1 : CASE_PATH.index(target) + 1]:
        if state == CaseState.ACCEPTED:
            with on(1, time(9, 20)):
                steps.accept(case, user, "材料齐全")
        elif state == CaseState.INVESTIGATING:
            with on(2, time(14, 40)):
                steps.start_investigation(case, user, "已入户调查")
            income = Decimal(300 + case.pk % 7 * 150)
            size = case.family_size or 3
            checked = start + timedelta(days=5)
            with on(5, time(16, 0)):
                steps.record_income_check(
                    case, user, IncomeCheck.ELIGIBLE, income, size, "经核查符合条件", checked
                )
        elif state == CaseState.PUBLICITY and case.needs_publicity:
            with on(10, time(9, 0)):
                steps.start_publicity(case, user, start + timedelta(days=10), opinion="同意上报")
        elif state == CaseState.STREET_REVIEW:
            if case.needs_publicity:
                assert case.publicity_end is not None
                with on((case.publicity_end - start).days, time(17, 30)):
                    steps.end_publicity(case, user, today=case.publicity_end)
            else:
                with on(12, time(11, 0)):
                    steps.send_to_street(case, user, "同意上报")
        elif state == CaseState.CIVIL_APPROVAL:
            day = start + timedelta(days=25)
            with on(25, time(10, 30)):
                steps.record_street_review(case, decider, True, day, f"街审〔{day:%Y}〕{case.pk}号")
        elif state == CaseState.APPROVED:
            day = start + timedelta(days=35)
            amount = MONTHLY_STANDARD[AssistanceKind(case.kind)]
            month = (day + timedelta(days=31)).replace(day=1)
            end = None if case.is_rechecked_yearly else month
            with on(35, time(15, 0)):
                steps.approve(
                    case, decider, amount, month, end, day, f"民救〔{day:%Y}〕{case.pk}号"
                )
        elif state == CaseState.PAYING:
            first = case.start_month or start + timedelta(days=40)
            with on((first - start).days + 4, time(10, 0)):
                steps.start_payment(case, decider, PaymentMethod.BANK, "一卡通发放")
        elif state == CaseState.STOPPED:
            # Never a 停发日期 after today: a case stops in the past or not at all.
            day = min(start + timedelta(days=300), today - timedelta(days=3 + case.pk % 40))
            day = max(day, min(start + timedelta(days=70), today))  # after some months' pay
            with on((day - start).days, time(16, 20)):
                steps.stop(case, decider, "家庭收入增加，不再符合条件", day)


@transaction.atomic
def seed_assistance(seed: int = 2026, per_community: int | None = None) -> None:
    """Per demo community, cases of every kind in every state (as many as its profile says, or
    `per_community`), made through the workflow, each step on its day."""
    if AssistanceCase.objects.exists():
        return
    from casework.assistance import workflow as steps

    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.all()}
    today = timezone.localdate()
    kinds = list(AssistanceKind)
    targets = [*CASE_PATH, CaseState.REFUSED]
    categories = [c for c in ReasonCategory if c != ReasonCategory.LOW_INCOME]
    for community in Community.objects.order_by("code"):
        staff = users.get(STAFF.get(community.name, ""))
        members = list(
            Resident.objects.filter(community=community, household__isnull=False)
            .select_related("household")
            .order_by("household__number", "pk")[:2000]
        )
        if staff is None or not members:
            continue
        households = sorted({m.household_id: m for m in members}.values(), key=lambda m: m.pk)
        for index in range(per_community or profile(community.name).assistance):
            target = targets[index % len(targets)]
            kind = kinds[index // len(targets) % len(kinds)]  # every kind in every state
            if target == CaseState.PUBLICITY and kind not in PUBLICISED_KINDS:
                kind = AssistanceKind.TEMPORARY
            applicant = rng.choice(households)
            # Later states were applied for earlier; 低保 re-checks fall due around now.
            days_ago = 3 + min(targets.index(target), 7) * 40 + rng.randint(0, 60)
            if target == CaseState.PUBLICITY:
                days_ago = rng.randint(11, 16)  # the notice is up now
            elif target == CaseState.PAYING:
                days_ago = rng.randint(330, 420)  # re-checks past due, due soon, due later
            category = (
                ReasonCategory.LOW_INCOME
                if kind in RECHECKED_KINDS
                else categories[rng.randrange(len(categories) - 1)]  # all but low income
            )
            case = AssistanceCase(
                household=applicant.household,
                applicant=applicant,
                kind=kind,
                applied_on=today - timedelta(days=days_ago),
                reason=REASONS[category],
                reason_category=category,
                family_size=rng.randint(1, 5),
                amount_requested=MONTHLY_STANDARD[kind],
            )
            with clock.at(clock.on(case.applied_on, time(9, 30))):
                steps.create(case, staff)
            advance_to(case, target, staff, dated=True)
            if target == CaseState.PUBLICITY and index // len(targets) % 2 == 0:
                received = case.applied_on + timedelta(days=11)  # while the notice is up
                with clock.at(clock.on(received, time(10, 40))):
                    objection = steps.record_objection(
                        case, staff, "反映该户有经营性收入未申报", "匿名", received
                    )
                if index // len(targets) == 2:
                    resolved = min(received + timedelta(days=2), today)
                    with clock.at(clock.on(resolved, time(15, 10))):
                        steps.resolve_objection(
                            objection, staff, "经核实为亲属经营，与该户无关", resolved
                        )
