"""The publicity ledger (宣传报道) as a spreadsheet, on the ledgers' framework."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.ledger_cells import WHOLE_OFFICE, not_in_future
from campaigns.publicity.models import Publicity, PublicityKind
from ledgers.columns import AreaLookup, community_column
from sheets import cells
from sheets.resources import Column, Resource, Row, chunks, code_column, register

PUBLICITY_KINDS = cells.CodeList(
    PublicityKind,
    {
        "美篇": "meipian",
        "新闻": "news",
        "新闻报道": "news",
        "公众号": "wechat",
        "公众号文章": "wechat",
        "微信公众号": "wechat",
        "简报": "briefing",
        "宣传栏": "board",
        "展板": "board",
    },
)


def link_value(value: object) -> str:
    """A web address starting http:// or https://, as the list links to it."""
    typed = cells.text(value)
    if typed:
        try:
            URL(typed)
        except ValidationError:
            raise cells.CellError(
                _("Give a web address starting with http:// or https://.")
            ) from None
    return typed


URL = next(v for v in Publicity._meta.get_field("link").validators if hasattr(v, "schemes"))


class PublicityResource(Resource):
    """An item is found again by its community (全办 for the whole office), title and date.
    The activity it reports is exported, chosen on the item's page."""

    key = "publicity"
    model = Publicity
    title = _("Publicity ledger")
    list_url_name = "campaigns:publicity_list"
    url_prefix = "campaigns:publicity"
    field_headers = {"community": "社区"}
    columns = [
        replace(
            community_column(),
            export=lambda p: p.community.name if p.community_id else WHOLE_OFFICE,
        ),
        Column(
            "标题", "title", aliases=("题目", "报道标题"), required=True, example="民族团结一家亲"
        ),
        code_column("类别", "kind", PUBLICITY_KINDS, aliases=("类型", "宣传形式"), required=True),
        Column(
            "发布平台", "outlet", aliases=("平台", "媒体", "刊发媒体"), example="庙川社区公众号"
        ),
        Column(
            "发布日期",
            "published_on",
            aliases=("日期", "刊发日期"),
            parse=cells.date_value,
            required=True,
            example="2026-03-20",
        ),
        Column("链接", "link", aliases=("网址", "链接地址"), parse=link_value),
        Column(
            "报道活动", export=lambda p: str(p.activity) if p.activity_id else "", export_only=True
        ),
    ]

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        title = row.values.get("标题", "")
        if not title:
            return None
        return (row.values.get("社区", ""), title, row.values.get("发布日期"))

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        titles = sorted({row.values.get("标题", "") for row in rows} - {""})
        existing: dict[tuple[int | None, str, Any], Publicity] = {}
        for part in chunks(titles):
            found = Publicity.objects.for_user(user).filter(title__in=part)
            for item in found.select_related("activity"):  # Publicity.clean() reads it
                existing[(item.community_id, item.title, item.published_on)] = item
        return {"areas": areas, "existing": existing}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        if row.values.get("社区") == WHOLE_OFFICE:
            community = None
        else:
            community = context["areas"].community(row)
            if community is None:
                return
        community_id = community.pk if community else None
        key = (community_id, row.values.get("标题", ""), row.values.get("发布日期"))
        found = context["existing"].get(key)
        instance = found or Publicity(community=community)
        self.assign(row, instance, user)
        not_in_future(row, "发布日期", instance.published_on)
        row.instance = instance
        self.decide(row, found is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "activity")


PUBLICITY = register(PublicityResource())
