"""Evidence packs (迎检材料): one .zip of a community's records, photos and files for a period,
built in the background and kept for its requester to download."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import ActivityKind
from ledgers.models import Community


class EvidenceRecord(models.TextChoices):
    """The record types a pack can hold, one sheet (and folder) each."""

    ACTIVITIES = "activities", _("Activities")  # 活动
    VISITS = "visits", _("Household visits")  # 走访
    PUBLICITY = "publicity", _("Publicity")  # 宣传报道
    ANTI_FRAUD = "anti_fraud", _("Anti-fraud app coverage")  # 反诈APP推广


class EvidenceStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # 排队中
    BUILDING = "building", _("Building")  # 生成中
    DONE = "done", _("Ready")  # 已生成
    FAILED = "failed", _("Could not be built")  # 生成失败


class EvidencePackQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> EvidencePackQuerySet:
        """A pack is its requester's alone, and only while its community is still theirs: a
        user moved to another community no longer downloads the old one's records."""
        from core.scope import sees_all_communities

        if not user.is_authenticated or not user.is_active:
            return self.none()
        mine = self.filter(requested_by=user)
        if sees_all_communities(user):
            return mine
        return mine.filter(community__in=Community.objects.for_user(user))


def pack_path(pack: EvidencePack, filename: str) -> str:
    # A name nobody can guess; the download gets a readable name (EvidencePack.download_name).
    return f"evidence/{uuid.uuid4().hex}.zip"


class EvidencePack(models.Model):
    """迎检材料 — the records, photos and attachments of a community (or of the whole office)
    for a period, as one .zip with a formatted summary workbook and an index."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    community = models.ForeignKey(
        Community,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
        help_text=_("Empty: the whole office."),
    )
    include_office_wide = models.BooleanField(
        _("include the whole office's activities and publicity"), default=True
    )
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    # EvidenceRecord values, in the order the sheets come.
    indicators = models.JSONField(_("records"), default=list)
    # A pack of the community's (or the office's) self-assessment of this year: a folder per
    # indicator with the records cited (campaigns.assessment.pack), instead of `indicators`.
    assessment_year = models.PositiveSmallIntegerField(
        _("self-assessment of the year"), null=True, blank=True
    )
    # ActivityKind values; empty: every kind.
    activity_kinds = models.JSONField(_("kinds of activity"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.QUEUED
    )
    progress = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    file = models.FileField(_("file"), upload_to=pack_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    objects = EvidencePackQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence pack")
        verbose_name_plural = _("evidence packs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The period must end on or after its first day."),
            )
        ]
        indexes = [
            # A user's packs, newest first (the list page).
            models.Index(fields=["requested_by", "-requested_at"], name="campaigns_evidence_user"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:evidence", args=[self.pk])

    @property
    def area(self) -> str:
        """The community's name, or 全办 for the whole office."""
        return self.community.name if self.community else str(_("Whole office"))

    @property
    def period(self) -> str:
        return f"{self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"

    @property
    def finished(self) -> bool:
        return self.status in (EvidenceStatus.DONE, EvidenceStatus.FAILED)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.progress / self.total)) if self.total else 0

    @property
    def indicator_labels(self) -> list[str]:
        if self.assessment_year:
            return [
                str(_("Self-assessment of %(year)s, by indicator") % {"year": self.assessment_year})
            ]
        labels = dict(EvidenceRecord.choices)
        return [str(labels[key]) for key in self.indicators if key in labels]

    @property
    def activity_kind_labels(self) -> list[str]:
        labels = dict(ActivityKind.choices)
        return [str(labels[key]) for key in self.activity_kinds if key in labels]

    @property
    def download_name(self) -> str:
        """迎检材料_庙川社区_2026-01-01至2026-12-31.zip (自评佐证材料_庙川社区_2026.zip)"""
        if self.assessment_year:
            return f"自评佐证材料_{self.area}_{self.assessment_year}.zip"
        return f"迎检材料_{self.area}_{self.period_start:%Y-%m-%d}至{self.period_end:%Y-%m-%d}.zip"
