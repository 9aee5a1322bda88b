"""Casework: safety inspections (排查) of religious venues and gathering places, item by item,
and the plans that make them due (排查计划)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.hazards.models import Hazard
from core.models import Photo
from core.scope import OfficeWideQuerySet, ScopedQuerySet
from ledgers.codes import HazardCategory
from ledgers.models import Community, InCommunity, LedgerRow, Place, PlaceKind


class ChecklistItem(models.TextChoices):
    """The religious-venue checklist of DOMAIN.md §6, in the order an inspector walks it."""

    STRUCTURE = "structure", _("Building structure")  # 建筑结构
    FIRE_EQUIPMENT = "fire_equipment", _("Fire equipment (extinguishers in date)")  # 消防器材
    WIRING = "wiring", _("Electrical wiring")  # 电气线路
    EXITS = "exits", _("Safety exits and evacuation routes")  # 安全出口/疏散通道
    INCENSE = "incense", _("Incense, candles and open flames")  # 香烛/明火
    GAS = "gas", _("Gas")  # 燃气
    FOOD = "food", _("Food hygiene")  # 食品卫生
    CROWD = "crowd", _("Large events and crowds")  # 大型活动/人员聚集
    FLOOD_GEOLOGY = "flood_geology", _("Flood control and geological hazards")  # 防汛/地质灾害
    CONSTRUCTION = "construction", _("Construction work")  # 施工/在建工程


# The hazard category a failed item becomes (reference/hazard_category.csv): the one mapping.
HAZARD_CATEGORY_OF_ITEM: dict[str, str] = {
    ChecklistItem.STRUCTURE: HazardCategory.STRUCTURE,
    ChecklistItem.FIRE_EQUIPMENT: HazardCategory.FIRE,
    ChecklistItem.WIRING: HazardCategory.ELECTRIC,
    ChecklistItem.EXITS: HazardCategory.EVACUATION,
    ChecklistItem.INCENSE: HazardCategory.OPEN_FLAME,
    ChecklistItem.GAS: HazardCategory.GAS,
    ChecklistItem.FOOD: HazardCategory.FOOD,
    ChecklistItem.CROWD: HazardCategory.CROWD,
    ChecklistItem.FLOOD_GEOLOGY: HazardCategory.GEOLOGY_FLOOD,
    # Building work on a venue endangers its structure (scaffolding, excavation, load changes).
    ChecklistItem.CONSTRUCTION: HazardCategory.STRUCTURE,
}


class InspectionResult(models.TextChoices):
    PASS = "pass", _("Passed")  # 合格
    FAIL = "fail", _("Failed")  # 不合格
    NOT_APPLICABLE = "na", _("Not applicable")  # 不适用


class Inspection(InCommunity):
    """排查 — one inspection of a place (or a location) against the checklist."""

    place = models.ForeignKey(
        Place,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("place"),
    )
    location = models.CharField(
        _("location"),
        max_length=150,
        blank=True,
        help_text=_("Where, when the place is not in the ledger: 清真寺巷12号院 …"),
    )
    inspected_on = models.DateField(_("inspected on"), default=timezone.localdate)
    inspectors = models.CharField(
        _("inspectors"), max_length=100, help_text=_("Names, separated by 、")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(location=""),
                name="%(app_label)s_%(class)s_place_or_location",
                violation_error_message=_("Choose a place or say where the inspection was."),
            )
        ]
        indexes = [
            # The list of a community's inspections, newest first, and its date-range filter.
            models.Index(fields=["community", "-inspected_on"], name="casework_inspection_date"),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.where}"

    def get_absolute_url(self) -> str:
        return reverse("casework:inspection", args=[self.pk])

    @property
    def where(self) -> str:
        """The place's name, or the free location."""
        return self.place.name if self.place_id and self.place else self.location

    def clean(self) -> None:
        super().clean()
        if not self.place_id and not self.location.strip():
            raise ValidationError(
                {"location": _("Choose a place or say where the inspection was.")}
            )
        place = self.place if self.place_id else None
        if place is not None and self.community_id and place.community_id != self.community_id:
            raise ValidationError({"place": _("This place is in another community.")})


