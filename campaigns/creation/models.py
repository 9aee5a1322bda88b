"""The creation file (创建档案) inspectors read first: the leadership group of each year (创建工作
领导小组), the work documents (实施方案, 年度计划, 总结, 会议纪要, 制度) with their files, and the
demonstration titles competed for and won (示范创建), of a community or of the office itself."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.activities.models import Activity
from campaigns.office_wide import OfficeOrCommunity
from core.models import StoredFile, photo_path
from core.people import person_name
from core.scope import OfficeWideQuerySet
from ledgers.models import Community

# Who keeps the office's own creation file (its group, documents and titles): the leaders.
OFFICE_FILE = "campaigns.keep_office_file"
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
REVIEW_YEARS = 5  # a title is reviewed (复核) every five years


def once_per_area(fields: list[str], what: str, message: Any) -> list[models.BaseConstraint]:
    """Unique per community, and once for the office itself (NULLs are distinct in an index)."""
    return [
        models.UniqueConstraint(
            fields=["community", *fields],
            condition=Q(community__isnull=False),
            name=f"%(app_label)s_%(class)s_{what}_per_community",
            violation_error_message=message,
        ),
        models.UniqueConstraint(
            fields=fields,
            condition=Q(community__isnull=True),
            name=f"%(app_label)s_%(class)s_{what}_for_office",
            violation_error_message=message,
        ),
    ]


class GroupRole(models.TextChoices):
    """A member's place in the leadership group."""

    LEADER = "leader", _("Group leader")  # 组长
    DEPUTY = "deputy", _("Deputy group leader")  # 副组长
    MEMBER = "member", _("Member")  # 成员


class LeadershipGroup(OfficeOrCommunity):
    """创建工作领导小组 — the group that leads a year's creation work, of the office or of a
    community: its members, its office (办公室) and who heads it, and the split of duties."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    name = models.CharField(
        _("name of the group"), max_length=100, default="民族团结进步创建工作领导小组"
    )
    office = models.CharField(
        _("office of the group"),
        max_length=200,
        help_text=_("Where the group's office (办公室) sits, e.g. 党工委办公室."),
    )
    office_head = models.CharField(_("head of the office"), max_length=100)
    duties = models.TextField(
        _("split of duties"),
        help_text=_("e.g. 主要领导抓总责、分管领导具体抓、各社区抓落实"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leadership group")
        verbose_name_plural = _("leadership groups")
        ordering = ["-year", "community__code"]
        constraints = once_per_area(
            ["year"], "year", _("This leadership group is already recorded for this year.")
        )
        permissions = [(OFFICE_FILE.split(".")[1], "Can keep the office's own creation file")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.area}{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:leadershipgroup", args=[self.pk])

    @property
    def group_leader(self) -> str:
        """The 组长's name (from the prefetched members)."""
        leaders = [m for m in self.members.all() if m.role == GroupRole.LEADER]
        return leaders[0].display_name if leaders else ""

    def members_by_role(self) -> list[tuple[str, list[GroupMember]]]:
        """(组长, [...]), (副组长, [...]), (成员, [...]): the roles that have members, in order."""
        members = list(self.members.all())
        grouped = [
            (label, [m for m in members if m.role == role]) for role, label in GroupRole.choices
        ]
        return [(str(label), people) for label, people in grouped if people]


