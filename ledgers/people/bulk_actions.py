"""Bulk edits of the resident list (core.bulkedit): reassign the grid, add a tag, remove a tag.
Registered from LedgersConfig.ready()."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import navigation
from core.bulkedit import registry
from core.bulkedit.forms import NoParameters
from core.bulkedit.registry import Preview, Refused, Sample, UndoRecord
from ledgers.areas.models import Grid
from ledgers.moves import periods
from ledgers.moves.models import MoveEvent
from ledgers.people.models import Resident, ResidentStatus, Tag
from ledgers.people.views import ResidentListView
from sheets.bulkedits import RowsAction, save_rows

SAMPLE = 10
CHANGE = ("ledgers.change_resident",)


class GridForm(NoParameters):
    grid = forms.ModelChoiceField(label=_("new grid"), queryset=Grid.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["grid"]
        field.queryset = Grid.objects.for_user(self.user).select_related("community")


class TagForm(NoParameters):
    tag = forms.ModelChoiceField(label=_("tag"), queryset=Tag.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tags = Tag.objects.all()
        if not self.user.has_perm("ledgers.view_religion"):
            tags = tags.filter(sensitive=False)
        field: Any = self.fields["tag"]
        field.queryset = tags


class ReassignGrid(RowsAction):
    """调整网格: the residents on the register move to another grid of their community; each
    move is a residence period (调整网格)."""

    key = "resident-grid"
    label = _("Reassign grid")
    model = Resident
    permissions = CHANGE
    form_class = GridForm
    help_text = _("Residents on the register move to the grid chosen; each move is recorded.")

    def describe(self, cleaned: dict[str, Any]) -> str:
        return str(cleaned["grid"])

    def moving(self, rows: QuerySet[Any], grid: Grid) -> QuerySet[Any]:
        return rows.filter(status=ResidentStatus.ACTIVE).exclude(grid=grid)

    def elsewhere(self, rows: QuerySet[Any], grid: Grid) -> int:
        return rows.exclude(community_id=grid.community_id).count()

    def preview(self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any) -> Preview:
        grid = cleaned["grid"]
        moving = self.moving(rows, grid)
        preview = Preview(changing=moving.count())
        preview.sample = [
            Sample(str(r), r.grid.name if r.grid else "", grid.name)
            for r in moving.select_related("grid").order_by("name_sort", "pk")[:SAMPLE]
        ]
        elsewhere = self.elsewhere(rows, grid)
        if elsewhere:
            preview.problem = self.elsewhere_message(elsewhere, grid)
        off = rows.exclude(status=ResidentStatus.ACTIVE).count()
        if off:
            preview.notes.append(
                ngettext(
                    "%(n)d resident not on the register is left as they are.",
                    "%(n)d residents not on the register are left as they are.",
                    off,
                )
                % {"n": off}
            )
        return preview

    def elsewhere_message(self, count: int, grid: Grid) -> str:
        return ngettext(
            "%(n)d resident of the list lives in another community than %(grid)s: filter the "
            "list by the grid's community first.",
            "%(n)d residents of the list live in another community than %(grid)s: filter the "
            "list by the grid's community first.",
            count,
        ) % {"n": count, "grid": grid}

    def apply(
        self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any, *, reason: str
    ) -> UndoRecord:
        grid = cleaned["grid"]
        objs = list(self.moving(rows, grid).select_for_update())
        elsewhere = self.elsewhere(rows, grid)
        if elsewhere:
            raise Refused(self.elsewhere_message(elsewhere, grid))
        before = {obj.pk: {"grid_id": obj.grid_id} for obj in objs}
        for obj in objs:
            obj.grid = grid
        record = UndoRecord()
        save_rows(Resident, objs, ["grid"], before, record, user=user, reason=reason)
        self.follow(objs, user, reason)
        return record

    def follow(self, objs: list[Resident], user: Any, reason: str) -> None:
        move = periods.Move(MoveEvent.GRID, reason=reason, user=user)
        for obj in objs:
            periods.record(obj, move)
        try:
            periods.follow(objs, user=user)
        except periods.MoveError as error:
            raise Refused(error.message) from None

    def restore(
        self,
        model: Any,
        objs: list[Any],
        rows: dict[str, dict[str, Any]],
        user: Any,
        reason: str,
    ) -> None:
        super().restore(model, objs, rows, user, reason)
        self.follow(objs, user, reason)  # a compensating move, never a period removed


class TagAction(RowsAction):
    """Add a tag to, or remove it from, every resident of the list."""

    model = Resident
    permissions = CHANGE
    form_class = TagForm
    adding = True

    def describe(self, cleaned: dict[str, Any]) -> str:
        return str(cleaned["tag"])

    def changing(self, rows: QuerySet[Any], tag: Tag) -> QuerySet[Any]:
        having = Resident.tags.through.objects.filter(tag=tag).values("resident_id")
        return rows.exclude(pk__in=having) if self.adding else rows.filter(pk__in=having)

    def preview(self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any) -> Preview:
        tag = cleaned["tag"]
        changing = self.changing(rows, tag)
        sample = list(changing.prefetch_related("tags").order_by("name_sort", "pk")[:SAMPLE])
        sees = user.has_perm("ledgers.view_religion")

        def shown(tags: list[Tag]) -> str:
            return "、".join(t.name for t in tags if sees or not t.sensitive)

        rows_shown = []
        for resident in sample:
            now = list(resident.tags.all())
            after = [*now, tag] if self.adding else [t for t in now if t.pk != tag.pk]
            rows_shown.append(Sample(str(resident), shown(now), shown(after)))
        return Preview(changing=changing.count(), sample=rows_shown)

    def apply(
        self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any, *, reason: str
    ) -> UndoRecord:
        tag = cleaned["tag"]
        objs = list(self.changing(rows, tag).select_for_update())
        ids = [obj.pk for obj in objs]
        before = tags_of(ids)
        links = Resident.tags.through.objects
        if self.adding:
            links.bulk_create([links.model(resident_id=pk, tag_id=tag.pk) for pk in ids])
        else:
            links.filter(resident_id__in=ids, tag=tag).delete()
        record = UndoRecord()
        changed = {pk: {"tags": before.get(pk, [])} for pk in ids}
        save_rows(Resident, objs, [], changed, record, user=user, reason=reason)
        return record

    def restore(
        self,
        model: Any,
        objs: list[Any],
        rows: dict[str, dict[str, Any]],
        user: Any,
        reason: str,
    ) -> None:
        ids = [obj.pk for obj in objs]
        links = Resident.tags.through.objects
        links.filter(resident_id__in=ids).delete()
        links.bulk_create(
            [
                links.model(resident_id=obj.pk, tag_id=tag)
                for obj in objs
                for tag in rows[str(obj.pk)]["values"]["tags"]
            ]
        )
        unchanged: dict[Any, dict[str, Any]] = {obj.pk: {} for obj in objs}
        save_rows(Resident, objs, [], unchanged, UndoRecord(), user=user, reason=reason)


def tags_of(ids: list[Any]) -> dict[Any, list[int]]:
    found: dict[Any, list[int]] = {}
    for resident, tag in Resident.tags.through.objects.filter(resident_id__in=ids).values_list(
        "resident_id", "tag_id"
    ):
        found.setdefault(resident, []).append(tag)
    return found


class AddTag(TagAction):
    key = "resident-tag-add"
    label = _("Add a tag")
    help_text = _("Every resident of the list gets the tag (those who have it already keep it).")


class RemoveTag(TagAction):
    key = "resident-tag-remove"
    label = _("Remove a tag")
    help_text = _("The tag is taken off every resident of the list who has it.")
    adding = False


def register() -> None:
    registry.register_list("residents", ResidentListView, "ledgers:resident_list")
    for action in (ReassignGrid(), AddTag(), RemoveTag()):
        registry.register(action)
    navigation.register(
        _("Bulk edit records"),
        "bulkedit:list",
        "ledgers.change_resident",
        order=200,
        section="ledgers",
    )
