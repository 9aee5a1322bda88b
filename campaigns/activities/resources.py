"""The activity ledger (活动台账) as a spreadsheet, registered in CampaignsConfig.ready(); its
import, template and export pages are the framework's own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import Activity, ActivityKind
from campaigns.ledger_cells import WHOLE_OFFICE
from ledgers.columns import AreaLookup
from ledgers.models import Community, Place
from sheets import cells
from sheets.resources import Column, Resource, Row, chunks, code_column

KINDS = cells.CodeList(
    ActivityKind,
    {
        "理论中心组学习": "study",
        "理论学习": "study",
        "中心组学习": "study",
        "学习": "study",
        "动员部署会": "mobilisation",
        "动员会": "mobilisation",
        "部署会": "mobilisation",
        "座谈会": "forum",
        "座谈": "forum",
        "政策宣讲": "policy_lecture",
        "宣讲": "policy_lecture",
        "民族宗教政策宣讲": "policy_lecture",
        "文艺演出": "performance",
        "演出": "performance",
        "专题培训": "training",
        "培训": "training",
        "办实事": "service",
        "办实事进社区": "service",
        "志愿服务": "service",
        "反诈宣传": "anti_fraud",
        "反诈": "anti_fraud",
        "节日活动": "festival",
        "节日": "festival",
        "民族团结宣传月": "unity_month",
        "民族团结宣传周": "unity_month",
        "宣传月": "unity_month",
        "其他": "other",
    },
)


def head_count(value: object) -> int | None:
    number = cells.integer(value)
    if number is not None and number < 0:
        raise cells.CellError(_("A number of people cannot be negative."))
    return number


def office_name(name: str) -> bool:
    return name in ("", WHOLE_OFFICE)


class ActivityResource(Resource):
    """活动台账: one row per activity, known by its community, date and title. An empty 社区
    cell or 全办 is an activity of the whole office. 地点 is a place of the ledger when one of
    the activity's community has that name, else the location as written."""

    key = "activities"
    model = Activity
    title = _("Activity ledger")
    list_url_name = "campaigns:activity_list"
    url_prefix = "campaigns:activity"
    field_headers = {"community": "社区", "place": "地点", "place_text": "地点"}
    checked_by_lookup = {
        # Both say in SQL what Activity.clean() says in Python, on every row, without a query.
        "campaigns_activity_minority_within_total": "Activity.clean",
        "campaigns_activity_place_or_location": "Activity.clean",
    }
    columns = [
        Column(
            "日期",
            "held_on",
            aliases=("活动日期", "活动时间", "时间"),
            parse=cells.date_value,
            required=True,
            example="2026-05-12",
        ),
        code_column(
            "活动类型",
            "kind",
            KINDS,
            aliases=("类型", "活动类别", "类别"),
            required=True,
            example="政策宣讲",
        ),
        Column(
            "标题",
            "title",
            aliases=("活动名称", "活动标题", "名称"),
            required=True,
            example="民族宗教政策宣讲进社区",
        ),
        Column("主题", "theme", aliases=("活动主题",), example="铸牢中华民族共同体意识"),
        Column(
            "社区",
            aliases=("所属社区", "社区名称", "社区（居委会）", "居委会"),
            example="庙川社区",
            export=lambda a: a.community.name if a.community_id else WHOLE_OFFICE,
        ),
        Column(
            "地点",
            aliases=("活动地点", "场所", "地址"),
            example="社区党群服务中心",
            export=lambda a: a.where,
        ),
        Column(
            "组织者",
            "organiser",
            aliases=("组织单位", "主办单位", "主办", "组织人"),
            example="庙川社区居委会",
        ),
        Column(
            "参加人数",
            "participants",
            aliases=("参与人数", "人数", "参加人次"),
            parse=head_count,
            example="40",
        ),
        Column(
            "少数民族参加人数",
            "minority_participants",
            aliases=("少数民族人数", "其中少数民族", "少数民族参与人数"),
            parse=head_count,
            example="12",
        ),
        Column(
            "内容摘要",
            "summary",
            aliases=("活动内容", "内容", "摘要", "活动简介"),
            example="宣讲民族宗教政策，发放宣传册。",
        ),
    ]

    @property
    def import_permission(self) -> str:
        # Importing activities is recording them: no separate permission to grant.
        return "campaigns.add_activity"

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        community = row.values.get("社区", "")
        community = "" if office_name(community) else community
        return ("activity", community, row.values.get("日期"), row.values.get("标题", ""))

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        titles = sorted({row.values.get("标题", "") for row in rows} - {""})
        existing: dict[tuple[int | None, Any, str], Activity] = {}
        for part in chunks(titles):
            found = Activity.objects.for_user(user).filter(title__in=part).order_by("pk")
            for activity in found.select_related("place"):
                existing.setdefault(
                    (activity.community_id, activity.held_on, activity.title), activity
                )
        names = sorted({row.values.get("地点", "") for row in rows} - {""})
        places: dict[tuple[int | None, str], Place | None] = {}
        for part in chunks(names):
            for place in Place.objects.for_user(user).filter(name__in=part).order_by("pk"):
                places.setdefault((place.community_id, place.name), place)
                # An office-wide activity takes a place of any community, if its name is unique.
                office_key = (None, place.name)
                places[office_key] = None if office_key in places else place
        return {"areas": areas, "existing": existing, "places": places}

    def community(self, row: Row, areas: AreaLookup) -> tuple[bool, Community | None]:
        """(found, community): an office-wide row is (True, None)."""
        name = row.values.get("社区", "")
        if office_name(name):
            return True, None
        community = areas.communities.get(name)
        if community is None:
            row.error("社区", _("“%(name)s” is not one of your communities.") % {"name": name})
            return False, None
        return True, community

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        found, community = self.community(row, context["areas"])
        if not found:
            return
        key = (community.pk if community else None, row.values.get("日期"), row.values.get("标题"))
        activity = context["existing"].get(key)
        if activity is None and not user.has_perm("campaigns.add_activity"):
            row.error(None, _("You may not record activities."))
            return
        instance = activity or Activity(community=community)
        self.assign(row, instance, user)
        self.set_place(row, instance, context["places"])
        if instance.held_on and instance.held_on > timezone.localdate():
            # The ledger records what was held (the calendar plans what is to come).
            row.error("日期", _("The activity is recorded after it was held."))
        row.instance = instance
        self.decide(row, activity is not None, user)

    def set_place(self, row: Row, activity: Activity, places: dict[Any, Place | None]) -> None:
        name = row.values.get("地点", "")
        if not name:
            return  # a new activity without one is refused by its own rules
        place = places.get((activity.community_id, name))
        place_id, place_text = (place.pk, "") if place else (None, name)
        if activity.place_id != place_id:
            activity.place = place
            row.changed.add("place")
        if activity.place_text != place_text:
            activity.place_text = place_text
            row.changed.add("place_text")

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "place")


ACTIVITIES = ActivityResource()
