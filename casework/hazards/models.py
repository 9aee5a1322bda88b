"""Casework: the hazard register (隐患排查整改台账) and its closed loop of actions."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.notices import IssuedNotice, number_constraint
from casework.steps import Step
from core import workdays
from core.models import Photo
from core.scope import ScopedQuerySet
from ledgers.codes import HazardCategory
from ledgers.models import InCommunity, Place


class HazardState(models.TextChoices):
    REGISTERED = "registered", _("Awaiting assignment")  # 待交办
    IN_PROGRESS = "in_progress", _("Being rectified")  # 整改中
    UNDER_REVIEW = "under_review", _("Awaiting review")  # 待复查
    CLOSED = "closed", _("Closed")  # 已销号


class HazardLevel(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary hazard")  # 一般隐患
    MAJOR = "major", _("Major hazard")  # 重大隐患


class RectificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")  # 立即整改
    BY_DEADLINE = "deadline", _("By a deadline")  # 限期整改


class HazardSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")  # 排查
    VISIT = "visit", _("Household visit")  # 走访
    REPORT = "report", _("Reported by residents")  # 群众反映
    ASSIGNED = "assigned", _("Assigned from above")  # 上级交办


def overdue_condition(today: date | None = None) -> Q:
    """逾期, as a query: open and past the deadline, as `Hazard.days_overdue` counts it.

    A deadline given in working days is overdue once a working day has passed after it, that
    is when it lies before the last working day up to today; any other deadline the day after.
    """
    today = today or timezone.localdate()
    in_days = Q(deadline_working_days__isnull=True, deadline__lt=today)
    in_working_days = Q(
        deadline_working_days__isnull=False, deadline__lt=workdays.last_working_day(today)
    )
    return (in_days | in_working_days) & ~Q(state=HazardState.CLOSED)


# 按期销号: closed, on or before the deadline (a hazard without a deadline is not counted).
CLOSED_ON_TIME = Q(state=HazardState.CLOSED, closed_on__lte=F("deadline"))
OPEN = ~Q(state=HazardState.CLOSED)


class HazardQuerySet(ScopedQuerySet):
    def open(self) -> HazardQuerySet:
        """Not closed (未销号)."""
        return self.filter(OPEN)

    def overdue(self, today: date | None = None) -> HazardQuerySet:
        return self.filter(overdue_condition(today))

    def needing(self, user: Any) -> HazardQuerySet:
        """What waits for `user`: reviews and extension decisions for those who decide them,
        open hazards for those who rectify them, and reviews they were named for."""
        waiting = Q(reviewer=user, state=HazardState.UNDER_REVIEW)
        if user.has_perm("casework.review_hazard"):
            waiting |= Q(state=HazardState.UNDER_REVIEW)
        if user.has_perm("casework.decide_extension"):
            waiting |= Q(extension_requested_to__isnull=False)
        if user.has_perm("casework.change_hazard"):
            waiting |= Q(state__in=[HazardState.REGISTERED, HazardState.IN_PROGRESS])
        return self.filter(waiting)


class Hazard(InCommunity, IssuedNotice):
    """隐患 — a safety hazard at a place, rectified and closed (销号) through its actions."""

    # YH-<the community's short code>-<year>-<0001>, unique office-wide (workflow.next_number).
    number = models.CharField(_("hazard number"), max_length=32, editable=False)
    # The number before numbers named their community (YH-2026-0003): still found by search
    # and by imports.
    former_number = models.CharField(
        _("former hazard number"), max_length=32, blank=True, editable=False
    )
    place = models.ForeignKey(
        Place,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("place"),
    )
    location = models.CharField(
        _("location or part"), max_length=200, help_text=_("Where exactly: 大殿电路, 厨房燃气 …")
    )
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=20, choices=HazardCategory.choices)
    level = models.CharField(
        _("level"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.ORDINARY
    )
    mode = models.CharField(
        _("rectification"),
        max_length=10,
        choices=RectificationMode.choices,
        default=RectificationMode.BY_DEADLINE,
    )
    source = models.CharField(
        _("source"), max_length=12, choices=HazardSource.choices, default=HazardSource.INSPECTION
    )
    found_on = models.DateField(_("found on"), default=timezone.localdate)
    found_by = models.CharField(_("found by"), max_length=100, blank=True)
    # 五定: who, what, with what money, by when, checked by whom.
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    responsible_phone = models.CharField(_("responsible person's phone"), max_length=30, blank=True)
    measures = models.TextField(_("rectification measures"), blank=True)
    funding = models.DecimalField(
        _("funding (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline in working days"),
        null=True,
        blank=True,
        help_text=_("Counted on the official calendar from the day of assignment."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    interim_measures = models.TextField(_("temporary control measures"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=HazardState.choices, default=HazardState.REGISTERED
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # A pending request to move the deadline (申请延期), decided by a leader.
    extension_requested_to = models.DateField(_("extension requested to"), null=True, blank=True)
    extension_reason = models.CharField(_("reason for extension"), max_length=300, blank=True)
    # 上报: a major hazard is reported upward (挂牌督办); when and to whom.
    reported_on = models.DateField(_("reported upward on"), null=True, blank=True)
    reported_to = models.CharField(_("reported to"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = HazardQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-found_on", "-pk"]
        permissions = [
            ("review_hazard", "Can pass or fail the review of any hazard"),
            ("decide_extension", "Can approve or refuse a deadline extension"),
            ("reopen_hazard", "Can reopen a closed hazard"),
            ("report_hazard", "Can report a major hazard upward"),
            ("import_hazard", "Can import hazards"),
            ("change_hazard_level", "Can change the level of a hazard once assigned"),
            ("supervise_hazard", "Can issue a supervision order on an overdue hazard"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="%(app_label)s_%(class)s_number_unique",
                violation_error_message=_("A hazard with this number already exists."),
            ),
            number_constraint(),  # 整改通知书
        ]
        indexes = [
            # The register of a community by state, and the overdue list (open, by deadline).
            models.Index(fields=["community", "state", "deadline"], name="casework_hazard_state"),
            # Found in a period, within a community or across all; the years with data.
            models.Index(fields=["community", "found_on"], name="casework_hazard_found"),
            # What needs a leader, across all communities: the first few waiting for review
            # (by number) and the longest overdue (by deadline), without reading the rest.
            models.Index(fields=["state"], name="casework_hazard_by_state"),
            models.Index(fields=["deadline"], name="casework_hazard_deadline"),
        ]

    FIVE_FIXES: ClassVar[list[str]] = [
        "responsible_unit",
        "responsible_person",
        "responsible_phone",
        "measures",
        "funding",
        "deadline",
        "reviewer",
    ]

    def __str__(self) -> str:
        return f"{self.number} {self.location}"

    def get_absolute_url(self) -> str:
        return reverse("casework:hazard", args=[self.pk])

    def missing_five_fixes(self) -> list[Any]:
        """The 五定 fields still empty, by name: assignment waits for all of them."""
        missing = []
        for name in self.FIVE_FIXES:
            value = getattr(self, name if name != "reviewer" else "reviewer_id")
            if name == "deadline" and self.deadline_working_days is not None:
                continue  # counted from the day of assignment
            if value in (None, ""):
                missing.append(getattr(self._meta.get_field(name), "verbose_name", name))
        return missing

    @property
    def is_assigned(self) -> bool:
        """交办 done: deadline and level now change only through their steps."""
        return self.state != HazardState.REGISTERED

    @property
    def deadline_is_estimate(self) -> bool:
        """A deadline counted in working days through a year whose holidays are not entered
        yet: 预计, until the State Council's notice is (then it is counted again)."""
        if self.deadline is None or self.deadline_working_days is None:
            return False
        start = self.assigned_on or self.deadline
        return any(
            workdays.is_provisional(year) for year in range(start.year, self.deadline.year + 1)
        )

    @property
    def deadline_shown(self) -> str:
        """The deadline as lists show it: 2027-01-11, or 2027-01-11（预计）."""
        if self.deadline is None:
            return ""
        day = f"{self.deadline:%Y-%m-%d}"
        return _("%(day)s (estimate)") % {"day": day} if self.deadline_is_estimate else day

    @property
    def needs_reporting(self) -> bool:
        """A major hazard not yet reported upward (需上报)."""
        return self.level == HazardLevel.MAJOR and self.reported_on is None

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue() > 0

    def days_overdue(self, today: date | None = None) -> int:
        """Days past the deadline of an open hazard: working days when it was given in them."""
        if self.state == HazardState.CLOSED or self.deadline is None:
            return 0
        today = today or timezone.localdate()
        if today <= self.deadline:
            return 0
        if self.deadline_working_days is not None:
            return workdays.working_days_between(self.deadline, today)
        return (today - self.deadline).days


