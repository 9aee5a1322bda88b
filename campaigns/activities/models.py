"""Activities (活动): study sessions, meetings, lectures, performances, services …, with their
participants, named attendees, photos and attachments."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.office_wide import OfficeOrCommunity
from core.models import Photo, StoredFile
from core.scope import OfficeWideQuerySet
from ledgers.models import Place, Resident


class ActivityKind(models.TextChoices):
    """The kinds an experience report counts (DOMAIN.md §1)."""

    STUDY = "study", _("Theory group study session")  # 理论中心组学习
    MOBILISATION = "mobilisation", _("Mobilisation meeting")  # 动员部署会
    FORUM = "forum", _("Forum")  # 座谈会
    POLICY_LECTURE = "policy_lecture", _("Policy lecture")  # 政策宣讲
    PERFORMANCE = "performance", _("Cultural performance")  # 文艺演出
    TRAINING = "training", _("Special training")  # 专题培训
    SERVICE = "service", _("Practical service")  # 办实事
    ANTI_FRAUD = "anti_fraud", _("Anti-fraud publicity")  # 反诈宣传
    FESTIVAL = "festival", _("Festival activity")  # 节日活动
    UNITY_MONTH = "unity_month", _("Ethnic unity publicity month or week")  # 民族团结宣传月/周
    OTHER = "other", _("Other activity")  # 其他


class Activity(OfficeOrCommunity):
    """活动 — one activity of a community or, without a community, of the whole office (全办)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    held_on = models.DateField(_("date"), default=timezone.localdate)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.ForeignKey(
        Place,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("place"),
    )
    place_text = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("Where, when the place is not in the ledger."),
    )
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    # Stored, not counted on the fly, so that reports add them up in SQL; derived from the named
    # attendees when there are any (campaigns.activities.rules.derive_counts).
    participants = models.PositiveIntegerField(_("participants"), default=0)
    minority_participants = models.PositiveIntegerField(_("minority participants"), default=0)
    attendees = models.ManyToManyField(
        Resident,
        through="ActivityAttendee",
        blank=True,
        related_name="activities",
        verbose_name=_("named attendees"),
    )
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minority_participants__lte=F("participants")),
                name="%(app_label)s_%(class)s_minority_within_total",
                violation_error_message=_(
                    "There cannot be more minority participants than participants."
                ),
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(place_text=""),
                name="%(app_label)s_%(class)s_place_or_location",
                violation_error_message=_("Choose a place or say where the activity was."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("The activity must end after it starts."),
            ),
        ]
        indexes = [
            # A community's activities by date: its list, and reports by period.
            models.Index(fields=["community", "held_on"], name="campaigns_activity_comm"),
            # Counts by kind and period: targets, the dashboard, the yearly statistics.
            models.Index(fields=["kind", "held_on"], name="campaigns_activity_kind"),
            # The list's order (Meta.ordering): a page of all communities' activities reads
            # its 25 rows in order instead of sorting a county's every activity.
            models.Index(fields=["-held_on", "-starts_at", "-id"], name="campaigns_activity_order"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}" if self.held_on else self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:activity", args=[self.pk])

    @property
    def where(self) -> str:
        """The place's name, or the free location."""
        return self.place.name if self.place_id and self.place else self.place_text

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if not self.place_id and not self.place_text.strip():
            errors["place_text"] = ValidationError(
                _("Choose a place or say where the activity was.")
            )
        place = self.place if self.place_id else None
        if place is not None and self.community_id and place.community_id != self.community_id:
            errors["place"] = ValidationError(_("This place is in another community."))
        total, minority = self.participants, self.minority_participants
        if total is not None and minority is not None and minority > total:
            errors["minority_participants"] = ValidationError(
                _("There cannot be more minority participants than participants.")
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(_("The activity must end after it starts."))
        if errors:
            raise ValidationError(errors)


class ActivityAttendee(models.Model):
    """A resident named as having taken part in an activity (参加人员)."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="attendances", verbose_name=_("activity")
    )
    resident = models.ForeignKey(
        Resident, models.PROTECT, related_name="attendances", verbose_name=_("resident")
    )

    objects = OfficeWideQuerySet.as_manager()
    scope_path: ClassVar[str] = "activity__community"

    class Meta:
        verbose_name = _("activity attendee")
        verbose_name_plural = _("activity attendees")
        ordering = ["activity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"],
                name="%(app_label)s_%(class)s_once_per_activity",
                violation_error_message=_("This resident is already an attendee."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.resident}"


class ActivityPhoto(Photo):
    """A photo of an activity; served only to users who may see the activity."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="photos", verbose_name=_("activity")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    objects = OfficeWideQuerySet.as_manager()  # type: ignore[misc]
    scope_path: ClassVar[str] = "activity__community"

    class Meta(Photo.Meta):
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return f"{self.activity} #{self.pk}"


class AttachmentKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign-in sheet")  # 签到表
    SLIDES = "slides", _("Slides or lecture notes")  # 课件/讲稿
    DOCUMENT = "document", _("Document")  # 文件/方案/总结
    OTHER = "other", _("Other attachment")  # 其他


class ActivityAttachment(StoredFile):
    """A file kept with an activity (sign-in sheet, slides …): checked by its content
    (core.uploads.attachments), stored under a name nobody can guess, downloaded in scope only."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="attachments", verbose_name=_("activity")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.OTHER
    )

    objects = OfficeWideQuerySet.as_manager()
    scope_path: ClassVar[str] = "activity__community"

    class Meta(StoredFile.Meta):
        verbose_name = _("activity attachment")
        verbose_name_plural = _("activity attachments")
