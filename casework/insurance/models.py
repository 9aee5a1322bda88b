"""Casework: insurance enrolment (城乡居民医保/养老参保), one row per person, scheme and year."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.people import person_name
from core.sets import not_among
from ledgers.models import LedgerRow, Resident, ResidentStatus, StudyAbroad


class InsuranceScheme(models.TextChoices):
    MEDICAL = (
        "medical",
        _("Urban and rural residents' basic medical insurance"),
    )  # 城乡居民基本医疗保险
    PENSION = (
        "pension",
        _("Urban and rural residents' basic pension insurance"),
    )  # 城乡居民基本养老保险


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")  # 已参保
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")  # 未参保
    # 职工医保/职工养老, or insured where the household is registered: covered all the same.
    OTHER = "other", _("Insured through another scheme")  # 已在其他渠道参保


COVERED = [EnrolmentStatus.ENROLLED, EnrolmentStatus.OTHER]
PENSION_FROM_AGE = 16
PENSION_AGE = 60


class InsuranceEnrolment(LedgerRow):
    """参保登记 — whether a resident is insured under a scheme in a year, and who helped."""

    resident = models.ForeignKey(
        Resident,
        models.PROTECT,
        related_name="insurance_enrolments",
        verbose_name=_("resident"),
    )
    scheme = models.CharField(_("scheme"), max_length=10, choices=InsuranceScheme.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("enrolment status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    helped_by_community = models.BooleanField(
        _("helped by the community"),
        default=False,
        help_text=_("The community helped this resident enrol."),
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("helped by"),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    scope_path: ClassVar[str] = "resident__community"

    class Meta:
        verbose_name = _("insurance enrolment")
        verbose_name_plural = _("insurance enrolments")
        ordering = ["-year", "resident__name_sort", "pk"]
        permissions = [("import_insuranceenrolment", "Can import insurance enrolments")]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "scheme", "year"],
                name="%(app_label)s_%(class)s_one_per_resident_scheme_year",
                violation_error_message=_(
                    "This resident already has an enrolment for this scheme and year."
                ),
            )
        ]
        indexes = [
            # The gap list: does a resident have a covering row for this scheme and year?
            # (covering: the covered residents are read from the index alone)
            models.Index(
                fields=["scheme", "year", "status", "resident"], name="casework_ins_scheme_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} {self.year} {self.get_scheme_display()}"

    def get_absolute_url(self) -> str:
        return reverse("casework:insuranceenrolment", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        resident = self.resident if self.resident_id else None
        if (
            resident is not None
            and self.year
            and self.scheme == InsuranceScheme.PENSION
            and resident.birth_date.year > self.year - PENSION_FROM_AGE
        ):
            raise ValidationError(
                {
                    "scheme": _("Pension insurance is for residents aged %(age)d and over.")
                    % {"age": PENSION_FROM_AGE}
                }
            )

    @property
    def covered(self) -> bool:
        return self.status in COVERED

    @property
    def resident_id_masked(self) -> str:
        return self.resident.masked_id

    @property
    def helper_name(self) -> str:
        return person_name(self.helper) if self.helper_id else ""


def should_enrol(residents: QuerySet[Resident], scheme: str, year: int) -> QuerySet[Resident]:
    """The gap list: residents who should be insured under `scheme` in `year` and are not.

    Medical insurance (城乡居民基本医疗保险) covers everyone: every resident on the register (在册:
    not moved out, deceased or archived) without a covering row for the year is in the gap. A
    covering row says 已参保 or 已在其他渠道参保 (职工医保, or insured where registered).

    Pension insurance (城乡居民基本养老保险, 国发〔2014〕8号) is for residents aged 16 and over
    who are not in school: ages count by year (born on or before 31 December of year − 16), and
    students abroad (赴外留学生 with a stay that covers the year) are left out, the one kind of
    student the ledgers know. From 16 to 59 a covering row is needed; from 60 on (born on or
    before 31 December of year − 60) people may already draw a pension or have been asked, so
    they are in the gap only while they have no row at all for the year.
    """
    # Each condition is a set of residents (core.sets), not a question asked of each
    # resident: at 100,000 residents 20 ms rather than 110 on SQLite.
    residents = residents.filter(status=ResidentStatus.ACTIVE)
    rows = InsuranceEnrolment.objects.filter(scheme=scheme, year=year)
    uncovered = not_among(rows.filter(status__in=COVERED), "resident_id")
    if scheme != InsuranceScheme.PENSION:
        return residents.filter(uncovered)
    studying = StudyAbroad.objects.filter(
        Q(to_date__isnull=True) | Q(to_date__gte=date(year, 1, 1)),
        from_date__lte=date(year, 12, 31),
    )
    # From 60 on, any row for the year takes a resident off the gap list.
    elderly_rows = rows.filter(resident__birth_date__lte=date(year - PENSION_AGE, 12, 31))
    return (
        residents.filter(birth_date__lte=date(year - PENSION_FROM_AGE, 12, 31))
        .filter(not_among(studying, "resident_id"), uncovered)
        .filter(not_among(elderly_rows, "resident_id"))
    )