class HazardAction(Step):
    """One step of a hazard's closed loop: who did what, when, from which state to which."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Registered")  # 登记
        ASSIGN = "assign", _("Assigned")  # 交办
        PROGRESS = "progress", _("Progress reported")  # 反馈进展
        SUBMIT = "submit", _("Submitted for review")  # 提交复查
        PASS = "pass", _("Review passed, closed")  # 复查通过 → 销号
        FAIL = "fail", _("Review failed")  # 复查不通过
        REQUEST_EXTENSION = "extension", _("Extension requested")  # 申请延期
        APPROVE_EXTENSION = "approved", _("Extension approved")
        REFUSE_EXTENSION = "refused", _("Extension refused")
        REOPEN = "reopen", _("Reopened")  # 重新打开
        REPORT = "report", _("Reported upward")  # 上报
        CHANGE_LEVEL = "level", _("Level changed")  # 调整等级
        SUPERVISE = "supervise", _("Supervision order issued")  # 督办

    hazard = models.ForeignKey(
        Hazard, models.CASCADE, related_name="actions", verbose_name=_("hazard")
    )
    kind = models.CharField(_("action"), max_length=12, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=12, choices=HazardState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=HazardState.choices)

    scope_path: ClassVar[str] = "hazard__community"

    class Meta(Step.Meta):
        verbose_name = _("hazard action")
        verbose_name_plural = _("hazard actions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.hazard.number} {self.get_kind_display()}"

    @property
    def level_change(self) -> str:
        """一般隐患 → 重大隐患, for a change of level; else empty."""
        if self.kind != self.Kind.CHANGE_LEVEL:
            return ""
        labels = dict(HazardLevel.choices)
        return f"{labels.get(self.data.get('from'), '')} → {labels.get(self.data.get('to'), '')}"


class HazardPhoto(Photo):
    """A photo of a hazard, before or after rectification; served only to users in scope."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before rectification")
        PROGRESS = "progress", _("During rectification")
        AFTER = "after", _("After rectification")

    hazard = models.ForeignKey(
        Hazard, models.CASCADE, related_name="photos", verbose_name=_("hazard")
    )
    action = models.ForeignKey(
        HazardAction,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("hazard action"),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)

    scope_path: ClassVar[str] = "hazard__community"

    class Meta(Photo.Meta):
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")

    def __str__(self) -> str:
        return f"{self.hazard.number} {self.get_stage_display()}"


