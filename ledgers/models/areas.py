"""Areas: communities, grids, and who works where (the input of the scope rule)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
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


class DemonstrationLevel(models.TextChoices):
    """民族团结进步示范 title held by a community."""

    NONE = "", _("None yet")
    CITY = "city", _("City demonstration community")
    PROVINCE = "province", _("Provincial demonstration community")
    NATIONAL = "national", _("National demonstration community")


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
    demonstration_level = models.CharField(
        _("demonstration level"), max_length=10, choices=DemonstrationLevel.choices, blank=True
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
