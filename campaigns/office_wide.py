"""Records of one community or of the whole office (全办), shared by activities, publicity and
targets: their thin abstract base, and how their forms offer the whole office."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scope import OfficeWideQuerySet
from ledgers.models import Community, LedgerRow

# The empty choice of a form's community: the record is the whole office's.
WHOLE_OFFICE_CHOICE = _("Whole office (all communities)")


class OfficeOrCommunity(LedgerRow):
    """A record of one community or, with no community, of the whole office (全办): an
    office-wide meeting, article or target, seen by everyone who works in the office."""

    community = models.ForeignKey(
        Community,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("community"),
        help_text=_("Leave empty for the whole office (all communities)."),
    )

    objects = OfficeWideQuerySet.as_manager()  # type: ignore[misc]
    scope_path: ClassVar[str] = "community"

    class Meta:
        abstract = True

    @property
    def is_office_wide(self) -> bool:
        return self.community_id is None

    @property
    def area(self) -> str:
        """The community's name, or 全办 for the whole office."""
        return self.community.name if self.community else str(_("Whole office"))
