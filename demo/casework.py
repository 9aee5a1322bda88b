"""Demo casework, per community: thirty inspections, about forty hazards and sixty assistance
cases in every state of their workflows (made through the workflow functions, so every step
has its action; most hazards come from the inspections' failed items), and this year's
insurance enrolments of most residents."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
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
from demo.accounts import STAFF
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
def seed_inspections(seed: int = 2026, per_community: int = 30) -> None:
    """A year of inspections at each community's places, newest with a failed item to raise."""
    if Inspection.objects.exists():
        return
    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.all()}
    today = timezone.localdate()
    for community in Community.objects.order_by("code"):
        staff = users.get(STAFF.get(community.name, ""))
        if staff is None:
            continue
        places = list(Place.objects.filter(community=community).order_by("pk"))
        for index in range(per_community):
            place = places[index % len(places)] if places and index % 6 else None
            inspection = Inspection(
                community=community,
                place=place,
                location="" if place else FREE_LOCATIONS[index % len(FREE_LOCATIONS)],
                inspected_on=today - timedelta(days=2 + index * 12 + rng.randint(0, 9)),
                inspectors=f"{person_name(staff)}、{rng.choice(['马强', '杨海', '丁红'])}",
            )
            kind = place.kind if place else PlaceKind.OTHER
            answers = _answers(rng, kind, must_fail="fire_equipment" if index == 0 else "")
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


@transaction.atomic
def seed_hazards(seed: int = 2026, per_community: int = 40) -> None:
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
        places: list[Place | None] = [*Place.objects.filter(community=community)] or [None]
        failed = _failed_items(community)
        for index in range(per_community):
            if index < len(failed):  # 排查 → 登记
                hazard = inspection_workflow.raise_hazard(failed[index], staff)
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
                    found_on=today - timedelta(days=rng.randint(5, 300)),
                    found_by=person_name(staff),
                )
                workflow.register(hazard, staff)
            found = hazard.found_on
            hazard.level = HazardLevel.MAJOR if index % 13 == 0 else HazardLevel.ORDINARY
            hazard.responsible_unit = "场所管委会"
            hazard.responsible_person = rng.choice(["马福", "丁文", "杨明", "白建军"])
            hazard.responsible_phone = f"139{rng.randint(10_000_000, 99_999_999)}"
            hazard.measures = "按要求整改并建立台账"
            hazard.funding = Decimal(rng.choice([0, 500, 1200, 3000, 8000]))
            hazard.deadline = found + timedelta(days=rng.choice([7, 15, 30, 60]))
            hazard.reviewer = leader
            hazard.save()
            _attach(hazard, "before", staff)
            stage = index % 5  # registered, in progress, overdue, under review, closed
            if stage in (0, 3):  # not (yet) late
                hazard.deadline = today + timedelta(days=rng.randint(3, 40))
                hazard.save(update_fields=["deadline"])
            if stage == 0:
                continue
            if hazard.level == HazardLevel.MAJOR:  # reported upward once assigned
                workflow.report_upward(
                    hazard, staff, "城关街道党工委", on=found + timedelta(days=1)
                )
            workflow.assign(hazard, staff, "请按期整改", today=found)
            if stage == 2:
                continue  # past the deadline: the overdue list
            workflow.report_progress(hazard, staff, "正在整改")
            if stage == 1:
                hazard.deadline = today + timedelta(days=rng.randint(1, 30))
                hazard.save(update_fields=["deadline"])
                if index % 10 == 1:
                    workflow.request_extension(
                        hazard, staff, hazard.deadline + timedelta(days=15), "材料未到货"
                    )
                continue
            action = workflow.submit_for_review(hazard, staff, "整改完成", completed_on=today)
            _attach(hazard, "after", staff, action)
            if stage == 4:
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
    bulk_create_with_history(rows, InsuranceEnrolment, batch_size=1_000)


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


def advance_to(case: AssistanceCase, target: str, user: Any, decider: Any = None) -> None:
    """Take a drafted case through the workflow, step by step, until it is in `target`.

    Each step is dated from the application day, as the office would have done it.
    """
    from casework.assistance import workflow as steps

    decider = decider or user
    start = case.applied_on
    if target == CaseState.REFUSED:
        advance_to(case, CaseState.CIVIL_APPROVAL, user, decider)
        steps.refuse(case, decider, "家庭人均收入高于当地低保标准", start + timedelta(days=40))
        return
    for state in CASE_PATH[CASE_PATH.index(case.state) + 1 : CASE_PATH.index(target) + 1]:
        if state == CaseState.ACCEPTED:
            steps.accept(case, user, "材料齐全")
        elif state == CaseState.INVESTIGATING:
            steps.start_investigation(case, user, "已入户调查")
            income = Decimal(300 + case.pk % 7 * 150)
            size = case.family_size or 3
            checked = start + timedelta(days=5)
            steps.record_income_check(
                case, user, IncomeCheck.ELIGIBLE, income, size, "经核查符合条件", checked
            )
        elif state == CaseState.PUBLICITY and case.needs_publicity:
            steps.start_publicity(case, user, start + timedelta(days=10), opinion="同意上报")
        elif state == CaseState.STREET_REVIEW:
            if case.needs_publicity:
                steps.end_publicity(case, user, today=case.publicity_end)
            else:
                steps.send_to_street(case, user, "同意上报")
        elif state == CaseState.CIVIL_APPROVAL:
            on = start + timedelta(days=25)
            steps.record_street_review(case, decider, True, on, f"街审〔{on:%Y}〕{case.pk}号")
        elif state == CaseState.APPROVED:
            on = start + timedelta(days=35)
            amount = MONTHLY_STANDARD[AssistanceKind(case.kind)]
            month = (on + timedelta(days=31)).replace(day=1)
            end = None if case.is_rechecked_yearly else month
            steps.approve(case, decider, amount, month, end, on, f"民救〔{on:%Y}〕{case.pk}号")
        elif state == CaseState.PAYING:
            steps.start_payment(case, decider, PaymentMethod.BANK, "一卡通发放")
        elif state == CaseState.STOPPED:
            steps.stop(case, decider, "家庭收入增加，不再符合条件", start + timedelta(days=300))


@transaction.atomic
def seed_assistance(seed: int = 2026, per_community: int = 60) -> None:
    """Per demo community, cases of every kind in every state, made through the workflow."""
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
        for index in range(per_community):
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
            steps.create(case, staff)
            advance_to(case, target, staff)
            if target == CaseState.PUBLICITY and index // len(targets) % 2 == 0:
                objection = steps.record_objection(
                    case, staff, "反映该户有经营性收入未申报", "匿名", today
                )
                if index // len(targets) == 2:
                    steps.resolve_objection(objection, staff, "经核实为亲属经营，与该户无关")
