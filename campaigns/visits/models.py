"""Household visits (走访) and what they find; a visit can open a hazard or an assistance case."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import AssistanceCase, Hazard
from core.people import person_name
from ledgers.models import Household, InCommunity


class VisitPurpose(models.TextChoices):
    POLICY = "policy", _("Policy publicity")  # 政策宣传
    HARDSHIP = "hardship", _("Checking for hardship")  # 困难排查
    FESTIVAL = "festival", _("Festival greetings")  # 节日慰问
    MEDIATION = "mediation", _("Dispute mediation")  # 矛盾调解
    SAFETY = "safety", _("Safety check")  # 安全检查
    OTHER = "other", _("Other purpose")  # 其他


class Visit(InCommunity):
    """走访 — a visit of staff to a household: why, what they found, what follows."""

    household = models.ForeignKey(
        Household, models.PROTECT, related_name="visits", verbose_name=_("household")
    )
    visited_on = models.DateField(_("visited on"), default=timezone.localdate)
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="visits", verbose_name=_("visitors")
    )
    visitor_names = models.CharField(
        _("other visitors"),
        max_length=200,
        blank=True,
        help_text=_("People without an account: 楼栋长, volunteers …"),
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=VisitPurpose.choices)
    findings = models.TextField(_("what was found"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    # What the visit opened (campaigns.visits.follow_ups: open_hazard, open_case): the links stay.
    hazard = models.OneToOneField(
        Hazard,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit",
        verbose_name=_("hazard"),
    )
    assistance_case = models.ForeignKey(
        AssistanceCase,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("assistance case"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        permissions = [("import_visit", "Can import visits")]
        ordering = ["-visited_on", "-pk"]
        indexes = [
            # A community's visits by date: its list, and reports by period.
            models.Index(fields=["community", "visited_on"], name="campaigns_visit_comm"),
            # Visit coverage: the households visited in a year.
            models.Index(fields=["household", "visited_on"], name="campaigns_visit_household"),
            # The households visited in a year (coverage, the dashboard), from the index alone.
            models.Index(fields=["visited_on", "household"], name="campaigns_visit_day_household"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.household}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.take_household_area()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:visit", args=[self.pk])

    @property
    def visited_by(self) -> str:
        """Who visited, as a ledger writes it: 马秀英、李海燕、楼栋长马福 (reads prefetched
        visitors when the list prefetched them)."""
        names = [person_name(user) for user in sorted(self.visitors.all(), key=lambda u: u.pk)]
        if self.visitor_names.strip():
            names.append(self.visitor_names.strip())
        return "、".join(names)

    def take_household_area(self) -> None:
        """A visit belongs to its household's community and grid, whatever a form sent."""
        if self.household_id:
            self.community_id = self.household.community_id
            self.grid_id = self.household.grid_id

    def clean(self) -> None:
        self.take_household_area()
        super().clean()
