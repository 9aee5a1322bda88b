"""A bulk edit of the resident list (core.bulkedit): the households of the residents listed
have installed the anti-fraud app (国家反诈中心APP). Registered from CampaignsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from campaigns.antifraud.models import AntiFraudCoverage, AntiFraudStatus
from core.bulkedit import registry
from core.bulkedit.registry import Preview, Refused, Sample, UndoRecord
from ledgers.models import Household, Resident
from sheets.bulkedits import CHANGED_MEANWHILE, RowsAction, create_rows, save_rows

SAMPLE = 10
FIELDS = ["status", "refused_reason", "recorded_on", "recorded_by_id", "installer"]


class MarkAntiFraudInstalled(RowsAction):
    """已安装 for each household of the list not recorded so yet: a new record for a household
    not asked yet, the record changed for one that had refused."""

    key = "antifraud-installed"
    label = _("Mark the anti-fraud app installed")
    model = Resident
    permissions = ("campaigns.add_antifraudcoverage", "campaigns.change_antifraudcoverage")
    help_text = _(
        "The households of the residents listed are recorded as having installed the anti-fraud "
        "app, today, by you; households recorded as installed already are left as they are."
    )

    def describe(self, cleaned: dict[str, Any]) -> str:
        return gettext("Anti-fraud app installed")

    def households(self, rows: QuerySet[Any], user: Any) -> QuerySet[Any]:
        """The households of the listed residents not recorded as installed yet."""
        listed = rows.filter(household__isnull=False).values("household_id")
        return (
            Household.objects.for_user(user)
            .filter(pk__in=listed)
            .exclude(anti_fraud__status=AntiFraudStatus.INSTALLED)
        )

    def preview(self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any) -> Preview:
        households = self.households(rows, user)
        preview = Preview(changing=households.count())
        for household in households.select_related("anti_fraud").order_by("number", "pk")[:SAMPLE]:
            coverage = getattr(household, "anti_fraud", None)
            before = coverage.get_status_display() if coverage else gettext("Not asked yet")
            label = f"{household.number} {household.address}".strip()
            preview.sample.append(Sample(label, str(before), str(AntiFraudStatus.INSTALLED.label)))
        alone = rows.filter(household__isnull=True).count()
        if alone:
            preview.notes.append(
                ngettext(
                    "%(n)d resident of the list belongs to no household and is left out.",
                    "%(n)d residents of the list belong to no household and are left out.",
                    alone,
                )
                % {"n": alone}
            )
        return preview

    def apply(
        self, rows: QuerySet[Any], cleaned: dict[str, Any], user: Any, *, reason: str
    ) -> UndoRecord:
        ids = list(self.households(rows, user).values_list("pk", flat=True))
        refused = list(
            AntiFraudCoverage.objects.for_user(user)
            .select_for_update(of=("self",))
            .filter(household_id__in=ids)
        )
        today = timezone.localdate()
        before = {c.pk: {name: getattr(c, name) for name in FIELDS} for c in refused}
        for coverage in refused:
            coverage.status, coverage.refused_reason = AntiFraudStatus.INSTALLED, ""
            coverage.recorded_on, coverage.recorded_by, coverage.installer = today, user, ""
        record = UndoRecord()
        save_rows(AntiFraudCoverage, refused, FIELDS, before, record, user=user, reason=reason)
        asked = {c.household_id for c in refused}
        new = [
            AntiFraudCoverage(
                household_id=pk,
                status=AntiFraudStatus.INSTALLED,
                recorded_on=today,
                recorded_by=user,
            )
            for pk in ids
            if pk not in asked
        ]
        try:
            create_rows(AntiFraudCoverage, new, record, user=user, reason=reason)
        except IntegrityError:  # a household recorded meanwhile
            raise Refused(str(CHANGED_MEANWHILE)) from None
        return record


def register() -> None:
    registry.register(MarkAntiFraudInstalled())