class SupervisionQuerySet(ScopedQuerySet):
    def unmet(self, today: date | None = None) -> SupervisionQuerySet:
        """通报: orders whose date has passed with their hazard still not closed."""
        today = today or timezone.localdate()
        return self.filter(due_by__lt=today).exclude(hazard__state=HazardState.CLOSED)


class Supervision(models.Model):
    """督办 — a leader's order that an overdue hazard be rectified by a date; printed as the
    督办通知书 and, while the hazard stays overdue past that date, named in the 通报."""

    hazard = models.ForeignKey(
        Hazard, models.CASCADE, related_name="supervisions", verbose_name=_("hazard")
    )
    # DB-<the community's short code>-<year>-<0001>, unique office-wide.
    number = models.CharField(
        _("supervision order number"), max_length=32, unique=True, editable=False
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    reason = models.TextField(_("reason"))
    due_by = models.DateField(_("to be rectified by"))

    objects = SupervisionQuerySet.as_manager()
    scope_path: ClassVar[str] = "hazard__community"

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_by__gt=F("issued_on")),
                name="%(app_label)s_%(class)s_due_after_issue",
                violation_error_message=_("The date to rectify by must be after the order."),
            )
        ]
        # The 通报: 督办 of a period whose date has passed, by due date.
        indexes = [models.Index(fields=["due_by"], name="casework_supervision_due")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("casework:hazard_supervision", args=[self.pk])
