"""The spreadsheets of organisations and places: businesses, religious venues, gathering places."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ledgers import identifiers
from ledgers.cells import RELIGION
from ledgers.columns import AreaLookup, InCommunityResource, community_column, grid_column
from ledgers.models import Business, BusinessKind, Place, PlaceKind
from sheets import cells
from sheets.resources import Column, Resource, Row, chunks, code_column, register

BUSINESS_KINDS = cells.CodeList(BusinessKind, {"个体户": "individual", "个体": "individual"})
PLACE_KINDS = cells.CodeList(
    PlaceKind,
    {"宗教场所": "religious", "清真寺": "religious", "聚居点": "gathering", "文化阵地": "cultural"},
)


def credit_code(value: object) -> str:
    code = cells.text(value)
    if not code:
        return ""
    try:
        return identifiers.check_credit_code(code)
    except identifiers.IdentifierError as error:
        raise cells.CellError(error.message) from None


class BusinessResource(Resource):
    key = "businesses"
    model = Business
    title = _("Businesses ledger")
    list_url_name = "ledgers:business_list"
    url_prefix = "ledgers:business"
    field_headers = {"community": "社区", "grid": "网格"}
    checked_by_lookup = {
        # `prepare` loads the businesses with the file's credit codes in every community: a
        # code found is that business (or refused as another community's).
        "ledgers_business_credit_code_unique": "prepare",
    }
    columns = [
        Column(
            "名称",
            "name",
            aliases=("字号名称", "单位名称", "企业名称", "商户名称"),
            required=True,
            example="马家牛肉面馆",
        ),
        Column(
            "类型",
            "kind",
            aliases=("主体类型",),
            parse=BUSINESS_KINDS.match,
            choices=[str(label) for label in BusinessKind.labels],
            labels=dict(BusinessKind.choices),
            required=True,
            example="个体工商户",
        ),
        Column(
            "统一社会信用代码",
            "credit_code",
            aliases=("信用代码", "社会信用代码"),
            parse=credit_code,
            text=True,
            example="92620202MA00000000",
        ),
        community_column(),
        grid_column(),
        Column(
            "经营者",
            "operator_name",
            aliases=("经营者姓名", "负责人", "法定代表人"),
            example="马建国",
            export=lambda b: b.operator_display,
        ),
        Column("行业", "industry", aliases=("经营范围",), example="餐饮"),
        Column(
            "地址", "address", aliases=("经营场所", "经营地址"), required=True, example="庙川路3号"
        ),
        Column("联系电话", "phone", aliases=("电话",), text=True),
        Column("从业人数", "employees", aliases=("员工人数",), parse=cells.integer, example="3"),
        Column(
            "少数民族经营",
            "minority_run",
            aliases=("是否少数民族经营",),
            parse=cells.boolean,
            example="是",
        ),
        Column("备注", "notes"),
    ]

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        code = row.values.get("统一社会信用代码", "")
        return ("code", code) if code else ("name", row.values.get("社区"), row.values.get("名称"))

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        codes = sorted({row.values.get("统一社会信用代码", "") for row in rows} - {""})
        names = sorted({row.values.get("名称", "") for row in rows} - {""})
        by_code: dict[str, Business] = {}
        elsewhere: set[str] = set()
        scope = {c.pk for c in areas.communities.values()}
        for part in chunks(codes):
            for business in Business.objects.filter(credit_code__in=part):
                if business.community_id in scope:
                    by_code[business.credit_code] = business
                else:
                    elsewhere.add(business.credit_code)
        by_name: dict[tuple[int, str], Business] = {}
        for part in chunks(names):
            for business in Business.objects.filter(
                community__in=scope, name__in=part, credit_code=""
            ):
                by_name[(business.community_id, business.name)] = business
        return {"areas": areas, "by_code": by_code, "elsewhere": elsewhere, "by_name": by_name}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        areas: AreaLookup = context["areas"]
        community = areas.community(row)
        code = row.values.get("统一社会信用代码", "")
        if code in context["elsewhere"]:
            row.error("统一社会信用代码", _("This credit code is registered in another community."))
            return
        if community is None:
            return
        business = (
            context["by_code"].get(code)
            if code
            else context["by_name"].get((community.pk, row.values.get("名称", "")))
        )
        instance = business or Business(community=community)
        areas.set_grid(row, instance, community)
        self.assign(row, instance, user)
        row.instance = instance
        self.decide(row, business is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "grid", "operator")


class PlaceResource(InCommunityResource):
    key = "places"
    model = Place
    title = _("Places ledger")
    list_url_name = "ledgers:place_list"
    url_prefix = "ledgers:place"
    columns = [
        Column("名称", "name", aliases=("场所名称",), required=True, example="庙川清真寺"),
        Column(
            "类型",
            "kind",
            aliases=("场所类型",),
            parse=PLACE_KINDS.match,
            choices=[str(label) for label in PlaceKind.labels],
            labels=dict(PlaceKind.choices),
            required=True,
            example="宗教活动场所",
        ),
        code_column("宗教", "religion", RELIGION, aliases=("宗教类别",), example="伊斯兰教"),
        Column("登记证号", "registration_number", aliases=("登记证编号",), text=True),
        community_column(),
        grid_column(),
        Column("地址", "address", required=True, example="清真寺巷1号"),
        Column("负责人", "person_in_charge", aliases=("管理人",)),
        Column("联系电话", "phone", aliases=("电话",), text=True),
        Column(
            "始建年份",
            "year_built",
            aliases=("始建时间", "建成年份"),
            parse=cells.integer,
            example="1373",
        ),
        Column("备注", "notes"),
    ]

    key_header = "名称"
    key_field = "name"


BUSINESSES = register(BusinessResource())
PLACES = register(PlaceResource())
