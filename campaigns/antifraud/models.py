"""Anti-fraud app coverage (国家反诈中心APP): whether each household has installed it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ledgers.models import Household, LedgerRow


class AntiFraudStatus(models.TextChoices):
    INSTALLED = "installed", _("Installed")  # 已安装
    REFUSED = "refused", _("Refused to install")  # 拒绝安装


class AntiFraudCoverage(LedgerRow):
    """反诈APP推广 — a household's answer: installed (when, helped by whom) or refused (why).
    A household without a row has not been asked yet; only 已安装 counts as covered."""

    household = models.OneToOneField(
        Household, models.PROTECT, related_name="anti_fraud", verbose_name=_("household")
    )
    status = models.CharField(_("status"), max_length=10, choices=AntiFraudStatus.choices)
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    installer = models.CharField(
        _("installed by"),
        max_length=50,
        blank=True,
        help_text=_("Who helped install it, when not the person recording."),
    )
    refused_reason = models.CharField(_("reason for refusing"), max_length=200, blank=True)
    history = HistoricalRecords()

    scope_path: ClassVar[str] = "household__community"

    class Meta:
        verbose_name = _("anti-fraud app coverage")
        verbose_name_plural = _("anti-fraud app coverage")
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AntiFraudStatus.REFUSED) | ~Q(refused_reason=""),
                name="%(app_label)s_%(class)s_refusal_has_reason",
                violation_error_message=_("Say why the household refused."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AntiFraudStatus.INSTALLED) | Q(refused_reason=""),
                name="%(app_label)s_%(class)s_reason_only_for_refusal",
                violation_error_message=_(
                    "Only a refusal has a reason; clear it or change the status."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_status_display()}"

    def clean(self) -> None:
        super().clean()
        if self.status == AntiFraudStatus.REFUSED and not self.refused_reason.strip():
            raise ValidationError({"refused_reason": _("Say why the household refused.")})
        if self.status == AntiFraudStatus.INSTALLED and self.refused_reason.strip():
            raise ValidationError(
                {"refused_reason": _("Only a refusal has a reason; clear it or change the status.")}
            )
