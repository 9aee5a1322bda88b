"""Areas: communities, grids, and who works where (the input of the scope rule)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet
from core.versions import Versioned

area_code_validator = RegexValidator(
    r"^\d{12}$", _("An area code has exactly 12 digits (统计用区划代码).")
)
short_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{0,7}$",
    _("A short code is one to eight capital letters or digits, starting with a letter: MC, BH …"),
)


def free_short_code(base: str, taken: set[str]) -> str:
    """`base`, or `base` with the first number from 2 that makes it unused."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base[:6]}{number}", number + 1
    return candidate


class Community(Versioned):
    """社区 — a residential community (居委会) of the office."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("area code"),
        max_length=12,
        unique=True,
        validators=[area_code_validator],
        help_text=_("The 12-digit statistical area code. Never reuse a withdrawn code."),
    )
    short_code = models.CharField(
        _("short code"),
        max_length=8,
        unique=True,
        validators=[short_code_validator],
        help_text=_(
            "Capital letters that name the community in the numbers people cite, as in "
            "YH-MC-2026-0001. A new code applies to numbers given from then on."
        ),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "pk"

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["code"]
        permissions = [("view_all_communities", "Can see every community")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.short_code:  # one is always there: C and the 居委会 part of the area code
            taken = set(Community.objects.exclude(pk=self.pk).values_list("short_code", flat=True))
            self.short_code = free_short_code(f"C{self.code[-3:]}", taken)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ledgers:community", args=[self.pk])


class Grid(Versioned):
    """网格 — a part of a community looked after by a grid worker."""

    community = models.ForeignKey(
        Community, models.PROTECT, related_name="grids", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("grid code"), max_length=20)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="grids_worked",
        verbose_name=_("grid worker"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "community"

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["community__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "code"],
                name="%(app_label)s_%(class)s_code_unique_in_community",
                violation_error_message=_("This community already has a grid with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"


class Assignment(models.Model):
    """Which community (and which of its grids) a user works in: the input of the scope rule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="assignments",
        verbose_name=_("user"),
    )
    community = models.ForeignKey(
        Community, models.CASCADE, related_name="assignments", verbose_name=_("community")
    )
    grids = models.ManyToManyField(
        Grid,
        blank=True,
        verbose_name=_("grids"),
        help_text=_("For grid workers: the grids they look after (highlighted for them)."),
    )
    history = HistoricalRecords(m2m_fields=[grids])

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user__username", "community__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                name="%(app_label)s_%(class)s_once_per_community",
                violation_error_message=_("This user is already assigned to this community."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.community}"


class GrantState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class RoleGrantQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> RoleGrantQuerySet:
        """Approvers read every request; nobody else reads them in the application."""
        if user.is_active and user.has_perm("ledgers.approve_rolegrant"):
            return self
        return self.none()


class RoleGrant(models.Model):
    """授权申请 — a role (group), or a community for an account holding such a role, that shows
    residents' data: it takes effect only once someone other than the requester approves it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="role_grants",
        verbose_name=_("account"),
    )
    group = models.ForeignKey(
        "auth.Group", models.CASCADE, null=True, blank=True, verbose_name=_("role")
    )
    community = models.ForeignKey(
        "ledgers.Community", models.CASCADE, null=True, blank=True, verbose_name=_("community")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=GrantState.choices, default=GrantState.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [("approve_rolegrant", "Can approve or refuse access requests")]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, community__isnull=True)
                | Q(group__isnull=True, community__isnull=False),
                name="%(app_label)s_%(class)s_role_or_community",
                violation_error_message=_("A request is for a role or for a community."),
            ),
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(state="pending"),
                name="%(app_label)s_%(class)s_one_pending_role",
                violation_error_message=_("This role is already awaiting approval."),
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(state="pending"),
                name="%(app_label)s_%(class)s_one_pending_community",
                violation_error_message=_("This community is already awaiting approval."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.granted}"

    @property
    def granted(self) -> str:
        """What the request gives: a role's name, or 社区：庙川社区."""
        if self.group_id is not None:
            return str(self.group.name)  # type: ignore[union-attr]
        return str(_("community: %(name)s") % {"name": self.community})


class NumberSequence(models.Model):
    """The last number given of one kind (YH …) in one community and year."""

    community = models.ForeignKey(
        Community, models.CASCADE, related_name="+", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "year"],
                name="%(app_label)s_%(class)s_one_per_community_kind_and_year",
                violation_error_message=_("This community already counts these numbers."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.community_id} {self.year}: {self.last}"


def next_in_sequence(community_id: int, kind: str, year: int) -> int:
    """The next number of a community's `kind` in `year`: 1, 2, 3 … never the same twice.

    The increment is one UPDATE, so the row stays locked until the caller's transaction ends:
    a registration at the same moment waits and takes the next number (and, should the caller
    roll back, its number is given again). The first number of a year inserts the counter;
    if another transaction inserted it first, the unique constraint says so and the UPDATE
    takes the number after theirs.
    """
    counter = NumberSequence.objects.filter(community_id=community_id, kind=kind, year=year)
    with transaction.atomic():
        if not counter.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(
                        community_id=community_id, kind=kind, year=year, last=1
                    )
                return 1
            except IntegrityError:
                counter.update(last=F("last") + 1)
        return counter.values_list("last", flat=True).get()
