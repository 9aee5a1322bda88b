"""The dashboard's kept counts (reports/dashboard/tally.py): a community's figures of a year, and
the note that a community's rows changed since they were counted."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ledgers.models import Community


class CommunityTally(models.Model):
    """What the dashboard counts over the large tables (residents, households, insurance,
    visits), for one community and one year, as of the last count."""

    community = models.ForeignKey(
        Community, models.CASCADE, related_name="+", verbose_name=_("community")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    figures = models.JSONField(_("figures"))
    counted_at = models.DateTimeField(_("counted at"), auto_now=True)

    class Meta:
        verbose_name = _("community tally")
        verbose_name_plural = _("community tallies")
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="one_tally_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.year}"


class TallyChange(models.Model):
    """A community whose counted rows changed since its tallies were counted: written by the
    database's own triggers on every write to a counted table, removed when counted again."""

    # Not a foreign key: the triggers write it, and a removed community's note is harmless.
    community_id = models.IntegerField(_("community"), db_index=True)

    class Meta:
        verbose_name = _("tally change")
        verbose_name_plural = _("tally changes")

    def __str__(self) -> str:
        return str(self.community_id)
