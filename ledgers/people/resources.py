"""The ledgers' spreadsheets: columns, natural keys and how a row finds what it refers to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

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
    id_number,
)
from ledgers.codes import Ethnicity, NewSocialStratum
from ledgers.identifiers import mask_id, mask_ids_in
from ledgers.models import (
    Community,
    DocumentType,
    FloatingRecord,
    Grid,
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
from sheets import cells
from sheets.resources import (
    Column,
    Mask,
    Resource,
    Row,
    chunks,
    code_column,
    register,
    set_community_names,
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


# Names of the national standard (not translated): looked up per row of an export, where
# get_ethnicity_display() would walk the choices each time.
ETHNICITY_NAMES = dict(Ethnicity.choices)


def community_column(**kwargs: Any) -> Column:
    return Column(
        "社区",
        aliases=("所属社区", "社区名称", "社区（居委会）", "居委会"),
        example="庙川社区",
        export=lambda obj: obj.community.name,
        **kwargs,
    )


def grid_column() -> Column:
    return Column(
        "网格",
        aliases=("所属网格", "网格名称", "网格编号"),
        example="第1网格",
        export=lambda obj: obj.grid.name if obj.grid_id else "",
    )


# ID numbers are shown in full only to those who may see them: elsewhere (exports, import
# previews, error files and messages) as ledgers.identifiers masks them.
ID_NUMBER = Mask("ledgers.view_full_id_number", mask_id, mask_ids_in)


def id_column(**kwargs: Any) -> Column:
    return Column(
        "公民身份号码",
        aliases=("身份证号", "身份证号码", "证件号码", "身份证", "证件号", "公民身份证号码"),
        parse=id_number,
        text=True,
        mask=ID_NUMBER,
        **kwargs,
    )


class AreaLookup:
    """The user's communities and their grids, by name (and grid code), loaded once."""

    def __init__(self, user: Any) -> None:
        self.communities = {c.name: c for c in Community.objects.for_user(user)}
        self.only = next(iter(self.communities.values())) if len(self.communities) == 1 else None
        self.grids: dict[tuple[int, str], Grid] = {}
        self.grids_by_pk: dict[int, Grid] = {}
        for grid in Grid.objects.filter(community__in=self.communities.values()):
            self.grids[(grid.community_id, grid.name)] = grid
            self.grids[(grid.community_id, grid.code)] = grid
            self.grids_by_pk[grid.pk] = grid

    def community(self, row: Row) -> Community | None:
        name = row.values.get("社区", "")
        if not name:
            if self.only is None:
                row.error("社区", _("Say which community: you work in more than one."))
            return self.only
        community = self.communities.get(name)
        if community is None:
            row.error("社区", _("“%(name)s” is not one of your communities.") % {"name": name})
        return community

    def set_grid(self, row: Row, instance: Any, community: Community | None) -> None:
        grid = self.grid(row, community)
        if grid is not None and instance.grid_id != grid.pk:
            instance.grid = grid
            row.changed.add("grid")
        self.attach_grid(instance)

    def attach_grid(self, instance: Any) -> None:
        """Give a row its grid as an object already loaded: the model's clean() compares the
        grid's community with the row's, which would otherwise cost a query per row."""
        if instance.grid_id and instance.grid_id in self.grids_by_pk:
            instance.grid = self.grids_by_pk[instance.grid_id]

    def grid(self, row: Row, community: Community | None) -> Grid | None:
        name = row.values.get("网格", "")
        if not name or community is None:
            return None
        grid = self.grids.get((community.pk, name))
        if grid is None:
            row.error(
                "网格",
                _("%(community)s has no grid “%(name)s”.")
                % {"community": community.name, "name": name},
            )
        return grid


class ResidentLookup:
    """Residents named in a file by ID number, loaded in chunks: in scope, or elsewhere."""

    def __init__(self, numbers: Iterable[str], user: Any) -> None:
        numbers = sorted({n for n in numbers if n})
        scope = set(Community.objects.for_user(user).values_list("pk", flat=True))
        self.by_number: dict[str, Resident] = {}
        self.elsewhere: set[str] = set()
        for part in chunks(numbers):
            # With the document type and no ordering, the unique (document_type, id_number)
            # index serves this; id_number alone made SQLite scan and PostgreSQL sort.
            found = (
                Resident.objects.filter(document_type__in=DocumentType.values, id_number__in=part)
                .select_related("household")  # Resident.clean() compares its community
                .order_by()
            )
            for resident in found:
                if resident.community_id in scope:
                    self.by_number[resident.id_number] = resident
                else:
                    self.elsewhere.add(resident.id_number)

    def get(self, row: Row, column: str = "公民身份号码") -> Resident | None:
        number = row.values.get(column, "")
        if not number:
            return None
        if number in self.elsewhere:
            row.error(column, _("This ID number is registered in another community."))
            return None
        resident = self.by_number.get(number)
        if resident is None:
            row.error(column, _("No resident of your communities has this ID number."))
        return resident


