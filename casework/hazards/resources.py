"""The county's hazard ledger (安全隐患台账) as a spreadsheet: its columns, import and export.

The resource is registered in CaseworkConfig.ready(); the import, template and export pages
are the spreadsheet engine's own.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from casework.hazards import workflow
from casework.hazards.models import (
    Hazard,
    HazardAction,
    HazardLevel,
    HazardState,
    RectificationMode,
)
from core.people import person_name
from ledgers import cells as ledger_cells
from ledgers.columns import AreaLookup, community_column
from ledgers.models import Place
from sheets import cells
from sheets.models import ImportBatch
from sheets.resources import Column, Resource, Row, chunks, code_column

HAZARD_LEVELS = cells.CodeList(
    HazardLevel,
    {"一般隐患": "ordinary", "一般": "ordinary", "重大隐患": "major", "重大": "major"},
)
RECTIFICATION_MODES = cells.CodeList(
    RectificationMode,
    {"立即整改": "immediate", "立即": "immediate", "限期整改": "deadline", "限期": "deadline"},
)


def money(value: object) -> Decimal | None:
    """An amount in yuan: "3000", "3,000.50", "3000元"; None when the cell is empty."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        typed = str(value)
    else:
        typed = cells.text(value).replace(",", "").removesuffix("元")
        if typed == "":
            return None
    try:
        amount = Decimal(typed)
    except InvalidOperation:
        amount = Decimal("NaN")
    if (
        not amount.is_finite()
        or amount < 0
        or amount >= 10**10
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise cells._cell_error(  # the message follows the reader's language
            _("“%(value)s” is not an amount. Type the yuan in digits, e.g. 3000 or 1200.50."),
            value=typed[:30],
        )
    return amount


def local_date(value: Any) -> Any:
    return timezone.localtime(value).date() if value else None


def review_conclusion(hazard: Any) -> str:
    if hazard.review_kind == HazardAction.Kind.PASS:
        return pgettext("review conclusion", "Passed")
    if hazard.review_kind == HazardAction.Kind.FAIL:
        failed = pgettext("review conclusion", "Not passed")
        return f"{failed}：{hazard.review_note}" if hazard.review_note else failed
    return ""


class HazardResource(Resource):
    """The county's hazard-ledger columns (DOMAIN.md §6). A row with a number updates that
    hazard's facts and 五定; a row without one registers a new hazard. The state, the review
    and the closure are exported only: they change through the workflow's steps."""

    key = "hazards"
    model = Hazard
    title = _("Hazard ledger")
    list_url_name = "casework:hazard_list"
    url_prefix = "casework:hazard"
    field_headers = {"community": "社区", "place": "场所"}
    checked_by_lookup = {
        # A new hazard's number is given when it is registered (workflow.register), the next
        # of its community's; a row with a number is the hazard `prepare` found by it.
        "casework_hazard_number_unique": "workflow.register",
    }
    # The registration step is written with the hazard; every later step also changes the
    # hazard itself, which stops an undo on its own (sheets.undo.touched_later).
    undo_owns = ("actions",)
    columns = [
        Column(
            "隐患编号",
            aliases=("编号", "隐患编码"),
            example="",
            export=lambda h: h.number,
        ),
        community_column(),
        Column(
            "排查日期",
            "found_on",
            aliases=("发现日期", "检查日期"),
            parse=cells.date_value,
            example="2026-03-02",
        ),
        Column("排查人", "found_by", aliases=("检查人", "发现人"), example="马秀英"),
        Column(
            "场所",
            aliases=("场所名称", "隐患场所"),
            example="庙川清真寺",
            export=lambda h: h.place.name if h.place_id else "",
        ),
        Column(
            "部位",
            "location",
            aliases=("隐患部位", "具体部位", "场所/部位"),
            required=True,
            example="大殿电路",
        ),
        Column(
            "描述",
            "description",
            aliases=("隐患描述", "隐患内容", "存在问题", "隐患情况"),
            required=True,
            example="电线老化，接头裸露",
        ),
        code_column(
            "类别", "category", ledger_cells.HAZARD_CATEGORY, aliases=("隐患类别",), required=True
        ),
        code_column("等级", "level", HAZARD_LEVELS, aliases=("隐患等级",), example="一般隐患"),
        code_column("整改方式", "mode", RECTIFICATION_MODES, example="限期整改"),
        Column("整改措施", "measures", example="更换电线，加装漏电保护"),
        Column(
            "整改资金", "funding", aliases=("整改资金（元）", "资金"), parse=money, example="3000"
        ),
        Column("责任单位", "responsible_unit", example="清真寺管委会"),
        Column("责任人", "responsible_person", aliases=("整改责任人",), example="马福"),
        Column(
            "责任人电话",
            "responsible_phone",
            aliases=("联系电话", "电话"),
            text=True,
            example="13900001111",
        ),
        Column(
            "整改时限",
            "deadline",
            aliases=("整改期限", "完成时限"),
            parse=cells.date_value,
            example="2026-04-02",
        ),
        # A deadline counted into a year whose holidays are not announced is 预计 (issue 18).
        Column(
            "整改时限为预计",
            export=lambda h: "是" if h.deadline_is_estimate else "",
            export_only=True,
        ),
        Column("临时管控措施", "interim_measures", aliases=("管控措施", "临时措施")),
        code_column("状态", "state", cells.CodeList(HazardState), export_only=True),
        Column("进展", export=lambda h: h.latest_progress or "", export_only=True),
        Column("完成日期", "completed_on", export_only=True),
        Column(
            "复查/验收人",
            export=lambda h: person_name(h.reviewer) if h.reviewer_id else "",
            export_only=True,
        ),
        Column("验收日期", export=lambda h: local_date(h.reviewed_at), export_only=True),
        Column("结论", export=review_conclusion, export_only=True),
        Column("销号日期", "closed_on", export_only=True),
        Column("上报日期", "reported_on", export_only=True),
        Column("上报单位", "reported_to", export_only=True),
        Column("备注", "notes"),
    ]

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        number = row.values.get("隐患编号", "")
        return ("number", row.values.get("社区", ""), number) if number else None

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        mine = list(areas.communities.values())
        numbers = sorted({row.values.get("隐患编号", "") for row in rows} - {""})
        existing: dict[tuple[int, str], Hazard] = {}
        for part in chunks(numbers):
            found = Hazard.objects.filter(Q(number__in=part) | Q(former_number__in=part))
            for hazard in found.filter(community__in=mine):
                # A ledger kept before numbers named their community gives the former number.
                if hazard.former_number:
                    existing[(hazard.community_id, hazard.former_number)] = hazard
                existing[(hazard.community_id, hazard.number)] = hazard
        names = sorted({row.values.get("场所", "") for row in rows} - {""})
        places: dict[tuple[int, str], Place] = {}
        for part in chunks(names):
            for place in Place.objects.filter(community__in=mine, name__in=part).order_by("pk"):
                places.setdefault((place.community_id, place.name), place)
        return {"areas": areas, "existing": existing, "places": places}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        community = context["areas"].community(row)
        if community is None:
            return
        number = row.values.get("隐患编号", "")
        hazard = context["existing"].get((community.pk, number)) if number else None
        if number and hazard is None:
            row.error(
                "隐患编号",
                _(
                    "%(community)s has no hazard numbered %(number)s. Leave the number empty "
                    "to register a new hazard."
                )
                % {"community": community.name, "number": number},
            )
            return
        if hazard is None and not user.has_perm("casework.add_hazard"):
            row.error(None, _("You may not register hazards."))
            return
        instance = hazard or Hazard(community=community)
        context["areas"].attach_grid(instance)
        self.set_place(row, instance, context["places"])
        self.assign(row, instance, user)
        self.validate(row, instance, hazard)
        row.instance = instance
        self.decide(row, hazard is not None, user)

    def set_place(self, row: Row, hazard: Hazard, places: dict[tuple[int, str], Place]) -> None:
        name = row.values.get("场所", "")
        if not name:
            return
        place = places.get((hazard.community_id, name))
        if place is None:
            row.error(
                "场所",
                _("%(community)s has no place “%(name)s”: add it to the places ledger first.")
                % {"community": hazard.community.name, "name": name},
            )
        elif hazard.place_id != place.pk:
            hazard.place = place
            row.changed.add("place")

    def validate(self, row: Row, hazard: Hazard, existing: Hazard | None) -> None:
        """What an import may not do that a form is never asked to: change a hazard past its
        registration (the workflow's steps do that), or bring in an inspection from the future
        or a deadline before it. The model's own rules are checked by the framework."""
        if existing is not None and existing.state == HazardState.CLOSED and row.changed:
            row.error(None, _("This hazard is closed; a closed hazard changes only by reopening."))
        if existing is not None and existing.is_assigned and "deadline" in row.changed:
            row.error(
                "整改时限",
                _("The deadline of an assigned hazard moves only by an approved extension."),
            )
        if existing is not None and existing.is_assigned and "level" in row.changed:
            row.error(
                "等级",
                _("The level of an assigned hazard changes only by a leader, on its page."),
            )
        if "deadline" in row.changed and hazard.deadline_working_days is not None:
            hazard.deadline_working_days = None  # the file gives the deadline as a date
            row.changed.add("deadline_working_days")
        today = timezone.localdate()
        if hazard.found_on and hazard.found_on > today:
            row.error("排查日期", _("The inspection date is in the future."))
        if hazard.deadline and hazard.found_on and hazard.deadline < hazard.found_on:
            row.error("整改时限", _("The deadline is before the inspection date."))

    def create(self, instances: list[Any], batch: ImportBatch) -> list[Any]:
        """Each new hazard is registered (登记): it gets its number and its first action."""
        note = gettext("Imported from %(file)s") % {"file": batch.file_name}
        for hazard in instances:
            hazard._change_reason = batch.change_reason
            hazard._history_user = batch.user
            workflow.register(hazard, batch.user, note)
        return instances

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        actions = HazardAction.objects.filter(hazard=OuterRef("pk")).order_by("-at", "-pk")
        progress = actions.filter(kind=HazardAction.Kind.PROGRESS)
        review = actions.filter(kind__in=[HazardAction.Kind.PASS, HazardAction.Kind.FAIL])
        return queryset.select_related("community", "place", "reviewer").annotate(
            latest_progress=Subquery(progress.values("note")[:1]),
            reviewed_at=Subquery(review.values("at")[:1]),
            review_kind=Subquery(review.values("kind")[:1]),
            review_note=Subquery(review.values("note")[:1]),
        )


HAZARDS = HazardResource()
