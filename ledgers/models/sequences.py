"""Counters for the numbers people cite (隐患编号 …): per community, kind and year."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ledgers.models.areas import Community


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
