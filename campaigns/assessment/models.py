"""The indicator self-assessment (测评指标自评): the indicator tree of a year (一级指标 / 二级指标 /
测评要点, with points and what counts as evidence), kept by the system administrator, and each
community's and the office's self-score of every leaf with the records that prove it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.activities.models import Activity, ActivityKind
from campaigns.creation.models import YEAR_VALIDATORS, WorkDocument, once_per_area
from campaigns.office_wide import OfficeOrCommunity
from campaigns.publicity.models import Publicity
from campaigns.targets.models import Indicator
from campaigns.visits.models import Visit
from casework.models import Hazard
from core.scope import OfficeWideQuerySet
from core.versions import Versioned

MAX_DEPTH = 3  # 一级指标 / 二级指标 / 测评要点
NUMBER = re.compile(r"^[1-9][0-9]{0,2}(\.[1-9][0-9]{0,2}){0,2}$")


def points_text(value: Decimal | int | None) -> str:
    """6.0 → "6", 3.5 → "3.5": points as people write them."""
    text = f"{Decimal(value or 0):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def sort_key(number: str) -> str:
    """ "1.10" after "1.9": each part padded to three digits."""
    return ".".join(part.zfill(3) for part in number.split("."))


class AssessmentIndicator(Versioned):
    """测评指标 — an item of a year's indicator system: a first-level item, a second-level one or
    a point checked (测评要点); a leaf carries the points, a parent's are its leaves' sum.

    The tree is kept per year: the criteria change (the 2023 national system put 铸牢中华民族
    共同体意识 first), and a year's self-assessment must keep reading the items it was scored
    against. The administrator copies last year's tree (`copy_tree`, an action in /admin/) and
    corrects it.

    A leaf may be computed from a yearly target's indicator (`computed_from`, with the kind of
    activity for activities): its actual value is the target's progress
    (campaigns.targets.progress), and against the year's target of the community (or of the
    office) it scores itself: the full points when the target is met, otherwise the points in
    proportion of the threshold reached (points × actual ÷ threshold, to one decimal, rounded
    half up); with no target set for that year and area, the score typed in applies.
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent item"),
    )
    number = models.CharField(
        _("number"), max_length=11, help_text=_("e.g. 1, 1.2 or 1.2.3: the place in the tree.")
    )
    sort_key = models.CharField(max_length=11, editable=False)
    name = models.CharField(_("indicator"), max_length=300)
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("For an item without sub-items; a parent's points are its items' sum."),
    )
    evidence_required = models.TextField(_("evidence required"), blank=True)
    computed_from = models.CharField(
        _("computed from"),
        max_length=16,
        choices=Indicator.choices,
        blank=True,
        help_text=_("A yearly target's indicator that scores this item from the records."),
    )
    activity_kind = models.CharField(
        _("kind of activity"), max_length=16, choices=ActivityKind.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment indicator")
        verbose_name_plural = _("assessment indicators")
        ordering = ["year", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="%(app_label)s_%(class)s_number_once_a_year",
                violation_error_message=_("This number is already used in this year's tree."),
            ),
            models.CheckConstraint(
                condition=Q(computed_from=Indicator.ACTIVITIES, activity_kind__gt="")
                | (~Q(computed_from=Indicator.ACTIVITIES) & Q(activity_kind="")),
                name="%(app_label)s_%(class)s_kind_only_for_activities",
                violation_error_message=_("Choose the kind of activity for an activity count."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.sort_key = sort_key(self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.number and not NUMBER.match(self.number):
            errors["number"] = ValidationError(
                _("Write the number as 1, 1.2 or 1.2.3 (at most three levels).")
            )
        parent = self.parent if self.parent_id else None
        if parent is not None:
            if parent.year != self.year:
                errors["parent"] = ValidationError(_("The parent item is of another year."))
            elif parent.depth >= MAX_DEPTH:
                errors["parent"] = ValidationError(_("The tree has at most three levels."))
            elif self.number and not self.number.startswith(f"{parent.number}."):
                errors["number"] = ValidationError(
                    _("An item's number starts with its parent's: %(number)s.…")
                    % {"number": parent.number}
                )
            elif parent.points is not None:
                errors["parent"] = ValidationError(
                    _("The parent item has points of its own: clear them, its items carry them.")
                )
        elif self.number and "." in self.number:
            errors["parent"] = ValidationError(_("Choose the parent item of a sub-item."))
        has_children = self.pk is not None and self.children.exists()
        if has_children and self.points is not None:
            errors["points"] = ValidationError(
                _("An item with sub-items has no points of its own: they are its items' sum.")
            )
        if has_children and self.computed_from:
            errors["computed_from"] = ValidationError(
                _("Only an item without sub-items is computed from the records.")
            )
        if self.computed_from == Indicator.ACTIVITIES and not self.activity_kind:
            errors["activity_kind"] = ValidationError(_("Choose the kind of activity to count."))
        if self.computed_from != Indicator.ACTIVITIES and self.activity_kind:
            errors["activity_kind"] = ValidationError(
                _("Only an item computed from activities has a kind of activity.")
            )
        if errors:
            raise ValidationError(errors)


class SelfScore(OfficeOrCommunity):
    """自评得分 — a community's (or, with no community, the office's) self-score of one leaf
    indicator, with its explanation (自评说明) and the records that prove it (ScoreEvidence)."""

    indicator = models.ForeignKey(
        AssessmentIndicator,
        models.PROTECT,
        related_name="scores",
        verbose_name=_("indicator"),
    )
    score = models.DecimalField(
        _("self-score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    remark = models.TextField(_("explanation of the self-score"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-score")
        verbose_name_plural = _("self-scores")
        ordering = ["indicator__sort_key"]
        constraints = once_per_area(
            ["indicator"], "indicator", _("This indicator is already scored for this area.")
        )

    def __str__(self) -> str:
        return f"{self.area} {self.indicator}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        query = f"year={self.indicator.year}&community={self.community_id or ''}"
        return f"{reverse('campaigns:assessment')}?{query}#indicator-{self.indicator_id}"

    def clean(self) -> None:
        super().clean()
        indicator = self.indicator if self.indicator_id else None
        if indicator is None or self.score is None:
            return
        points = indicator.points if indicator.points is not None else Decimal(0)
        if self.score > points:
            raise ValidationError(
                {
                    "score": ValidationError(
                        _("The self-score cannot be more than the item's %(points)s points.")
                        % {"points": points_text(points)}
                    )
                }
            )


class EvidenceKind(models.TextChoices):
    """The records a self-score may cite, each with a page of its own."""

    ACTIVITY = "activity", _("Activity")  # 活动
    DOCUMENT = "document", _("Work document")  # 工作文档
    VISIT = "visit", _("Household visit")  # 走访
    PUBLICITY = "publicity", _("Publicity item")  # 宣传报道
    HAZARD = "hazard", _("Hazard")  # 隐患


class ScoreEvidence(models.Model):
    """佐证材料 — one record cited for a self-score: an activity (its photos come with it), a
    work document (its files), a visit, a publicity item or a hazard; exactly one of them."""

    score = models.ForeignKey(
        SelfScore, models.CASCADE, related_name="evidence", verbose_name=_("self-score")
    )
    activity = models.ForeignKey(Activity, models.CASCADE, null=True, blank=True, related_name="+")
    document = models.ForeignKey(
        WorkDocument, models.CASCADE, null=True, blank=True, related_name="+"
    )
    visit = models.ForeignKey(Visit, models.CASCADE, null=True, blank=True, related_name="+")
    publicity = models.ForeignKey(
        Publicity, models.CASCADE, null=True, blank=True, related_name="+"
    )
    hazard = models.ForeignKey(Hazard, models.CASCADE, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    objects = OfficeWideQuerySet.as_manager()
    scope_path: ClassVar[str] = "score__community"

    class Meta:
        verbose_name = _("evidence of a self-score")
        verbose_name_plural = _("evidence of self-scores")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        activity__isnull=False,
                        document=None,
                        visit=None,
                        publicity=None,
                        hazard=None,
                    )
                    | Q(
                        activity=None,
                        document__isnull=False,
                        visit=None,
                        publicity=None,
                        hazard=None,
                    )
                    | Q(
                        activity=None,
                        document=None,
                        visit__isnull=False,
                        publicity=None,
                        hazard=None,
                    )
                    | Q(
                        activity=None,
                        document=None,
                        visit=None,
                        publicity__isnull=False,
                        hazard=None,
                    )
                    | Q(
                        activity=None,
                        document=None,
                        visit=None,
                        publicity=None,
                        hazard__isnull=False,
                    )
                ),
                name="%(app_label)s_%(class)s_one_record",
                violation_error_message=_("Evidence cites exactly one record."),
            ),
            *[
                models.UniqueConstraint(
                    fields=["score", kind],
                    name=f"%(app_label)s_%(class)s_{kind}_once",
                    violation_error_message=_("This record is already cited."),
                )
                for kind in EvidenceKind.values
            ],
        ]

    def __str__(self) -> str:
        return str(self.record)

    @property
    def kind(self) -> EvidenceKind:
        return next(EvidenceKind(k) for k in EvidenceKind.values if getattr(self, f"{k}_id"))

    @property
    def record(self) -> models.Model:
        return getattr(self, self.kind.value)  # type: ignore[no-any-return]
