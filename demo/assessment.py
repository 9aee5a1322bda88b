"""The demo's self-assessment (测评指标自评): this year's indicator tree of a community
demonstration (six first-level items, 100 points, some items computed from the records against
the yearly targets), and the office's and 庙川社区's self-assessment with a few records cited
for each scored item. Once only: skipped when the year has a tree."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from campaigns.assessment.steps import start
from campaigns.models import (
    Activity,
    ActivityKind,
    AssessmentIndicator,
    Indicator,
    Publicity,
    ScoreEvidence,
    SelfScore,
    WorkDocument,
)
from ledgers.models import Community

K = ActivityKind
# number, name, points (leaves), evidence required, computed from, kind of activity
TREE: list[tuple[str, str, int | None, str, str, str]] = [
    ("1", "组织领导", None, "", "", ""),
    ("1.1", "成立创建工作领导小组，明确职责分工", 5, "成立文件、成员名单、职责分工", "", ""),
    ("1.2", "制定创建实施方案和年度工作计划", 5, "实施方案、年度计划和总结", "", ""),
    ("1.3", "定期召开会议研究部署创建工作", 5, "会议纪要、学习记录", Indicator.MEETINGS, ""),
    ("2", "宣传教育", None, "", "", ""),
    (
        "2.1",
        "开展民族团结进步政策宣讲",
        6,
        "宣讲记录、照片",
        Indicator.ACTIVITIES,
        K.POLICY_LECTURE,
    ),
    ("2.2", "有活动、有专栏、有窗口、有图书资料", 6, "宣传栏、图书角照片", "", ""),
    ("2.3", "通过美篇、新闻等宣传创建成效", 4, "宣传报道链接", Indicator.PUBLICITY, ""),
    ("2.4", "推广国家反诈中心APP", 4, "安装登记", Indicator.ANTI_FRAUD_COVERAGE, ""),
    ("3", "交往交流交融", None, "", "", ""),
    ("3.1", "开展各民族共同参与的文化活动", None, "", "", ""),
    ("3.1.1", "举办文艺演出", 5, "活动记录、照片", Indicator.ACTIVITIES, K.PERFORMANCE),
    ("3.1.2", "开展传统节日联谊活动", 5, "活动记录、照片", "", ""),
    ("3.2", "评选表彰民族团结进步模范家庭", 5, "表彰文件、名单", "", ""),
    ("3.3", "发挥展馆、广场、活动室等文化阵地作用", 5, "阵地照片、使用记录", "", ""),
    ("4", "服务管理", None, "", "", ""),
    ("4.1", "少数民族常住和流动人口纳入网格化管理，台账齐全", 8, "各类台账", "", ""),
    ("4.2", "走访少数民族家庭", 7, "走访记录", Indicator.VISIT_COVERAGE, ""),
    ("4.3", "帮助困难群众申请救助", 5, "救助申请台账", Indicator.ASSISTANCE_APPLICATIONS, ""),
    ("4.4", "开展“办实事进社区”活动", 5, "活动记录、照片", Indicator.ACTIVITIES, K.SERVICE),
    ("5", "依法治理", None, "", "", ""),
    ("5.1", "排查整改宗教活动场所和聚居点安全隐患", 5, "隐患台账、整改销号记录", "", ""),
    ("5.2", "及时调处矛盾纠纷，无涉民族因素事件", 5, "调处记录", "", ""),
    ("6", "特色创建", None, "", "", ""),
    ("6.1", "形成可复制推广的特色品牌和经验做法", 10, "经验材料、媒体报道", "", ""),
]
# Typed self-scores of the items not computed (of their points), with what they rest on.
SCORES = {
    "1.1": ("5", "党工委成立创建工作领导小组，书记任组长，职责分工明确。"),
    "1.2": ("5", "印发实施方案和年度工作计划。"),
    "2.2": ("5", "活动室设宣传专栏，图书角资料待补充。"),
    "3.1.2": ("5", "开斋节、春节组织联谊活动。"),
    "3.2": ("4", "评选模范家庭，表彰文件待印发。"),
    "3.3": ("5", "展馆、广场、活动室常态开放。"),
    "4.1": ("8", "六类台账齐全，动态更新。"),
    "5.1": ("5", "宗教活动场所隐患逐一整改销号。"),
    "5.2": ("5", "矛盾纠纷及时调处，无涉民族因素事件。"),
    "6.1": ("8", "形成“石榴籽”服务品牌，经验材料待总结。"),
}
# Which records each item cites: (kinds of activity, publicity, documents)
CITED = {
    "1.1": ((), False, True),
    "1.2": ((), False, True),
    "1.3": ((K.MOBILISATION, K.STUDY, K.FORUM), False, False),
    "2.1": ((K.POLICY_LECTURE,), False, False),
    "2.3": ((), True, False),
    "3.1.1": ((K.PERFORMANCE,), False, False),
    "3.1.2": ((K.FESTIVAL,), False, False),
    "4.4": ((K.SERVICE,), False, False),
}
PER_ITEM = 3


def seed_tree(year: int) -> None:
    made: dict[str, AssessmentIndicator] = {}
    for number, name, points, required, computed, kind in TREE:
        parent = made.get(number.rpartition(".")[0]) if "." in number else None
        made[number] = AssessmentIndicator.objects.create(
            year=year,
            parent=parent,
            number=number,
            name=name,
            points=Decimal(points) if points is not None else None,
            evidence_required=required,
            computed_from=computed,
            activity_kind=kind,
        )


def seed_scores(year: int, community: Community | None, user: object) -> None:
    start(year, community, user)
    area = Q(community=community) | Q(community__isnull=True) if community else Q()
    scores = SelfScore.objects.filter(indicator__year=year).select_related("indicator")
    scores = scores.filter(community=community) if community else scores.filter(community=None)
    links: list[ScoreEvidence] = []
    for score in scores:
        number = score.indicator.number
        if number in SCORES:
            value, remark = SCORES[number]
            score.score, score.remark = Decimal(value), remark
            score.save(update_fields=["score", "remark"])
        kinds, publicity, documents = CITED.get(number, ((), False, False))
        if kinds:
            activities = Activity.objects.filter(area, kind__in=kinds, held_on__year=year)
            links += [
                ScoreEvidence(score=score, activity=a)
                for a in activities.order_by("-held_on", "pk")[:PER_ITEM]
            ]
        if publicity:
            items = Publicity.objects.filter(area, published_on__year=year)
            links += [
                ScoreEvidence(score=score, publicity=p)
                for p in items.order_by("-published_on")[:PER_ITEM]
            ]
        if documents:
            rows = WorkDocument.objects.filter(area, year=year).order_by("issued_on", "pk")
            links += [ScoreEvidence(score=score, document=d) for d in rows[:PER_ITEM]]
    bulk_create_with_history(links, ScoreEvidence)


@transaction.atomic
def seed_assessment() -> None:
    """The demo's self-assessment; once only."""
    year = timezone.localdate().year
    if AssessmentIndicator.objects.filter(year=year).exists():
        return
    seed_tree(year)
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["leader", "staff_mc"])
    }
    if "leader" in users:
        seed_scores(year, None, users["leader"])
    miaochuan = Community.objects.filter(name="庙川社区").first()
    if miaochuan is not None and "staff_mc" in users:
        seed_scores(year, miaochuan, users["staff_mc"])
