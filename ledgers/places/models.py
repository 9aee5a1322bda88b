"""Organisations and places: businesses, religious venues, gathering places, cultural positions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ledgers import identifiers
from ledgers.codes import Religion
from ledgers.people.models import InCommunity, Resident


def validate_credit_code(value: str) -> None:
    try:
        identifiers.check_credit_code(value)
    except identifiers.IdentifierError as error:
        raise ValidationError(error.message, code=error.code) from None


class BusinessKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual business")  # 个体工商户
    ENTERPRISE = "enterprise", _("Enterprise")  # 企业
    SOCIAL = "social", _("Social organisation")  # 社会组织


class Business(InCommunity):
    """个体工商户 / 企业 / 社会组织 in a community."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=BusinessKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    operator = models.ForeignKey(
        Resident,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("operator (resident)"),
    )
    operator_name = models.CharField(
        _("operator"),
        max_length=50,
        blank=True,
        help_text=_("When the operator is not a resident."),
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    minority_run = models.BooleanField(_("run by a minority resident"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        permissions = [("import_business", "Can import businesses")]
        ordering = ["community__code", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="%(app_label)s_%(class)s_credit_code_unique",
                violation_error_message=_(
                    "A business with this credit code is already registered."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ledgers:business", args=[self.pk])

    @property
    def operator_display(self) -> str:
        return self.operator.name if self.operator else self.operator_name


class PlaceKind(models.TextChoices):
    RELIGIOUS = "religious", _("Religious venue")  # 宗教活动场所
    GATHERING = "gathering", _("Minority gathering place")  # 少数民族聚居点
    CULTURAL = "cultural", _("Cultural position")  # 文化阵地/活动室/展厅
    SCHOOL = "school", _("School")
    MARKET = "market", _("Market")
    OTHER = "other", _("Other place")


class Place(InCommunity):
    """A place the office looks after: religious venues, gathering places, cultural positions …"""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    religion = models.CharField(_("religion"), max_length=1, choices=Religion.choices, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200)
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        permissions = [("import_place", "Can import places")]
        ordering = ["community__code", "kind", "name", "pk"]
        constraints = [
            # A religious venue has its religion, and only a religious venue has one.
            models.CheckConstraint(
                condition=Q(kind=PlaceKind.RELIGIOUS, religion__gt="")
                | (~Q(kind=PlaceKind.RELIGIOUS) & Q(religion="")),
                name="%(app_label)s_%(class)s_religion_only_for_venues",
                violation_error_message=_(
                    "A religious venue has its religion; no other place has one."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ledgers:place", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.kind == PlaceKind.RELIGIOUS and not self.religion:
            raise ValidationError({"religion": _("A religious venue needs its religion.")})
        if self.kind != PlaceKind.RELIGIOUS and self.religion:
            raise ValidationError({"religion": _("Only religious venues have a religion.")})
