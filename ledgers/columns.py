"""Spreadsheet pieces every app's resources share: the community, grid and ID-number
columns, the look-ups of areas and residents, and the bases of resources kept in a community
or on a resident."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.sets import one_of, parts
from ledgers.cells import (
    id_number,
)
from ledgers.codes import Ethnicity
from ledgers.identifiers import mask_id, mask_ids_in
from ledgers.models import (
    Community,
    DocumentType,
    Grid,
    Household,
    Resident,
)
from sheets import bulk, cells
from sheets.resources import (
    Column,
    Mask,
    Resource,
    Row,
    chunks,
    set_community_names,
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
        for part in parts(numbers):
            # With the document type, "not empty" and no ordering, the unique partial index
            # (document_type, id_number) WHERE id_number <> '' serves this: id_number alone
            # made SQLite scan and PostgreSQL sort, and without "not empty" PostgreSQL could
            # not use the partial index and read all residents (a million: 0.2 s a query).
            found = (
                Resident.objects.filter(document_type__in=DocumentType.values)
                .exclude(id_number="")
                .filter(one_of("id_number", part))
                .order_by()
            )
            for resident in found:
                if resident.community_id in scope:
                    self.by_number[resident.id_number] = resident
                else:
                    self.elsewhere.add(resident.id_number)
        self._attach_households()

    def _attach_households(self) -> None:
        """Each resident's household (Resident.clean() compares its community), one object per
        household read in one query: a join made one per resident (three to a household), 0.2 s
        of each pass of a re-import of 10,000 rows. Not prefetch_related: it sends every id as a
        placeholder of its own, where one_of sends one array on PostgreSQL (core.sets)."""
        wanted = sorted({r.household_id for r in self.by_number.values() if r.household_id})
        households: dict[int, Household] = {}
        for part in parts(wanted):
            households.update(
                (household.pk, household)
                for household in Household.objects.filter(one_of("pk", part)).order_by()
            )
        cache = Resident._meta.get_field("household")
        for resident in self.by_number.values():
            # (A household removed meanwhile is left to be read, and missed, as before.)
            if resident.household_id in households:
                cache.set_cached_value(resident, households[resident.household_id])  # type: ignore[attr-defined]

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
        return {"areas": areas, "existing": existing, "new": bulk.maker(self.model)}

    def build(self, row: Row, context: dict[str, Any], user: Any) -> None:
        areas: AreaLookup = context["areas"]
        community = areas.community(row)
        if community is None:
            return
        found = context["existing"].get((community.pk, row.values.get(self.key_header, "")))
        instance = found or context["new"](community=community)
        areas.set_grid(row, instance, community)
        self.assign(row, instance, user)
        row.instance = instance
        self.decide(row, found is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("community", "grid")


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
        return {"residents": residents, "records": records, "new": bulk.maker(self.model)}

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
        instance = record or context["new"](resident=resident)
        self.assign(row, instance, user)
        row.instance = instance
        self.decide(row, record is not None, user)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("resident")


def community_names(user: Any, limit: int) -> list[str]:
    """The names of at most `limit` of the communities `user` works in."""
    return list(Community.objects.for_user(user).values_list("name", flat=True)[:limit])


set_community_names(community_names)  # an export's file name says where it is from
