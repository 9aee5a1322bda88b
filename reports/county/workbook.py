"""The county workbook (县级报表): one print-ready .xlsx for a period and a set of communities.

A summary sheet (one row per community with its headline figures, and a total row), then one
sheet per ledger, in the order the county files them. What each sheet holds:

- the people and places ledgers (少数民族人口 … 宗教活动场所) are the register as of the day the
  workbook is made (the title row says so): residents on the register (在册), floating
  residents here that day;
- 隐患排查整改台账: hazards found in the period, and hazards found before it that were still
  open when it began (not closed before its first day);
- 活动台账 and 走访台账: activities held and visits made in the period;
- 帮扶救助台账: applications made in the period (drafts included: the ledger is the register);
- 参保台账: the rows of the period's year.

Office-wide records (全办: activities and publicity with no community) belong to the workbook
of all of the user's communities, not to that of some of them. Every row comes from the
scoped queryset (`for_user`), with `.iterator()`, in a fixed number of queries a sheet; the
columns reuse the ledgers' spreadsheet Resources (their value rules, ID masking and column
permissions), so a county column shows what the ledger's own export shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.coverage import rate
from campaigns.models import MEETING_KINDS, Activity, ActivityKind, Visit, VisitPurpose
from casework.assistance.resources import ASSISTANCE
from casework.hazards.resources import HAZARDS
from casework.insurance.resources import INSURANCE
from casework.models import AssistanceCase, Hazard, InsuranceEnrolment
from core.people import person_name
from ledgers.codes import RelationToHead
from ledgers.models import (
    MINORITY_CODES,
    Business,
    BusinessKind,
    Community,
    FloatingRecord,
    OverseasTie,
    Place,
    PlaceKind,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
)
from ledgers.people.resources import (
    FLOATING,
    OVERSEAS,
    RESIDENTS,
    STRATA,
    STUDY_ABROAD,
)
from ledgers.places.resources import BUSINESSES, PLACES
from reports.county.models import PaperSize, Period
from reports.county.writer import Col, CountyBook
from reports.yearly.figures import Figures, figures, present, total
from sheets.paper import PAPERS
from sheets.resources import Resource

Progress = Callable[[int, int, str], None]  # sheets done, sheets in all, the sheet being written


@dataclass(frozen=True)
class Request:
    """What one workbook is made of: who asks, for which period and communities."""

    user: Any
    period: Period
    communities: list[Community]
    office: bool  # all of the user's communities: the office-wide records belong in it
    today: date

    @property
    def ids(self) -> list[int]:
        return [community.pk for community in self.communities]


def pick(resource: Resource, user: Any, header: str, shown: str = "", **kwargs: Any) -> list[Col]:
    """The resource's column as a county column ([] when the user may not read it)."""
    column = next(c for c in resource.columns if c.header == header)
    if column.permission and not user.has_perm(column.permission):
        return []
    get = resource.exporter(column, user)
    return [Col(shown or header, get, text=column.text, **kwargs)]


def picks(resource: Resource, user: Any, *headers: str, group: str = "") -> list[Col]:
    return [col for header in headers for col in pick(resource, user, header, group=group)]


STAMPS = ("created_at", "updated_at")


def lean(rows: QuerySet[Any], *relations: str) -> QuerySet[Any]:
    """Without the timestamps no sheet shows: neither loaded nor converted, row after row."""
    return rows.defer(*STAMPS, *(f"{path}__{stamp}" for path in relations for stamp in STAMPS))


def _community_of_resident(record: Any) -> str:
    return record.resident.community.name


RESIDENT_COMMUNITY = Col("社区", _community_of_resident)


@dataclass(frozen=True)
class Ledger:
    """A ledger sheet: its name (the sheet's and the title's), who may read it, how its rows
    are counted and found."""

    name: str
    permission: str
    measure: str  # 人, 户, 处 … in the 合计 row
    register: bool  # the register as of today; else the period's records
    rows: Callable[[Request], tuple[list[Col], QuerySet[Any]]]
    keys: int = 1  # the first columns, after 序号, that say which row it is (姓名, 名称, 编号)


