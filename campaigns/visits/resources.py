"""The visit records (走访记录) as a spreadsheet, on the ledgers' framework.

A visit is found again by its household (户号 in its community), date and purpose. Its visitors
come by name in one 走访人 cell: names of people who work in the household's community become
its visitors, the others (楼栋长, volunteers) stay as written, in 其他走访人员.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.ledger_cells import not_in_future
from campaigns.visits.models import Visit, VisitPurpose
from core.people import person_name
from ledgers.columns import AreaLookup, community_column, grid_column
from ledgers.models import Household
from sheets import cells
from sheets.models import ImportBatch
from sheets.resources import Column, Resource, Row, chunks, code_column, register

PURPOSES = cells.CodeList(
    VisitPurpose,
    {
        "政策宣传": "policy",
        "宣传": "policy",
        "困难排查": "hardship",
        "困难": "hardship",
        "节日慰问": "festival",
        "慰问": "festival",
        "矛盾调解": "mediation",
        "调解": "mediation",
        "安全检查": "safety",
        "安全": "safety",
        "其他": "other",
    },
)
NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def names(value: object) -> list[str]:
    """马秀英、李海燕 / 马秀英,李海燕 / 马秀英 李海燕 → the names, in order, each once."""
    found = [name for name in NAME_SEPARATORS.split(cells.text(value)) if name]
    return list(dict.fromkeys(found))


def visitors_cell(visit: Visit) -> str:
    """The 走访人 cell: the visit's visitors, or those a row of an import will give it."""
    users = getattr(visit, "_import_visitors", None)
    if users is None:
        return visit.visited_by if visit.pk else visit.visitor_names
    names = [person_name(user) for user in users]
    if visit.visitor_names:
        names.append(visit.visitor_names)
    return "、".join(names)


class VisitResource(Resource):
    key = "visits"
    model = Visit
    title = _("Visit records")
    list_url_name = "campaigns:visit_list"
    url_prefix = "campaigns:visit"
    field_headers = {"community": "社区", "household": "户号", "visitor_names": "走访人"}
    columns = [
        community_column(),
        Column(
            "户号",
            aliases=("户编号", "走访户号"),
            required=True,
            text=True,
            example="MC-0001",
            export=lambda v: v.household.number,
        ),
        Column(
            "走访日期",
            "visited_on",
            aliases=("日期", "走访时间"),
            parse=cells.date_value,
            required=True,
            example="2026-03-18",
        ),
        code_column("走访目的", "purpose", PURPOSES, aliases=("目的", "走访事由"), required=True),
        Column(
            "走访人",
            aliases=("走访人员", "走访干部"),
            parse=names,
            example="马秀英、楼栋长马福",
            export=lambda v: visitors_cell(v),
        ),
        Column(
            "走访情况",
            "findings",
            aliases=("发现问题", "走访发现", "了解情况", "存在问题"),
            example="厨房燃气软管老化",
        ),
        Column("后续处理", "follow_up", aliases=("处理情况", "跟进措施", "下一步措施")),
        replace(grid_column(), export_only=True),
        Column("地址", export=lambda v: v.household.address, export_only=True),
        Column(
            "隐患编号", export=lambda v: v.hazard.number if v.hazard_id else "", export_only=True
        ),
        Column(
            "救助申请",
            export=lambda v: v.assistance_case.get_state_display() if v.assistance_case_id else "",
            export_only=True,
        ),
    ]

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        number = row.values.get("户号", "")
        if not number:
            return None
        return (
            row.values.get("社区", ""),
            number,
            row.values.get("走访日期"),
            row.values.get("走访目的"),
        )

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        mine = list(areas.communities.values())
        numbers = sorted({row.values.get("户号", "") for row in rows} - {""})
        households: dict[tuple[int, str], Household] = {}
        for part in chunks(numbers):
            in_file = Household.objects.filter(community__in=mine, number__in=part)
            for household in in_file.select_related("grid"):  # Visit.clean() reads the grid
                households[(household.community_id, household.number)] = household
        visits: dict[tuple[int, Any, str], Visit] = {}
        ids = [h.pk for h in households.values()]
        for part in chunks(ids):
            found = Visit.objects.filter(household__in=part).prefetch_related("visitors")
            for visit in found:
                visits[(visit.household_id, visit.visited_on, visit.purpose)] = visit
        staff: dict[tuple[int, str], Any] = {}
        users = (
            get_user_model()
            .objects.filter(is_active=True, assignments__community__in=mine)
            .values_list("assignments__community", "pk", "username", "last_name", "first_name")
        )
        for community_id, pk, username, last, first in users.order_by("pk"):
            user_ = get_user_model()(pk=pk, username=username, last_name=last, first_name=first)
            staff.setdefault((community_id, person_name(user_)), user_)
            staff.setdefault((community_id, username), user_)
        return {"areas": areas, "households": households, "visits": visits, "staff": staff}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        community = context["areas"].community(row)
        if community is None:
            return
        number = row.values.get("户号", "")
        household = context["households"].get((community.pk, number))
        if household is None:
            if number:
                row.error(
                    "户号",
                    _("%(community)s has no household numbered %(number)s.")
                    % {"community": community.name, "number": number},
                )
            return
        key = (household.pk, row.values.get("走访日期"), row.values.get("走访目的"))
        found = context["visits"].get(key)
        instance = found or Visit(household=household)
        instance.household, instance.community, instance.grid = household, community, household.grid
        self.assign(row, instance, user)
        self.set_visitors(row, instance, found, context["staff"])
        not_in_future(row, "走访日期", instance.visited_on)
        row.instance = instance
        self.decide(row, found is not None, user)

    def set_visitors(
        self, row: Row, visit: Visit, found: Visit | None, staff: dict[tuple[int, str], Any]
    ) -> None:
        """Known names become visitors, the others stay in visitor_names; an empty cell (or
        no 走访人 column) leaves them as they are."""
        given = row.values.get("走访人") or []
        if not given:
            return
        known = {
            name: staff[(visit.community_id, name)]
            for name in given
            if (visit.community_id, name) in staff
        }
        users = list({u.pk: u for u in known.values()}.values())
        others = "、".join(name for name in given if name not in known)
        visit._import_visitors = users  # type: ignore[attr-defined]  # written by write_related
        before = {u.pk for u in found.visitors.all()} if found else set()
        if before != {u.pk for u in users}:
            # Not a column: "updated_at" marks the row changed, write_related sets the links.
            row.changed.add("updated_at")
        if visit.visitor_names != others:
            visit.visitor_names = others
            row.changed.add("visitor_names")

    def write_related(self, rows: list[Row], batch: ImportBatch) -> None:
        for row in rows:
            users = getattr(row.instance, "_import_visitors", None)
            if users is not None:
                row.instance.visitors.set([u.pk for u in users])

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(
            "community", "grid", "household", "hazard", "assistance_case"
        ).prefetch_related("visitors")


VISITS = register(VisitResource())
