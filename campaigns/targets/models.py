"""Yearly targets (年度指标) of a community or of the whole office; their progress is computed
from the records (campaigns.targets.progress), never typed."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.activities.models import ActivityKind
from campaigns.office_wide import OfficeOrCommunity


class Indicator(models.TextChoices):
    """What a target counts; each is computed from records the app keeps."""

    ACTIVITIES = "activities", _("Activities of a kind")  # 活动次数
    MEETINGS = "meetings", _("Study sessions, meetings and forums")  # 学习、会议、座谈
    PUBLICITY = "publicity", _("Publicity items")  # 宣传报道篇数
    VISIT_COVERAGE = "visit_coverage", _("Minority households visited (%)")  # 少数民族户走访率
    ANTI_FRAUD_COVERAGE = "anti_fraud", _("Anti-fraud app coverage (%)")  # 反诈APP覆盖率
    ASSISTANCE_APPLICATIONS = "assistance", _("Assistance applications helped")  # 帮助申请救助


# What the report counts together as "theory-group study sessions, mobilisation meetings and
# forums" (DOMAIN.md §1: 20余次).
MEETING_KINDS = (ActivityKind.STUDY, ActivityKind.MOBILISATION, ActivityKind.FORUM)
PERCENT_INDICATORS = (
    Indicator.VISIT_COVERAGE,
    Indicator.ANTI_FRAUD_COVERAGE,
)  # a tuple: a set's order changes between runs, and makemigrations sees a new constraint


_INDICATOR_LABELS = dict(Indicator.choices)
_KIND_LABELS = dict(ActivityKind.choices)


class Target(OfficeOrCommunity):
    """指标 — at least `threshold` of an indicator in a calendar year, for a community or, with
    no community, for the whole office."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    indicator = models.CharField(_("indicator"), max_length=16, choices=Indicator.choices)
    activity_kind = models.CharField(
        _("kind of activity"),
        max_length=16,
        choices=ActivityKind.choices,
        blank=True,
        help_text=_("For a target on activities: which kind is counted."),
    )
    threshold = models.DecimalField(
        _("at least"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("A number of records, or a percentage for coverage."),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "community__code", "indicator", "activity_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "indicator", "activity_kind"],
                condition=Q(community__isnull=False),
                name="%(app_label)s_%(class)s_once_per_community",
                violation_error_message=_("This target is already set for this year."),
            ),
            # NULLs are distinct in a unique index: the office's own targets need their own.
            models.UniqueConstraint(
                fields=["year", "indicator", "activity_kind"],
                condition=Q(community__isnull=True),
                name="%(app_label)s_%(class)s_once_for_office",
                violation_error_message=_("This target is already set for this year."),
            ),
            models.CheckConstraint(
                condition=Q(indicator=Indicator.ACTIVITIES, activity_kind__gt="")
                | (~Q(indicator=Indicator.ACTIVITIES) & Q(activity_kind="")),
                name="%(app_label)s_%(class)s_kind_only_for_activities",
                violation_error_message=_("Choose the kind of activity for an activity target."),
            ),
            models.CheckConstraint(
                condition=~Q(indicator__in=PERCENT_INDICATORS) | Q(threshold__lte=100),
                name="%(app_label)s_%(class)s_percent_at_most_100",
                violation_error_message=_("A percentage cannot be more than 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area} {self.label}"

    def get_absolute_url(self) -> str:
        """The targets page of the target's year and community."""
        query = f"year={self.year}" + (
            f"&community={self.community_id}" if self.community_id else ""
        )
        return f"{reverse('campaigns:target_list')}?{query}"

    @property
    def label(self) -> str:
        """What is counted: the activity kind, or the indicator. Read from the choices' own
        mapping: get_FOO_display makes its choices hashable on every call, which a county's
        600 targets on the dashboard paid for twice each (a quarter of the page's time)."""
        if self.indicator == Indicator.ACTIVITIES and self.activity_kind:
            return str(_KIND_LABELS.get(self.activity_kind, self.activity_kind))
        return str(_INDICATOR_LABELS.get(self.indicator, self.indicator))

    @property
    def is_percentage(self) -> bool:
        return self.indicator in PERCENT_INDICATORS

    def clean(self) -> None:
        super().clean()
        if self.indicator == Indicator.ACTIVITIES and not self.activity_kind:
            raise ValidationError({"activity_kind": _("Choose the kind of activity to count.")})
        if self.indicator != Indicator.ACTIVITIES and self.activity_kind:
            raise ValidationError(
                {"activity_kind": _("Only a target on activities has a kind of activity.")}
            )
        if self.threshold is None:
            return
        if self.is_percentage and self.threshold > 100:
            raise ValidationError({"threshold": _("A percentage cannot be more than 100.")})
        if not self.is_percentage and self.threshold != self.threshold.to_integral_value():
            raise ValidationError({"threshold": _("Give a whole number of records.")})