def _residents(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(RESIDENTS, user, "姓名", "性别", "出生日期", "民族", "公民身份号码")
    columns += picks(RESIDENTS, user, "宗教信仰", "政治面貌", "学历", "职业", "联系电话")
    columns += picks(RESIDENTS, user, "现住址", "社区", "网格", "户号")
    rows = Resident.objects.for_user(user).filter(
        community__in=request.ids, status=ResidentStatus.ACTIVE, ethnicity__in=MINORITY_CODES
    )
    ordered = ("community__code", "household__number", "pk")
    return columns, RESIDENTS.export_queryset(rows).order_by(*ordered)


def _records(model: Any, request: Request) -> QuerySet[Any]:
    """Records kept on residents on the register of the chosen communities."""
    rows = model.objects.for_user(request.user).filter(
        resident__community__in=request.ids, resident__status=ResidentStatus.ACTIVE
    )
    rows = rows.select_related("resident__community")
    return lean(rows, "resident").order_by("resident__community__code", "resident__name_sort", "pk")


def _floating(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(FLOATING, user, "姓名", "公民身份号码", "民族", "来源地", "来本地日期")
    columns += pick(FLOATING, user, "流入原因")
    columns += pick(FLOATING, user, "办证类型", "类型", group="办证情况")
    columns += pick(FLOATING, user, "证件号码（居住证）", "证件号码", group="办证情况")
    columns += pick(FLOATING, user, "证件到期日期", "到期日期", group="办证情况")
    columns += pick(FLOATING, user, "住所类型")
    columns += pick(FLOATING, user, "房东姓名", "姓名", group="房东")
    columns += pick(FLOATING, user, "房东电话", "电话", group="房东")
    rows = present(_records(FloatingRecord, request)).filter(resident__ethnicity__in=MINORITY_CODES)
    return [*columns, RESIDENT_COMMUNITY], rows


def _strata(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(STRATA, user, "姓名", "公民身份号码", "民族", "类别", "工作单位", "职务")
    columns += picks(STRATA, user, "人大代表", "政协委员", group="代表人士")
    columns += pick(STRATA, user, "其他代表人士身份", "其他", group="代表人士")
    return [*columns, RESIDENT_COMMUNITY], _records(StrataMembership, request)


def _overseas(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    columns = picks(OVERSEAS, request.user, "姓名", "公民身份号码", "民族", "类别", "侨居国或地区")
    columns += pick(OVERSEAS, request.user, "备注")
    return [*columns, RESIDENT_COMMUNITY], _records(OverseasTie, request)


def _study_abroad(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(STUDY_ABROAD, user, "姓名", "公民身份号码", "民族", "留学国家或地区")
    columns += picks(STUDY_ABROAD, user, "就读院校", "出国日期", "回国日期")
    columns += pick(STUDY_ABROAD, user, "国内联系人", "姓名", group="国内联系人")
    columns += pick(STUDY_ABROAD, user, "国内联系电话", "电话", group="国内联系人")
    return [*columns, RESIDENT_COMMUNITY], _records(StudyAbroad, request)


def _businesses(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(BUSINESSES, user, "名称", "统一社会信用代码", "经营者", "行业", "地址")
    columns += pick(BUSINESSES, user, "联系电话")
    columns += pick(BUSINESSES, user, "从业人数", total=True)
    columns += picks(BUSINESSES, user, "少数民族经营", "社区", "网格")
    rows = Business.objects.for_user(user).filter(
        community__in=request.ids, kind=BusinessKind.INDIVIDUAL
    )
    return columns, BUSINESSES.export_queryset(rows).order_by("community__code", "name", "pk")


def _venues(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(PLACES, user, "名称", "宗教", "登记证号", "地址", "负责人", "联系电话")
    columns += picks(PLACES, user, "始建年份", "社区")
    rows = Place.objects.for_user(user).filter(community__in=request.ids, kind=PlaceKind.RELIGIOUS)
    return columns, rows.select_related("community").order_by("community__code", "name", "pk")


def _hazards(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user, start, end = request.user, request.period.start, request.period.end
    columns = picks(HAZARDS, user, "隐患编号", "社区", "排查日期", "排查人", "场所", "部位")
    columns += picks(HAZARDS, user, "描述", "类别", "等级", "整改方式")
    columns += picks(HAZARDS, user, "整改措施", group="整改情况")
    columns += pick(HAZARDS, user, "整改资金", group="整改情况", total=True, money=True)
    columns += picks(HAZARDS, user, "责任单位", "责任人", "整改时限", "完成日期", group="整改情况")
    columns += picks(HAZARDS, user, "临时管控措施", "状态")
    columns += pick(HAZARDS, user, "复查/验收人", "复查人", group="复查验收")
    columns += picks(HAZARDS, user, "验收日期", "结论", "销号日期", group="复查验收")
    columns += pick(HAZARDS, user, "备注")
    # Found in the period, or before it and not closed before its first day.
    still_open = Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    rows = Hazard.objects.for_user(user).filter(
        Q(found_on__gte=start) | still_open, community__in=request.ids, found_on__lte=end
    )
    return columns, HAZARDS.export_queryset(rows).order_by("community__code", "found_on", "pk")


def _activities(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    labels = dict(ActivityKind.choices)
    columns = [
        Col("活动日期", lambda a: a.held_on),
        Col("活动名称", lambda a: a.title),
        Col("社区", lambda a: a.area),
        Col("活动类型", lambda a: str(labels.get(a.kind, a.kind))),
        Col("主题", lambda a: a.theme),
        Col("地点", lambda a: a.where),
        Col("组织者", lambda a: a.organiser),
        Col("合计", lambda a: a.participants, group="参加人数", total=True),
        Col("其中少数民族", lambda a: a.minority_participants, group="参加人数", total=True),
        Col("活动简介", lambda a: a.summary),
    ]
    wanted = Q(community__in=request.ids)
    if request.office:
        wanted |= Q(community__isnull=True)
    rows = Activity.objects.for_user(request.user).filter(
        wanted, held_on__range=(request.period.start, request.period.end)
    )
    return columns, rows.select_related("community", "place").order_by("held_on", "pk")


def _visits(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    purposes = dict(VisitPurpose.choices)
    visits = Visit.objects.for_user(request.user).filter(
        community__in=request.ids,
        visited_on__range=(request.period.start, request.period.end),
    )
    visitors = _visitors(visits)
    heads = Resident.objects.filter(
        household=OuterRef("household_id"),
        relation_to_head=RelationToHead.HEAD,
        status=ResidentStatus.ACTIVE,
    ).order_by("pk")
    rows = visits.select_related(
        "community", "grid", "household", "hazard", "assistance_case"
    ).annotate(head_name=Subquery(heads.values("name")[:1]))

    def who(visit: Any) -> str:
        names = [*visitors.get(visit.pk, []), visit.visitor_names.strip()]
        return "、".join(name for name in names if name)

    columns = [
        Col("走访日期", lambda v: v.visited_on),
        Col("户号", lambda v: v.household.number, text=True),
        Col("户主", lambda v: v.head_name or ""),
        Col("社区", lambda v: v.community.name),
        Col("网格", lambda v: v.grid.name if v.grid_id else ""),
        Col("住址", lambda v: v.household.address),
        Col("走访人", who),
        Col("走访目的", lambda v: str(purposes.get(v.purpose, v.purpose))),
        Col("发现问题", lambda v: v.findings),
        Col("后续跟进", lambda v: v.follow_up),
        Col("隐患编号", lambda v: v.hazard.number if v.hazard_id else "", group="转办情况"),
        Col(
            "救助申请",
            lambda v: str(v.assistance_case.get_kind_display()) if v.assistance_case_id else "",
            group="转办情况",
        ),
    ]
    return columns, rows.order_by("visited_on", "pk")


def _visitors(visits: QuerySet[Any]) -> dict[int, list[str]]:
    """The visitors with an account of each visit, in one query."""
    through = Visit.visitors.through
    found: dict[int, list[str]] = {}
    rows = (
        through.objects.filter(visit__in=visits.values("pk"))
        .select_related("user")
        .order_by("visit_id", "user_id")
    )
    for row in rows.iterator(chunk_size=2_000):
        found.setdefault(row.visit_id, []).append(person_name(row.user))
    return found


def _assistance(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(ASSISTANCE, user, "社区", "户号", "申请人", "家庭人口", "救助类型", "申请日期")
    columns += picks(ASSISTANCE, user, "事由分类", "事由", "家庭月收入（元）", "经济核查结论")
    columns += pick(ASSISTANCE, user, "社区初审意见")
    columns += pick(ASSISTANCE, user, "公示开始", "开始", group="公示")
    columns += pick(ASSISTANCE, user, "公示结束", "结束", group="公示")
    columns += pick(ASSISTANCE, user, "异议数", group="公示")
    columns += pick(ASSISTANCE, user, "街道审核日期", "日期", group="街道审核")
    columns += pick(ASSISTANCE, user, "街道审核文号", "文号", group="街道审核")
    columns += pick(ASSISTANCE, user, "民政审批日期", "日期", group="民政审批")
    columns += pick(ASSISTANCE, user, "审批文号", "文号", group="民政审批")
    for header in ("申请金额（元）", "批准金额/月标准（元）"):
        columns += pick(ASSISTANCE, user, header, group="金额", total=True, money=True)
    columns += picks(ASSISTANCE, user, "发放方式", "起始月份", "终止月份", "复核日期", "状态")
    rows = AssistanceCase.objects.for_user(user).filter(
        community__in=request.ids,
        applied_on__range=(request.period.start, request.period.end),
    )
    return columns, ASSISTANCE.export_queryset(rows).order_by("community__code", "applied_on", "pk")


def _insurance(request: Request) -> tuple[list[Col], QuerySet[Any]]:
    user = request.user
    columns = picks(INSURANCE, user, "姓名", "公民身份号码", "民族", "险种", "年度", "参保状态")
    columns += picks(INSURANCE, user, "参保日期", "社区协助", "协助人", "社区", "备注")
    rows = InsuranceEnrolment.objects.for_user(user).filter(
        resident__community__in=request.ids, year=request.period.end.year
    )
    ordered = ("resident__community__code", "scheme", "resident__name_sort", "pk")
    return columns, lean(INSURANCE.export_queryset(rows), "resident").order_by(*ordered)


# The ledgers in the county's order (the summary sheet comes first).
LEDGERS = [
    Ledger("少数民族人口", "ledgers.view_resident", "人", True, _residents),
    Ledger("少数民族流动人口", "ledgers.view_floatingrecord", "人", True, _floating),
    Ledger("新的社会阶层人士", "ledgers.view_stratamembership", "人", True, _strata),
    Ledger("归侨侨眷", "ledgers.view_overseastie", "人", True, _overseas),
    Ledger("赴外留学生", "ledgers.view_studyabroad", "人", True, _study_abroad),
    Ledger("个体工商户", "ledgers.view_business", "户", True, _businesses),
    Ledger("宗教活动场所", "ledgers.view_place", "处", True, _venues),
    Ledger("隐患排查整改台账", "casework.view_hazard", "处", False, _hazards),
    Ledger("活动台账", "campaigns.view_activity", "次", False, _activities, keys=2),
    Ledger("走访台账", "campaigns.view_visit", "次", False, _visits, keys=3),
    Ledger("帮扶救助台账", "casework.view_assistancecase", "件", False, _assistance, keys=3),
    Ledger("参保台账", "casework.view_insuranceenrolment", "条", False, _insurance),
]
SUMMARY = "汇总"


def sheet_names(user: Any) -> list[str]:
    """The sheets the user's workbook has, in order."""
    return [SUMMARY, *(ledger.name for ledger in LEDGERS if user.has_perm(ledger.permission))]


def _title(name: str) -> str:
    return name if name.endswith("台账") else f"{name}台账"


def unit_name(communities: Sequence[Community], office: bool) -> str:
    """填报单位: the community, or the office (with the communities when not all of them)."""
    if len(communities) == 1:
        return communities[0].name
    if office:
        return str(settings.OFFICE_NAME)
    return f"{settings.OFFICE_NAME}（{'、'.join(c.name for c in communities)}）"


def request_for(user: Any, period: Period, communities: Iterable[Community | int]) -> Request:
    """The request, with the communities narrowed to the user's (in code order)."""
    ids = {c.pk if isinstance(c, Community) else int(c) for c in communities}
    mine = list(Community.objects.for_user(user).order_by("code"))
    chosen = [c for c in mine if c.pk in ids]
    office = bool(chosen) and len(chosen) == len(mine)
    return Request(user, period, chosen, office, timezone.localdate())


def build_county_workbook(
    target: str | IO[bytes],
    user: Any,
    period: Period,
    communities: Iterable[Community | int],
    progress: Progress | None = None,
    paper: str = PaperSize.A4,
) -> dict[str, int]:
    """Write the workbook to `target` (a path or a binary file), to be printed on `paper`;
    returns the rows of each ledger (all its sheets'). Always in Chinese: it is filed with
    the county."""
    request = request_for(user, period, communities)
    names = sheet_names(user)
    with translation.override(settings.LANGUAGE_CODE):
        unit = unit_name(request.communities, request.office)
        book = CountyBook(target, unit, request.today, PAPERS[paper])
        written: dict[str, int] = {}
        try:
            if progress:
                progress(0, len(names), SUMMARY)
            written[SUMMARY] = _summary(book, request, unit)
            for ledger in LEDGERS:
                if ledger.name not in names:
                    continue
                if progress:
                    progress(len(written), len(names), ledger.name)
                columns, rows = ledger.rows(request)
                when = (
                    _("on the register on %(day)s") % {"day": f"{request.today:%Y-%m-%d}"}
                    if ledger.register
                    else request.period.label
                )
                title = f"{unit}{_title(ledger.name)}（{when}）"
                rows_of = rows.iterator(chunk_size=2_000)
                written[ledger.name] = book.sheet(
                    ledger.name, title, columns, rows_of, ledger.measure, keys=ledger.keys
                )
        except BaseException:
            book.abort()  # a half-written file is useless
            raise
        book.close()
    if progress:
        progress(len(names), len(names), "")
    return written


# ---- the summary sheet --------------------------------------------------------------------

SummaryRow = tuple[str, Figures]


def _count(key: str) -> Callable[[SummaryRow], int]:
    return lambda row: row[1][key]


def _meetings(row: SummaryRow) -> int:
    return sum(row[1][f"kind_{kind}"] for kind in MEETING_KINDS)


def _share(row: SummaryRow) -> object:
    share = rate(row[1]["minority_residents"], row[1]["residents"])
    return float(share) if share is not None else None


SUMMARY_COLUMNS = [
    Col("社区", lambda row: row[0]),
    Col("户数", _count("households")),
    Col("合计", _count("residents"), group="人口"),
    Col("少数民族", _count("minority_residents"), group="人口"),
    Col("少数民族占比（%）", _share, group="人口"),
    Col("民族数", _count("ethnic_groups")),
    Col("少数民族户数", _count("minority_households")),
    Col("少数民族流动人口", _count("minority_floating")),
    Col("学习会、动员会、座谈会", _meetings, group="活动（次）"),
    Col("政策宣讲", _count(f"kind_{ActivityKind.POLICY_LECTURE}"), group="活动（次）"),
    Col("文艺演出", _count(f"kind_{ActivityKind.PERFORMANCE}"), group="活动（次）"),
    Col("专题培训", _count(f"kind_{ActivityKind.TRAINING}"), group="活动（次）"),
    Col("办实事", _count(f"kind_{ActivityKind.SERVICE}"), group="活动（次）"),
    Col("合计", _count("activities"), group="活动（次）"),
    Col("参加人次", _count("participants"), group="活动（次）"),
    Col("少数民族人次", _count("minority_participants"), group="活动（次）"),
    Col("宣传报道（篇）", _count("publicity")),
    Col("走访户数", _count("visited_households")),
    Col("申请户数", _count("helped_households"), group="少数民族困难户救助"),
    Col("批准户数", _count("approved_households"), group="少数民族困难户救助"),
    Col("医保（少数民族）", _count("medical_minority"), group="参保人数"),
    Col("养老（60岁以上）", _count("pension_elderly"), group="参保人数"),
    Col("排查", _count("hazards_found"), group="隐患（处）"),
    Col("销号", _count("hazards_closed"), group="隐患（处）"),
    Col("逾期", _count("hazards_overdue"), group="隐患（处）"),
]


def _summary(book: CountyBook, request: Request, unit: str) -> int:
    """One row per community (and 全办 for the office-wide records), and the total."""
    period = request.period
    counted = figures(request.user, period.start, period.end, request.ids, request.office)
    groups = _ethnic_groups(request)
    rows: list[SummaryRow] = []
    for community in request.communities:
        values = counted.get(community.pk, Counter())
        values["ethnic_groups"] = groups.get(community.pk, 0)
        rows.append((community.name, values))
    if None in counted:
        rows.append((_("Whole office"), counted[None]))
    summed = total(counted)
    summed["ethnic_groups"] = groups.get(None, 0)
    totals = [col.value((_("Total"), summed)) for col in SUMMARY_COLUMNS]
    totals[0] = _("%(n)d communities") % {"n": len(request.communities)}
    title = f"{unit}民族团结进步创建工作统计汇总表（{period.label}）"
    return book.sheet(SUMMARY, title, SUMMARY_COLUMNS, rows, "", totals=totals)


def _ethnic_groups(request: Request) -> dict[int | None, int]:
    """The ethnic groups on the register of each community, and of all of them (None): the
    total is not the sum. One query."""
    if not request.user.has_perm("ledgers.view_resident"):
        return {}
    residents = Resident.objects.for_user(request.user).filter(
        community__in=request.ids, status=ResidentStatus.ACTIVE
    )
    pairs = set(residents.order_by().values_list("community_id", "ethnicity").distinct())
    result: dict[int | None, int] = Counter(community for community, _ethnicity in pairs)
    result[None] = len({ethnicity for _community, ethnicity in pairs})
    return result