class InspectionItem(models.Model):
    """One line of an inspection's checklist: the result, a note, and the hazard it became."""

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="items", verbose_name=_("inspection")
    )
    item = models.CharField(_("checklist item"), max_length=20, choices=ChecklistItem.choices)
    result = models.CharField(_("result"), max_length=4, choices=InspectionResult.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    hazard = models.OneToOneField(
        Hazard,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_item",
        verbose_name=_("hazard"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "inspection__community"

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["inspection", "pk"]  # created in checklist order
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"],
                name="%(app_label)s_%(class)s_once_per_inspection",
                violation_error_message=_("Each checklist item is answered once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_result_display()}"

    @property
    def failed(self) -> bool:
        return self.result == InspectionResult.FAIL

    @property
    def can_become_hazard(self) -> bool:
        return self.failed and self.hazard_id is None


class InspectionPhoto(Photo):
    """A photo taken during an inspection; served only to users who may see the inspection."""

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="photos", verbose_name=_("inspection")
    )

    scope_path: ClassVar[str] = "inspection__community"

    class Meta(Photo.Meta):
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return f"{self.inspection} #{self.pk}"


class Festival(models.TextChoices):
    """The festivals before which places are inspected; values are short (they name periods)."""

    SPRING = "spring", _("Spring Festival")  # 春节
    ADHA = "adha", _("Eid al-Adha (Gurbang)")  # 古尔邦节
    FITR = "fitr", _("Eid al-Fitr")  # 开斋节


class FestivalDate(models.Model):
    """节日日期 — the day a festival falls on in a year, as the office enters it: 古尔邦节 and
    开斋节 follow the Islamic calendar as announced each year; 春节, when not entered, is read
    from the lunar calendar."""

    festival = models.CharField(_("festival"), max_length=8, choices=Festival.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    day = models.DateField(_("date"))

    class Meta:
        verbose_name = _("festival date")
        verbose_name_plural = _("festival dates")
        ordering = ["-year", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["festival", "year"],
                name="%(app_label)s_%(class)s_once_a_year",
                violation_error_message=_("This festival's date is already entered for the year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_festival_display()} {self.day:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.day and self.year and self.day.year != self.year:
            raise ValidationError({"day": _("The date is not in that year.")})


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")  # 每月
    QUARTERLY = "quarterly", _("Quarterly")  # 每季度
    YEARLY = "yearly", _("Yearly")  # 每年
    FESTIVALS = "festivals", _("Before festivals")  # 节前


class InspectionPlan(LedgerRow):
    """排查计划 — which places are inspected how often: each place once in every period (a
    month, a quarter, a year, or the days before a festival). A plan of a community, or of the
    whole office (no community), which only leaders set."""

    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
        help_text=_("Leave empty for the whole office (all communities)."),
    )
    place_kind = models.CharField(
        _("kind of place"),
        max_length=10,
        choices=PlaceKind.choices,
        blank=True,
        help_text=_("Every place of this kind; or choose one place below."),
    )
    place = models.ForeignKey(
        Place,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_plans",
        verbose_name=_("place"),
    )
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    festivals = models.JSONField(_("festivals"), default=list, blank=True)
    days_before = models.PositiveSmallIntegerField(
        _("days before the festival"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Each place is inspected within these days before each festival."),
    )
    active_from = models.DateField(_("active from"), default=timezone.localdate)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = OfficeWideQuerySet.as_manager()  # type: ignore[misc]
    scope_path: ClassVar[str] = "community"

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["community__code", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=True, place_kind__gt="")
                | Q(place__isnull=False, place_kind=""),
                name="%(app_label)s_%(class)s_kind_or_place",
                violation_error_message=_("Choose a kind of place or one place, not both."),
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="%(app_label)s_%(class)s_active_in_order",
                violation_error_message=_("The plan cannot end before it begins."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("casework:inspectionplan", args=[self.pk])

    @property
    def places_label(self) -> str:
        """每座宗教活动场所 or the one place's name."""
        if self.place_id and self.place:
            return self.place.name
        return str(PlaceKind(self.place_kind).label) if self.place_kind else "—"

    @property
    def community_label(self) -> str:
        return (
            self.community.name if self.community_id and self.community else str(_("Whole office"))
        )

    @property
    def frequency_label(self) -> str:
        if self.frequency != Frequency.FESTIVALS:
            return str(self.get_frequency_display())
        names = "、".join(str(Festival(f).label) for f in self.festivals if f in Festival.values)
        return _("%(days)d days before %(festivals)s") % {
            "days": self.days_before,
            "festivals": names,
        }

    def places_condition(self) -> Q:
        """The places the plan covers, as a query on Place."""
        which = Q(pk=self.place_id) if self.place_id else Q(kind=self.place_kind)
        return which & Q(community=self.community_id) if self.community_id else which

    def clean(self) -> None:
        super().clean()
        if bool(self.place_id) == bool(self.place_kind):
            raise ValidationError(
                {"place_kind": _("Choose a kind of place or one place, not both.")}
            )
        place = self.place if self.place_id else None
        if place is not None and self.community_id and place.community_id != self.community_id:
            raise ValidationError({"place": _("This place is in another community.")})
        if self.frequency == Frequency.FESTIVALS and not self.festivals:
            raise ValidationError({"festivals": _("Choose the festivals before which to inspect.")})
        if self.frequency != Frequency.FESTIVALS:
            self.festivals = []
