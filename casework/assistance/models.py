"""Casework: welfare assistance applications (社会救助申请台账), their steps and 公示 objections."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.notices import IssuedNotice, number_constraint
from casework.steps import Step
from core.scope import ScopedQuerySet
from ledgers.models import Household, InCommunity, Resident

PUBLICITY_DAYS = 7  # 公示 lasts seven days unless the office sets other dates
RECHECK_DAYS_AHEAD = 30  # the re-check list shows what falls due within this many days
DETAILS_PERMISSION = "casework.view_assistance_details"


class AssistanceKind(models.TextChoices):
    MINIMUM_LIVING = "dibao", _("Urban minimum living allowance")  # 城市低保
    EXTREME_POVERTY = "tekun", _("Support for people in extreme poverty")  # 特困供养
    TEMPORARY = "temporary", _("Temporary relief")  # 临时救助
    MEDICAL = "medical", _("Medical assistance")  # 医疗救助
    HOUSING = "housing", _("Housing support or rent subsidy")  # 住房保障/租赁补贴
    OTHER = "other", _("Other assistance")  # 其他


# Kinds the community puts up for 公示 and re-checks every year (DOMAIN.md §7).
PUBLICISED_KINDS = {
    AssistanceKind.MINIMUM_LIVING,
    AssistanceKind.EXTREME_POVERTY,
    AssistanceKind.TEMPORARY,
}
RECHECKED_KINDS = {AssistanceKind.MINIMUM_LIVING, AssistanceKind.EXTREME_POVERTY}


class ReasonCategory(models.TextChoices):
    ILLNESS = "illness", _("Illness")  # 疾病
    ACCIDENT = "accident", _("Accident")  # 意外事故
    UNEMPLOYMENT = "unemployment", _("Unemployment")  # 失业
    DISASTER = "disaster", _("Natural disaster")  # 自然灾害
    SCHOOLING = "schooling", _("Children's schooling")  # 子女就学
    LOW_INCOME = "low_income", _("Low income")  # 收入低
    OTHER = "other", _("Other reason")  # 其他


class CaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    ACCEPTED = "accepted", _("Accepted")  # 已受理
    INVESTIGATING = "investigating", _("Under investigation")  # 调查中
    PUBLICITY = "publicity", _("In public notice")  # 公示中
    STREET_REVIEW = "street_review", _("Awaiting street review")  # 待审核(街道)
    CIVIL_APPROVAL = "civil_approval", _("Awaiting civil-affairs approval")  # 待审批(民政)
    APPROVED = "approved", _("Approved")  # 已批准
    REFUSED = "refused", _("Refused")  # 不予批准
    PAYING = "paying", _("Being paid")  # 发放中
    STOPPED = "stopped", _("Stopped or exited")  # 停发/退出


# Approved, or later on the same path: what "approvals" count.
APPROVED_STATES = [CaseState.APPROVED, CaseState.PAYING, CaseState.STOPPED]


class IncomeCheck(models.TextChoices):
    ELIGIBLE = "eligible", _("Meets the conditions")  # 符合条件
    NOT_ELIGIBLE = "not_eligible", _("Does not meet the conditions")  # 不符合条件
    INCOMPLETE = "incomplete", _("Materials to be completed")  # 需补充材料


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Paid into a bank account")  # 银行代发（一卡通）
    CASH = "cash", _("Cash")  # 现金
    IN_KIND = "in_kind", _("In kind")  # 实物
    OTHER = "other", _("Other method")  # 其他


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class AssistanceCaseQuerySet(ScopedQuerySet):
    def applications(self) -> AssistanceCaseQuerySet:
        """Applications the community helped make: every case past its draft."""
        return self.exclude(state=CaseState.DRAFT)

    def approvals(self) -> AssistanceCaseQuerySet:
        """Applications approved: 已批准 and the states only an approval leads to."""
        return self.filter(state__in=APPROVED_STATES)

    def due_for_recheck(self, today: date | None = None) -> AssistanceCaseQuerySet:
        """低保 and 特困 being paid whose yearly re-check is past or within 30 days."""
        today = today or timezone.localdate()
        return self.filter(
            kind__in=RECHECKED_KINDS,
            state=CaseState.PAYING,
            recheck_due__lte=today + timedelta(days=RECHECK_DAYS_AHEAD),
        )


class AssistanceCase(InCommunity, IssuedNotice):
    """救助申请 — one application of a household, from its draft to payment and exit."""

    household = models.ForeignKey(
        Household,
        models.PROTECT,
        related_name="assistance_cases",
        verbose_name=_("household"),
    )
    applicant = models.ForeignKey(
        Resident,
        models.PROTECT,
        related_name="assistance_cases",
        verbose_name=_("applicant"),
    )
    kind = models.CharField(_("assistance type"), max_length=12, choices=AssistanceKind.choices)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    reason = models.TextField(_("reason for applying"))
    reason_category = models.CharField(
        _("reason category"), max_length=12, choices=ReasonCategory.choices
    )
    family_size = models.PositiveSmallIntegerField(_("family size"), null=True, blank=True)
    # 家庭经济核查
    monthly_income = models.DecimalField(
        _("household monthly income (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    income_check = models.CharField(
        _("income check result"), max_length=12, choices=IncomeCheck.choices, blank=True
    )
    income_check_note = models.TextField(_("income check notes"), blank=True)
    income_checked_on = models.DateField(_("income checked on"), null=True, blank=True)
    community_opinion = models.TextField(_("community preliminary opinion"), blank=True)
    publicity_start = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_end = models.DateField(_("public notice to"), null=True, blank=True)
    # 街道审核 and 民政审批: decided elsewhere, recorded here with the date and document number.
    street_passed = models.BooleanField(_("street review passed"), null=True, blank=True)
    street_reviewed_on = models.DateField(_("street reviewed on"), null=True, blank=True)
    street_document = models.CharField(_("street document number"), max_length=50, blank=True)
    street_opinion = models.TextField(_("street review opinion"), blank=True)
    decided_on = models.DateField(_("civil affairs decided on"), null=True, blank=True)
    decision_document = models.CharField(_("approval document number"), max_length=50, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    amount_requested = models.DecimalField(
        _("amount requested (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount_approved = models.DecimalField(
        _("amount approved (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The monthly standard for 低保 and 特困; the sum for one-off relief."),
    )
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    start_month = models.DateField(_("first month"), null=True, blank=True)
    end_month = models.DateField(_("last month"), null=True, blank=True)
    recheck_due = models.DateField(_("re-check due"), null=True, blank=True)
    last_rechecked_on = models.DateField(_("last re-checked on"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    history = HistoricalRecords()

    objects = AssistanceCaseQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("assistance case")
        verbose_name_plural = _("assistance cases")
        ordering = ["-applied_on", "-pk"]
        permissions = [
            ("view_assistance_details", "Can see income, hardship and amounts of assistance"),
            ("record_assistance_decision", "Can record street and civil-affairs decisions"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(publicity_start__isnull=True)
                | Q(publicity_end__isnull=True)
                | Q(publicity_end__gte=F("publicity_start")),
                name="%(app_label)s_%(class)s_publicity_ends_after_start",
                violation_error_message=_("The public notice cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | Q(end_month__isnull=True)
                | Q(end_month__gte=F("start_month")),
                name="%(app_label)s_%(class)s_last_month_after_first",
                violation_error_message=_("The last month cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__isnull=True) | Q(monthly_income__gte=0),
                name="%(app_label)s_%(class)s_income_not_negative",
                violation_error_message=_("The monthly income cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_approved__isnull=True) | Q(amount_approved__gte=0),
                name="%(app_label)s_%(class)s_amount_approved_not_negative",
                violation_error_message=_("The amount approved cannot be negative."),
            ),
            number_constraint(),  # 公示
        ]
        indexes = [
            # The list of a community by state and kind, newest applications first.
            models.Index(
                fields=["community", "state", "kind", "applied_on"], name="casework_case_state"
            ),
            # The year filter, and the repeat-relief check of one household.
            models.Index(
                fields=["household", "kind", "applied_on"], name="casework_case_household"
            ),
            # The re-check list: paying cases by their re-check date.
            models.Index(fields=["state", "recheck_due"], name="casework_case_recheck"),
        ]

    # Income, hardship and money: shown only with DETAILS_PERMISSION (PIPL sensitive data).
    SENSITIVE_FIELDS: ClassVar[set[str]] = {
        "reason",
        "reason_category",
        "monthly_income",
        "income_check",
        "income_check_note",
        "community_opinion",
        "street_opinion",
        "decision_reason",
        "amount_requested",
        "amount_approved",
        "stop_reason",
    }

    def __str__(self) -> str:
        return f"{self.applicant.name} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("casework:assistance", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if (
            self.household_id
            and self.applicant_id
            and self.applicant.household_id != self.household_id
        ):
            raise ValidationError(
                {"applicant": _("The applicant must be a member of this household.")}
            )
        if (
            self.publicity_start
            and self.publicity_end
            and self.publicity_end < self.publicity_start
        ):
            raise ValidationError(
                {"publicity_end": _("The public notice cannot end before it starts.")}
            )
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": _("The last month cannot be before the first.")})

    @property
    def needs_publicity(self) -> bool:
        return self.kind in PUBLICISED_KINDS

    @property
    def is_rechecked_yearly(self) -> bool:
        return self.kind in RECHECKED_KINDS

    @property
    def recheck_overdue(self) -> bool:
        return bool(
            self.state == CaseState.PAYING
            and self.recheck_due
            and self.recheck_due < timezone.localdate()
        )


class CaseAction(Step):
    """One step of an assistance case: who did what, when, from which state to which."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Application drafted")  # 登记
        ACCEPT = "accept", _("Application accepted")  # 受理
        INVESTIGATE = "investigate", _("Investigation started")  # 入户调查
        INCOME_CHECK = "income_check", _("Income check recorded")  # 家庭经济核查
        PUBLICITY = "publicity", _("Public notice started")  # 公示
        OBJECTION = "objection", _("Objection recorded")  # 异议
        RESOLVE = "resolve", _("Objection resolved")  # 异议处理
        END_PUBLICITY = "end_publicity", _("Public notice ended")  # 公示期满
        TO_STREET = "to_street", _("Sent to the street office")  # 报街道审核
        STREET_PASS = "street_pass", _("Street review passed")  # 街道审核通过
        STREET_FAIL = "street_fail", _("Street review not passed")  # 街道审核不通过
        APPROVE = "approve", _("Approved by civil affairs")  # 民政批准
        REFUSE = "refuse", _("Refused by civil affairs")  # 不予批准
        PAY = "pay", _("Payment started")  # 发放
        STOP = "stop", _("Payment stopped or exited")  # 停发/退出
        RECHECK = "recheck", _("Yearly re-check done")  # 年度复核

    case = models.ForeignKey(
        AssistanceCase, models.CASCADE, related_name="actions", verbose_name=_("assistance case")
    )
    kind = models.CharField(_("action"), max_length=16, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=16, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=CaseState.choices)

    scope_path: ClassVar[str] = "case__community"

    class Meta(Step.Meta):
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseObjection(models.Model):
    """公示异议 — an objection received during the public notice; it must be resolved."""

    case = models.ForeignKey(
        AssistanceCase, models.CASCADE, related_name="objections", verbose_name=_("assistance case")
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    raised_by = models.CharField(
        _("raised by"), max_length=100, blank=True, help_text=_("May be left blank if anonymous.")
    )
    content = models.TextField(_("objection"))
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "case__community"

    class Meta:
        verbose_name = _("public notice objection")
        verbose_name_plural = _("public notice objections")
        ordering = ["received_on", "pk"]
        # The objections still open, oldest first (what needs a leader).
        indexes = [
            models.Index(fields=["resolved_on", "received_on"], name="casework_objection_open")
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.raised_by}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None