# ---- residents ----------------------------------------------------------------------------


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
        for part in chunks(sorted(wanted)):
            for household in Household.objects.filter(
                community__in=areas.communities.values(), number__in=part
            ):
                households[(household.community_id, household.number)] = household
        return {"areas": areas, "existing": existing, "households": households}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        areas: AreaLookup = context["areas"]
        existing: ResidentLookup = context["existing"]
        number = row.values.get("公民身份号码", "")
        document_type = row.values.get("证件类型") or DocumentType.CITIZEN
        resident = None
        if number:
            if number in existing.elsewhere:
                row.error(
                    "公民身份号码", _("This ID number is already registered in another community.")
                )
            resident = existing.by_number.get(number)
        community = areas.community(row)
        instance = resident or Resident(document_type=document_type)
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
        row.instance = instance
        self.decide(row, resident is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Only what the columns show: a third of the fields, and no timestamps to convert.
        own = [column.field for column in self.columns if column.field]
        related = ["community__name", "grid__name", "household__number"]
        return queryset.select_related("community", "grid", "household").only(*own, *related)


# ---- households ---------------------------------------------------------------------------


class InCommunityResource(Resource):
    """A row of a community's ledger, found again by its community and a number or name."""

    key_header: ClassVar[str]
    key_field: ClassVar[str]
    field_headers = {"community": "社区", "grid": "网格"}

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        value = row.values.get(self.key_header, "")
        return (row.values.get("社区", ""), value) if value else None

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        areas = AreaLookup(user)
        values = sorted({row.values.get(self.key_header, "") for row in rows} - {""})
        existing: dict[tuple[int, str], Any] = {}
        manager = self.model._default_manager
        for part in chunks(values):
            lookup = {"community__in": areas.communities.values(), f"{self.key_field}__in": part}
            for obj in manager.filter(**lookup):
                existing[(obj.community_id, getattr(obj, self.key_field))] = obj  # type: ignore[attr-defined]
        return {"areas": areas, "existing": existing}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        areas: AreaLookup = context["areas"]
        community = areas.community(row)
        if community is None:
            return
        found = context["existing"].get((community.pk, row.values.get(self.key_header, "")))
        instance = found or self.model(community=community)
        areas.set_grid(row, instance, community)
        self.assign(row, instance, user)
        row.instance = instance
        self.decide(row, found is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "grid")


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


def resident_columns() -> list[Column]:
    """The columns that name the resident a record is kept on (exported with the record)."""
    return [
        Column(
            "姓名",
            aliases=("名字",),
            required=True,
            example="马建国",
            export=lambda r: r.resident.name,
        ),
        id_column(
            required=True, example="620202197003050118", export=lambda r: r.resident.id_number
        ),
        Column(
            "民族", export=lambda r: ETHNICITY_NAMES.get(r.resident.ethnicity, ""), parse=cells.text
        ),
    ]


class OnResidentResource(Resource):
    """A special ledger: each row is a record on a resident found by ID number in scope."""

    record_key: tuple[str, ...] = ()  # columns that, with the resident, identify a record
    field_headers = {"resident": "公民身份号码"}

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        number = row.values.get("公民身份号码", "")
        if not number:
            return None
        return (number, *(row.values.get(c) for c in self.record_key))

    def prepare(self, rows: list[Row], user: Any) -> dict[str, Any]:
        residents = ResidentLookup((row.values.get("公民身份号码", "") for row in rows), user)
        records: dict[tuple[Any, ...], Any] = {}
        ids = [r.pk for r in residents.by_number.values()]
        for part in chunks(ids):
            for record in self.model._default_manager.filter(resident_id__in=part).select_related(
                "resident"
            ):
                records[self.record_identity(record)] = record
        return {"residents": residents, "records": records}

    def record_identity(self, record: Any) -> tuple[Any, ...]:
        return (record.resident_id, *(getattr(record, self.field_of(c)) for c in self.record_key))

    def field_of(self, header: str) -> str:
        return next(c.field for c in self.columns if c.header == header)

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        resident = context["residents"].get(row)
        if resident is None:
            return
        if row.values.get("姓名") and row.values["姓名"] != resident.name:
            row.error(
                "姓名",
                _("The name differs from the register (%(name)s) for this ID number.")
                % {"name": resident.name},
            )
        key = (resident.pk, *(row.values.get(c) for c in self.record_key))
        record = context["records"].get(key)
        instance = record or self.model(resident=resident)
        self.assign(row, instance, user)
        row.instance = instance
        self.decide(row, record is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("resident")


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


def community_names(user: Any, limit: int) -> list[str]:
    """The names of at most `limit` of the communities `user` works in."""
    return list(Community.objects.for_user(user).values_list("name", flat=True)[:limit])


set_community_names(community_names)  # an export's file name says where it is from
