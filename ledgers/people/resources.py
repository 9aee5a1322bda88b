"""The spreadsheets of people: residents, households and the records kept on a resident
(floating, new strata, overseas ties, study abroad)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.sets import one_of, parts
from ledgers import identifiers
from ledgers.cells import (
    DOMICILE_TYPE,
    EDUCATION,
    ETHNICITY,
    GENDER,
    INFLOW_REASON,
    MARITAL_STATUS,
    NEW_SOCIAL_STRATUM,
    POLITICAL_STATUS,
    RELATION_TO_HEAD,
    RELIGION,
)
from ledgers.codes import NewSocialStratum
from ledgers.columns import (
    AreaLookup,
    InCommunityResource,
    OnResidentResource,
    ResidentLookup,
    community_column,
    grid_column,
    id_column,
    resident_columns,
)
from ledgers.models import (
    DocumentType,
    FloatingRecord,
    Household,
    HouseholdKind,
    OverseasTie,
    OverseasTieKind,
    PermitType,
    ResidenceType,
    Resident,
    StrataMembership,
    StudyAbroad,
)
from ledgers.moves import duplicates, periods
from sheets import bulk, cells
from sheets.models import ImportBatch
from sheets.resources import (
    Column,
    Resource,
    Row,
    code_column,
    register,
)

DOCUMENT_TYPES = cells.CodeList(
    DocumentType,
    {"身份证": "citizen", "居民身份证": "citizen", "港澳台居住证": "hmt_residence"},
)
RESIDENCE_TYPES = cells.CodeList(
    ResidenceType,
    {"户籍": "registered", "常住": "registered", "流动": "floating", "境外": "foreign"},
)
HOUSEHOLD_KINDS = cells.CodeList(HouseholdKind, {"家庭": "family", "集体": "collective"})
PERMIT_TYPES = cells.CodeList(PermitType)
OVERSEAS_KINDS = cells.CodeList(
    OverseasTieKind,
    {"港澳眷属": "hk_macao", "台胞眷属": "taiwan", "港澳台眷属": "hk_macao"},
)


# ---- residents ----------------------------------------------------------------------------

# A new row of a person likely registered in a community the importer does not see: nothing
# is written, and the row says how to go on (neither who nor where).
ELSEWHERE_IN_IMPORT = _(
    "This person may already be registered in another community of the office. If they have "
    "moved here, ask that community to propose a transfer and leave this row out; if this is "
    "another person, add them on the resident form, which lets you confirm it."
)


def _person_of(row: Row) -> tuple[str, Any]:
    """The name and birth date of a row: the typed date, else the one its ID number gives."""
    born = row.values.get("出生日期")
    if not born:
        try:
            born = identifiers.parse_citizen_id(row.values.get("公民身份号码", "")).birth_date
        except identifiers.IdentifierError:
            born = None
    return row.values.get("姓名", ""), born


class ResidentResource(Resource):
    key = "residents"
    model = Resident
    title = _("Residents ledger")
    list_url_name = "ledgers:resident_list"
    url_prefix = "ledgers:resident"
    field_headers = {"community": "社区", "grid": "网格", "household": "户号"}
    checked_by_lookup = {
        # ResidentLookup loads the residents with the file's ID numbers, of every document
        # type and community: a number found is that resident (or refused as another
        # community's), so no row adds a second resident with a registered number.
        "ledgers_resident_document_unique": "ResidentLookup",
    }
    follows_from = {"id_number": ("gender", "birth_date")}
    undo_owns = ("periods",)  # its first residence period, begun by the import
    columns = [
        Column("姓名", "name", aliases=("名字",), required=True, example="马建国"),
        Column(
            "证件类型",
            "document_type",
            parse=DOCUMENT_TYPES.match,
            choices=[str(label) for label in DocumentType.labels],
            labels=dict(DocumentType.choices),
        ),
        id_column(field="id_number", example="620202197003050118"),
        code_column("性别", "gender", GENDER, example="男"),
        Column("出生日期", "birth_date", parse=cells.date_value, example="1970-03-05"),
        code_column("民族", "ethnicity", ETHNICITY, required=True, example="回族"),
        community_column(),
        grid_column(),
        Column(
            "户号",
            aliases=("户编号",),
            example="MC-0001",
            export=lambda r: r.household.number if r.household_id else "",
        ),
        code_column("与户主关系", "relation_to_head", RELATION_TO_HEAD, example="户主"),
        Column(
            "人口类型",
            "residence_type",
            aliases=("人员类型", "人口类别"),
            parse=RESIDENCE_TYPES.match,
            choices=[str(label) for label in ResidenceType.labels],
            labels=dict(ResidenceType.choices),
        ),
        Column("曾用名", "former_name"),
        Column("籍贯", "native_place", example="甘肃临夏"),
        code_column("婚姻状况", "marital_status", MARITAL_STATUS, example="已婚"),
        code_column("政治面貌", "political_status", POLITICAL_STATUS, example="群众"),
        code_column("学历", "education", EDUCATION, aliases=("文化程度",), example="高中"),
        code_column("宗教信仰", "religion", RELIGION, permission="ledgers.view_religion"),
        Column("职业", "occupation"),
        Column("服务处所", "employer", aliases=("工作单位", "单位")),
        Column(
            "联系电话",
            "phone",
            aliases=("电话", "手机", "手机号", "手机号码", "联系方式"),
            text=True,
            example="13900001111",
        ),
        Column("户籍地", "hukou_place", aliases=("户籍所在地",)),
        Column("户籍地详址", "hukou_address", aliases=("户籍地址",)),
        Column(
            "现住址",
            "current_address",
            aliases=("现居住地址", "居住地址", "住址", "现住地址"),
            example="庙川路1号",
        ),
        Column("人户一致", "lives_at_registration", parse=cells.boolean, example="是"),
        Column("备注", "notes"),
    ]

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        number = row.values.get("公民身份号码", "")
        return ("id", number) if number else None

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        numbers = {row.values.get("公民身份号码", "") for row in rows}
        existing = ResidentLookup(numbers, user)
        wanted = {row.values.get("户号") for row in rows} - {None, ""}
        households: dict[tuple[int, str], Household] = {}
        for part in parts(sorted(wanted)):  # no ordering: no join for the households' order
            for household in (
                Household.objects.filter(community__in=areas.communities.values())
                .filter(one_of("number", part))
                .order_by()
            ):
                households[(household.community_id, household.number)] = household
        elsewhere = duplicates.registered_elsewhere(
            user,
            (
                _person_of(row)
                for row in rows
                if row.values.get("公民身份号码", "") not in existing.by_number
            ),
        )
        return {
            "areas": areas,
            "existing": existing,
            "households": households,
            "elsewhere": elsewhere,
            "new": bulk.maker(Resident),
            "name_keys": {},  # (name, reading) → its pinyin keys, read once in the step
        }

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        areas: AreaLookup = context["areas"]
        existing: ResidentLookup = context["existing"]
        number = row.values.get("公民身份号码", "")
        document_type = row.values.get("证件类型") or DocumentType.CITIZEN
        resident = None
        if number:
            if number in existing.elsewhere:
                row.error("公民身份号码", duplicates.NUMBER_ELSEWHERE)
            resident = existing.by_number.get(number)
        community = areas.community(row)
        instance = resident or context["new"](document_type=document_type)
        if resident is None and community is not None:
            instance.community = community
        elif (
            resident is not None and community is not None and resident.community_id != community.pk
        ):
            row.error(
                "社区",
                _("This person is registered in %(name)s; move them on their page.")
                % {"name": resident.community.name},
            )
        areas.set_grid(row, instance, community)
        household_number = row.values.get("户号", "")
        if household_number and community is not None:
            household = context["households"].get((community.pk, household_number))
            if household is None:
                row.error(
                    "户号",
                    _("%(community)s has no household %(number)s: import the households first.")
                    % {"community": community.name, "number": household_number},
                )
            else:
                if instance.household_id != household.pk:
                    row.changed.add("household")
                instance.household = household
        old_ethnicity = instance.ethnicity if resident else None
        self.assign(row, instance, user)
        if resident is not None and old_ethnicity and instance.ethnicity != old_ethnicity:
            row.error(
                "民族",
                _(
                    "The ethnicity differs from the register; a change of ethnicity "
                    "is recorded on the resident's page."
                ),
            )
        if not row.has_error("公民身份号码"):
            # The gender and birth date a citizen ID number gives, unless the file typed them
            # (the model's rules check those against the number), as the form fills them.
            headers = self.model_rules.headers
            typed = {f for f in ("gender", "birth_date") if row.values.get(headers[f])}
            row.changed |= instance.take_from_id_number(keep=typed)
        row.changed |= instance.fill_name_keys(context["name_keys"])
        if resident is None and (instance.name, instance.birth_date) in context["elsewhere"]:
            row.error("姓名", ELSEWHERE_IN_IMPORT)
        row.instance = instance
        self.decide(row, resident is not None, user)

    def write_related(self, rows: list[Row], batch: ImportBatch) -> None:
        """Each new resident's first residence period; a moved one's next (ledgers.moves)."""
        created = [row.instance for row in rows if row.action == "new"]
        updated = [row.instance for row in rows if row.action == "update"]
        periods.follow(created, created=True, user=batch.user)
        periods.follow(updated, user=batch.user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Only what the columns show: a third of the fields, and no timestamps to convert.
        own = [column.field for column in self.columns if column.field]
        related = ["community__name", "grid__name", "household__number"]
        return queryset.select_related("community", "grid", "household").only(*own, *related)


# ---- households ---------------------------------------------------------------------------


class HouseholdResource(InCommunityResource):
    key = "households"
    model = Household
    title = _("Households ledger")
    list_url_name = "ledgers:household_list"
    url_prefix = "ledgers:household"
    columns = [
        Column("户号", "number", aliases=("户编号",), required=True, example="MC-0001"),
        community_column(),
        grid_column(),
        Column(
            "地址",
            "address",
            aliases=("住址", "家庭住址", "户籍地址"),
            required=True,
            example="庙川路1号",
        ),
        Column("栋", "building", aliases=("楼栋", "楼号"), example="3"),
        Column("单元", "unit", example="2"),
        Column("室", "room", aliases=("房号", "门牌号"), example="501"),
        code_column("住房类型", "housing_type", DOMICILE_TYPE, example="自购房屋"),
        Column(
            "户别",
            "kind",
            parse=HOUSEHOLD_KINDS.match,
            choices=[str(label) for label in HouseholdKind.labels],
            labels=dict(HouseholdKind.choices),
            example="家庭户",
        ),
        Column("困难户", "hardship", aliases=("是否困难户",), parse=cells.boolean, example="否"),
        Column("备注", "notes"),
    ]

    key_header = "户号"
    key_field = "number"
    # `prepare` loads the households of the file's numbers in the user's communities: a
    # number found is that household, so no row adds a second one to a community.
    checked_by_lookup = {"ledgers_household_number_unique_in_community": "prepare"}


# ---- records kept on residents ------------------------------------------------------------


class FloatingResource(OnResidentResource):
    key = "floating"
    model = FloatingRecord
    title = _("Floating population ledger")
    list_url_name = "ledgers:floating_ledger"
    url_prefix = "ledgers:floatingrecord"
    record_key = ("来本地日期",)
    columns = [
        *resident_columns(),
        Column(
            "来源地", "origin", aliases=("户籍地", "流出地"), required=True, example="青海省循化县"
        ),
        Column(
            "来本地日期",
            "arrived_on",
            aliases=("来本地时间", "流入日期", "流入时间"),
            parse=cells.date_value,
            required=True,
            example="2024-03-01",
        ),
        code_column(
            "流入原因",
            "inflow_reason",
            INFLOW_REASON,
            aliases=("来本地事由",),
            required=True,
            example="经商",
        ),
        Column(
            "办证类型",
            "permit_type",
            parse=PERMIT_TYPES.match,
            choices=[str(label) for label in PermitType.labels],
            labels=dict(PermitType.choices),
            example="居住证",
        ),
        Column(
            "证件号码（居住证）", "permit_number", aliases=("居住证号码", "居住证号"), text=True
        ),
        Column(
            "证件到期日期",
            "permit_expires",
            aliases=("居住证到期日期", "有效期至"),
            parse=cells.date_value,
        ),
        code_column("住所类型", "domicile_type", DOMICILE_TYPE, example="租赁房屋"),
        Column("房东姓名", "landlord_name", aliases=("房东",)),
        Column("房东电话", "landlord_phone", text=True),
        Column("离开日期", "left_on", parse=cells.date_value),
    ]


class StrataResource(OnResidentResource):
    key = "new-strata"
    model = StrataMembership
    title = _("New social strata ledger")
    list_url_name = "ledgers:strata_ledger"
    url_prefix = "ledgers:stratamembership"
    columns = [
        *resident_columns(),
        Column(
            "类别",
            "categories",
            aliases=("人士类别", "所属类别"),
            required=True,
            parse=lambda value: strata_categories(value),
            choices=[str(label) for label in NewSocialStratum.labels],
            export=lambda r: r.category_names(),
            example="自由职业人员",
        ),
        Column("工作单位", "employer", aliases=("单位", "服务处所")),
        Column("职务", "position"),
        Column("人大代表", "is_npc_deputy", parse=cells.boolean, example="否"),
        Column("政协委员", "is_cppcc_member", parse=cells.boolean, example="否"),
        Column("其他代表人士身份", "other_representative"),
    ]


def strata_categories(value: object) -> str:
    """One or more categories separated by 、，, ; or /: stored as sorted codes ("1,3")."""
    parts = [
        p
        for p in cells.text(value)
        .replace("，", ",")
        .replace("、", ",")
        .replace("；", ",")
        .replace(";", ",")
        .replace("/", ",")
        .split(",")
        if p.strip()
    ]
    return ",".join(sorted({NEW_SOCIAL_STRATUM.match(p) for p in parts}))


class OverseasResource(OnResidentResource):
    key = "overseas"
    model = OverseasTie
    title = _("Returned overseas Chinese and relatives ledger")
    list_url_name = "ledgers:overseas_ledger"
    url_prefix = "ledgers:overseastie"
    record_key = ("类别",)
    columns = [
        *resident_columns(),
        Column(
            "类别",
            "kind",
            aliases=("归侨侨眷类别", "身份"),
            required=True,
            parse=OVERSEAS_KINDS.match,
            choices=[str(label) for label in OverseasTieKind.labels],
            labels=dict(OverseasTieKind.choices),
            example="侨眷",
        ),
        Column(
            "侨居国或地区",
            "country",
            aliases=("侨居国", "侨居地", "国家或地区"),
            required=True,
            example="马来西亚",
        ),
        Column("备注", "notes"),
    ]


class StudyAbroadResource(OnResidentResource):
    key = "study-abroad"
    model = StudyAbroad
    title = _("Students abroad ledger")
    list_url_name = "ledgers:study_abroad_ledger"
    url_prefix = "ledgers:studyabroad"
    record_key = ("就读院校",)
    columns = [
        *resident_columns(),
        Column(
            "留学国家或地区",
            "country",
            aliases=("留学国家", "国家或地区", "国家"),
            required=True,
            example="埃及",
        ),
        Column(
            "就读院校",
            "institution",
            aliases=("院校", "学校"),
            required=True,
            example="爱资哈尔大学",
        ),
        Column(
            "出国日期",
            "from_date",
            aliases=("开始日期", "出国时间"),
            parse=cells.date_value,
            required=True,
            example="2023-09-01",
        ),
        Column("回国日期", "to_date", aliases=("结束日期", "预计回国日期"), parse=cells.date_value),
        Column("国内联系人", "home_contact", aliases=("联系人",)),
        Column("国内联系电话", "home_phone", aliases=("联系电话",), text=True),
    ]


RESIDENTS = register(ResidentResource())
HOUSEHOLDS = register(HouseholdResource())
FLOATING = register(FloatingResource())
STRATA = register(StrataResource())
OVERSEAS = register(OverseasResource())
STUDY_ABROAD = register(StudyAbroadResource())
