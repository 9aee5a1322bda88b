"""Publicity (宣传报道): articles and news items about the work, usually about an activity."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.activities.models import Activity
from campaigns.office_wide import OfficeOrCommunity


class PublicityKind(models.TextChoices):
    MEIPIAN = "meipian", _("Meipian article")  # 美篇
    NEWS = "news", _("News report")  # 新闻报道
    WECHAT = "wechat", _("Official account article")  # 公众号文章
    BRIEFING = "briefing", _("Briefing")  # 简报
    BOARD = "board", _("Publicity board")  # 宣传栏


class Publicity(OfficeOrCommunity):
    """宣传报道 — one published item of a community or of the whole office."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PublicityKind.choices)
    outlet = models.CharField(
        _("outlet"), max_length=100, blank=True, help_text=_("Where it appeared: 公众号, 报纸 …")
    )
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_("Give a web address starting with http:// or https://."),
            )
        ],
    )
    activity = models.ForeignKey(
        Activity,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="publicity",
        verbose_name=_("activity reported"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")
        permissions = [("import_publicity", "Can import publicity items")]
        ordering = ["-published_on", "-pk"]
        indexes = [
            # A community's items by date: its list, targets and reports by period.
            models.Index(fields=["community", "published_on"], name="campaigns_publicity_comm"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:publicity", args=[self.pk])

    def clean(self) -> None:
        """A community's item reports its own or an office-wide activity; an office-wide item
        may report any activity."""
        super().clean()
        activity = self.activity if self.activity_id else None
        if (
            activity is not None
            and self.community_id
            and activity.community_id
            and activity.community_id != self.community_id
        ):
            raise ValidationError({"activity": _("This activity is of another community.")})
