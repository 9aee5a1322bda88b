"""Where each resident lived when, the transfers between the office's communities, the
splitting and merging of households and the merging of duplicate records.

A resident's residence periods are never rewritten: a move closes the open period (its end
and the event that ended it) and opens the next one. A mistaken move is answered by another
event that puts the person back (a correction), so the record shows both.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scope import ScopedQuerySet, membership, sees_all_communities
from core.versions import Versioned
from ledgers.areas.models import Community, Grid
from ledgers.people.models import Household, Resident


class MoveEvent(models.TextChoices):
    """What began or ended a residence period."""

    REGISTERED = "registered", _("Registered")  # 登记
    MOVED_IN = "moved_in", _("Moved in from outside the office")  # 迁入
    TRANSFER = "transfer", _("Transfer between communities")  # 社区间迁移
    MOVED_OUT = "moved_out", _("Moved out of the office")  # 迁出本办
    DECEASED = "deceased", _("Deceased")  # 死亡
    RETURNED = "returned", _("Returned")  # 回迁
    ARCHIVED = "archived", _("Archived")  # 归档
    HOUSEHOLD = "household", _("Changed household")  # 变更户
    GRID = "grid", _("Changed grid")  # 调整网格
    SPLIT = "split", _("Household split")  # 分户
    MERGE = "merge", _("Households merged")  # 合户
    CORRECTION = "correction", _("Correction of a mistaken move")  # 更正
    RECORDS_MERGED = "records_merged", _("Duplicate records merged")  # 合并重复记录


class ResidencePeriod(models.Model):
    """One stretch of a resident's life in one community, grid and household."""

    # Removed with its resident: only an import undone removes a resident, and with it the
    # periods it began.
    # No index of their own on resident, community and household: each leads one of the
    # indexes below, which serves its look-ups and the checks of a removal (an import writes
    # a period a resident, and every index is written with it).
    resident = models.ForeignKey(
        Resident,
        models.CASCADE,
        related_name="periods",
        verbose_name=_("resident"),
        db_index=False,
    )
    community = models.ForeignKey(
        Community, models.PROTECT, verbose_name=_("community"), db_index=False
    )
    grid = models.ForeignKey(Grid, models.PROTECT, null=True, blank=True, verbose_name=_("grid"))
    household = models.ForeignKey(
        Household,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
        verbose_name=_("household"),
        db_index=False,
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    start_event = models.CharField(_("how it began"), max_length=20, choices=MoveEvent.choices)
    end_event = models.CharField(
        _("how it ended"), max_length=20, choices=MoveEvent.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    # A period is seen by the community it was spent in: the sending community keeps what it
    # recorded of a person who has moved on.
    scope_path: ClassVar[str] = "community"

    class Meta:
        verbose_name = _("residence period")
        verbose_name_plural = _("residence periods")
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(ended_on__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_resident",
                violation_error_message=_("This person already has a current residence."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A residence cannot end before it began."),
            ),
        ]
        indexes = [
            models.Index(fields=["resident", "started_on"], name="ledgers_period_resident"),
            models.Index(fields=["household", "started_on"], name="ledgers_period_household"),
            models.Index(fields=["community", "started_on"], name="ledgers_period_community"),
        ]

    def __str__(self) -> str:
        until = self.ended_on or "…"
        return f"{self.resident_id} {self.community_id} {self.started_on}–{until}"


class TransferState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the receiving community")  # 待接收
    ACCEPTED = "accepted", pgettext_lazy("transfer", "Accepted")  # 已接收
    REFUSED = "refused", pgettext_lazy("transfer", "Refused")  # 已拒收
    WITHDRAWN = "withdrawn", pgettext_lazy("transfer", "Withdrawn")  # 已撤回


class TransferQuerySet(ScopedQuerySet):
    def for_user(self, user: Any) -> Self:
        """Both ends of a transfer see it: the community that proposed it and the one asked."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_communities(user):
            return self
        assigned = membership().assigned(user)
        return self.filter(Q(from_community__in=assigned) | Q(to_community__in=assigned))


class Transfer(Versioned):
    """迁移 — a move of one person or a whole household from one community of the office to
    another: proposed by the sending community, accepted or refused by the receiving one."""

    from_community = models.ForeignKey(
        Community, models.PROTECT, related_name="transfers_out", verbose_name=_("from community")
    )
    to_community = models.ForeignKey(
        Community, models.PROTECT, related_name="transfers_in", verbose_name=_("to community")
    )
    household = models.ForeignKey(
        Household,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("household"),
        help_text=_("Set when the whole household moves."),
    )
    residents = models.ManyToManyField(
        Resident, related_name="transfers", verbose_name=_("residents")
    )
    moved_on = models.DateField(_("date of the move"))
    reason = models.CharField(_("reason"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=TransferState.choices, default=TransferState.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    refusal_reason = models.CharField(_("reason for refusing"), max_length=200, blank=True)
    to_grid = models.ForeignKey(
        Grid, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("grid")
    )
    to_household = models.ForeignKey(
        Household,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("household joined"),
    )
    corrects = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects"),
    )

    objects = TransferQuerySet.as_manager()
    scope_path: ClassVar[str] = "from_community"

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-proposed_at", "-pk"]
        permissions = [("answer_transfer", "Can accept or refuse a transfer")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_community=models.F("to_community")),
                name="%(app_label)s_%(class)s_between_two_communities",
                violation_error_message=_("Choose another community than the person's own."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "proposed_at"], name="ledgers_transfer_state"),
        ]

    def __str__(self) -> str:
        return f"{self.from_community} → {self.to_community} {self.moved_on}"

    def get_absolute_url(self) -> str:
        return reverse("ledgers:transfer", args=[self.pk])


class HouseholdChangeKind(models.TextChoices):
    SPLIT = "split", _("Split")  # 分户
    MERGE = "merge", _("Merge")  # 合户


class HouseholdChange(models.Model):
    """分户 or 合户: members leave one household for another (a new one when splitting)."""

    kind = models.CharField(_("kind"), max_length=10, choices=HouseholdChangeKind.choices)
    source = models.ForeignKey(
        Household,
        models.PROTECT,
        related_name="changes_out",
        verbose_name=_("household left"),
    )
    target = models.ForeignKey(
        Household,
        models.PROTECT,
        related_name="changes_in",
        verbose_name=_("household joined"),
    )
    residents = models.ManyToManyField(Resident, related_name="+", verbose_name=_("residents"))
    changed_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "source__community"

    class Meta:
        verbose_name = _("household change")
        verbose_name_plural = _("household changes")
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source} → {self.target}"


class ResidentMerge(models.Model):
    """Two records of one person made one: `merged` keeps its row (status 已合并, pointing at
    `kept`) and its history; every record linked to it now points at `kept`."""

    kept = models.ForeignKey(
        Resident, models.PROTECT, related_name="merges", verbose_name=_("record kept")
    )
    merged = models.OneToOneField(
        Resident, models.PROTECT, related_name="merged_by", verbose_name=_("record merged")
    )
    snapshot = models.JSONField(_("the merged record as it was"), default=dict)
    relinked = models.JSONField(_("records moved over"), default=dict)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("merged by")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "kept__community"

    class Meta:
        verbose_name = _("merge of duplicate records")
        verbose_name_plural = _("merges of duplicate records")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"