class GroupMember(models.Model):
    """A member of a leadership group: a free name or an account, their post and place in it."""

    group = models.ForeignKey(
        LeadershipGroup, models.CASCADE, related_name="members", verbose_name=_("group")
    )
    name = models.CharField(
        _("member's name"), max_length=50, blank=True, help_text=_("Or choose an account.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    position = models.CharField(
        _("position"), max_length=100, help_text=_("e.g. 党工委书记, 办事处主任")
    )
    role = models.CharField(_("role in the group"), max_length=8, choices=GroupRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = OfficeWideQuerySet.as_manager()
    scope_path: ClassVar[str] = "group__community"

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | Q(user__isnull=False),
                name="%(app_label)s_%(class)s_named",
                violation_error_message=_("Give the member's name or choose their account."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name}（{self.position}）"

    @property
    def display_name(self) -> str:
        return self.name or (person_name(self.user) if self.user_id and self.user else "")

    def clean(self) -> None:
        super().clean()
        if not self.name.strip() and not self.user_id:
            raise ValidationError(
                {"name": ValidationError(_("Give the member's name or choose their account."))}
            )


class DocumentKind(models.TextChoices):
    """The kinds of work documents the creation file keeps."""

    PROGRAMME = "programme", _("Implementation programme")  # 实施方案
    PLAN = "plan", _("Annual work plan")  # 年度工作计划
    SUMMARY = "summary", _("Work summary")  # 总结
    MINUTES = "minutes", _("Meeting minutes")  # 会议纪要
    RULES = "rules", _("Rules and procedures")  # 制度


class WorkDocument(OfficeOrCommunity):
    """工作文档 — a programme, plan, summary, minutes or set of rules of the creation work, with
    its files; minutes belong to the meeting (an activity) they record."""

    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    issued_on = models.DateField(_("date"), default=timezone.localdate)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=YEAR_VALIDATORS, help_text=_("The year the document is for.")
    )
    activity = models.ForeignKey(
        Activity,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="work_documents",
        verbose_name=_("activity"),
        help_text=_("The meeting or activity the document belongs to, if any."),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work document")
        verbose_name_plural = _("work documents")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            # The document list by year and kind, and a community's file of a year.
            models.Index(fields=["year", "kind"], name="campaigns_workdoc_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:workdocument", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.issued_on and self.issued_on > timezone.localdate():
            errors["issued_on"] = ValidationError(_("A document is recorded once it is issued."))
        if self.issued_on and self.year and abs(self.year - self.issued_on.year) > 1:
            errors["year"] = ValidationError(
                _("The year should be the document's date's year, or the one before or after.")
            )
        activity = self.activity if self.activity_id else None
        if activity is not None and activity.community_id != self.community_id:
            errors["activity"] = ValidationError(
                _("The activity is of another community than the document.")
            )
        if errors:
            raise ValidationError(errors)


class WorkDocumentFile(StoredFile):
    """A file of a work document: checked by its content (core.uploads.attachments), stored
    under a name nobody can guess, downloaded in scope only."""

    document = models.ForeignKey(
        WorkDocument, models.CASCADE, related_name="files", verbose_name=_("work document")
    )

    objects = OfficeWideQuerySet.as_manager()
    scope_path: ClassVar[str] = "document__community"

    class Meta(StoredFile.Meta):
        verbose_name = _("work document file")
        verbose_name_plural = _("work document files")


class DemonstrationLevel(models.TextChoices):
    """The level of a 民族团结进步示范 title, lowest first."""

    COUNTY = "county", _("County")  # 县级
    CITY = "city", _("City")  # 市级
    PROVINCE = "province", _("Province")  # 省级
    NATIONAL = "national", _("National")  # 国家级


class DemonstrationStatus(models.TextChoices):
    """Where a title stands: competed for, named, or under its five-yearly review."""

    COMPETING = "competing", _("Competing")  # 争创中
    NAMED = "named", _("Named")  # 已命名
    REVIEW = "review", _("Under review")  # 复核


class Demonstration(OfficeOrCommunity):
    """示范创建 — a demonstration title of a level, competed for or won by a community or, with
    no community, by the office itself; one record per level, moved on as the title is."""

    community = models.ForeignKey(
        Community,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="demonstrations",
        verbose_name=_("community"),
        help_text=_("Leave empty for the office itself."),
    )
    level = models.CharField(_("level"), max_length=10, choices=DemonstrationLevel.choices)
    status = models.CharField(_("status"), max_length=10, choices=DemonstrationStatus.choices)
    since = models.DateField(_("competing since"), null=True, blank=True)
    named_on = models.DateField(_("named on"), null=True, blank=True)
    next_review = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("Five years after the naming when left empty."),
    )
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("文号 of the naming")
    )
    # The naming document (optional), checked and stored like any attachment.
    file = models.FileField(_("naming document"), upload_to=photo_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demonstration title")
        verbose_name_plural = _("demonstration titles")
        ordering = ["community__code", "level"]
        constraints = [
            *once_per_area(
                ["level"], "level", _("This level is already recorded: move its record on.")
            ),
            models.CheckConstraint(
                condition=~Q(status=DemonstrationStatus.COMPETING) | Q(named_on__isnull=True),
                name="%(app_label)s_%(class)s_competing_not_named",
                violation_error_message=_("A title still competed for has no naming date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.get_level_display()}{self.get_status_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.named_on and not self.next_review:
            self.next_review = review_date(self.named_on)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("campaigns:demonstration", args=[self.pk])

    @property
    def review_due(self) -> bool:
        """Named, and its review date has come."""
        return bool(
            self.status != DemonstrationStatus.COMPETING
            and self.next_review
            and self.next_review <= timezone.localdate()
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        today = timezone.localdate()
        if self.status == DemonstrationStatus.COMPETING and self.named_on:
            errors["named_on"] = ValidationError(
                _("A title still competed for has no naming date.")
            )
        if self.status != DemonstrationStatus.COMPETING and not self.named_on:
            errors["named_on"] = ValidationError(_("Give the date the title was named."))
        for name in ("since", "named_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = ValidationError(_("This date is after today."))
        if self.since and self.named_on and self.named_on < self.since:
            errors["named_on"] = ValidationError(_("A title is named after it is competed for."))
        if self.named_on and self.next_review and self.next_review <= self.named_on:
            errors["next_review"] = ValidationError(_("The review comes after the naming."))
        if errors:
            raise ValidationError(errors)


def review_date(named_on: date) -> date:
    """Five years after the naming (29 February → 28 February)."""
    try:
        return named_on.replace(year=named_on.year + REVIEW_YEARS)
    except ValueError:
        return named_on.replace(year=named_on.year + REVIEW_YEARS, day=28)
