"""A bulk edit of the resident list (core.bulkedit): this year's insurance enrolments carried
to next year. Registered from CaseworkConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from casework.insurance.models import EnrolmentStatus, InsuranceEnrolment
from core.bulkedit import registry
from core.bulkedit.registry import Preview, Refused, Sample, UndoRecord
from ledgers.models import Resident, ResidentStatus
from sheets.bulkedits import CHANGED_MEANWHILE, RowsAction, create_rows

SAMPLE = 10


def years() -> tuple[int, int]:
    year = timezone.localdate().year
    return year, year + 1


class CarryEnrolment(RowsAction):
    """Each enrolment of this year that says 已参保, of a resident listed and on the register,
    gets a copy for next year, unless that resident has a row for the scheme next year."""

    key = "insurance-next-year"
    label = _("Carry this year's insurance enrolment to next year")
    model = Resident
    permissions = ("casework.add_insuranceenrolment",)
    help_text = _(
        "For the residents listed who are on the register, each enrolment of this year marked "
        "enrolled is copied to next year, unless one for that scheme exists already."
    )

    def params(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        year, following = years()
        return {"year": year, "next_year": following}

    def describe(self, cleaned: dict[str, Any]) -> str:
        year, following = years()
        return f"{year} → {following}"

    def carried(self, rows: QuerySet[Any], user: Any) -> QuerySet[Any]:
        year, following = years()
        later = InsuranceEnrolment.objects.filter(
            resident=OuterRef("resident"), scheme=OuterRef("scheme"), year=following
        )
        listed = rows.filter(status=ResidentStatus.ACTIVE).values("pk")
        return (
            InsuranceEnrolment.objects.for_user(user)
            .filter(resident__in=listed, year=year, status=EnrolmentStatus.ENROLLED)
            .exclude(Exists(later))
        )

    def preview(self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any) -> Preview:
        _year, following = years()
        carried = self.carried(rows, user)
        preview = Preview(changing=carried.count())
        after = f"{following} {EnrolmentStatus.ENROLLED.label}"
        for enrolment in carried.select_related("resident").order_by("resident__name_sort", "pk")[
            :SAMPLE
        ]:
            row = f"{enrolment.resident.name} · {enrolment.get_scheme_display()}"
            before = gettext("nothing for %(year)d") % {"year": following}
            preview.sample.append(Sample(row, before, after))
        off = rows.exclude(status=ResidentStatus.ACTIVE).count()
        if off:
            preview.notes.append(
                ngettext(
                    "%(n)d resident not on the register is left out.",
                    "%(n)d residents not on the register are left out.",
                    off,
                )
                % {"n": off}
            )
        return preview

    def apply(
        self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any, *, reason: str
    ) -> UndoRecord:
        _year, following = years()
        sources = (
            self.carried(rows, user).select_related("resident").select_for_update(of=("self",))
        )
        new = []
        for source in sources:
            copy = InsuranceEnrolment(
                resident=source.resident,
                scheme=source.scheme,
                year=following,
                status=EnrolmentStatus.ENROLLED,
                helped_by_community=source.helped_by_community,
                helper_id=source.helper_id,
            )
            try:
                copy.clean()
            except ValidationError as error:
                raise Refused(f"{copy}: {'；'.join(error.messages)}") from None
            new.append(copy)
        record = UndoRecord()
        try:
            create_rows(InsuranceEnrolment, new, record, user=user, reason=reason)
        except IntegrityError:  # an enrolment for next year recorded meanwhile
            raise Refused(str(CHANGED_MEANWHILE)) from None
        return record


def register() -> None:
    registry.register(CarryEnrolment())
