"""Open assistance cases follow their household to its new community (ledgers.moves).

A case is a household's application: when the whole household moves, its open cases move with
it (community and grid) and the new community carries them on; when one person moves alone,
the open cases they applied for go with them (into the household they join, if any). Closed
cases (不予批准, 停发/退出) stay where they were decided: they count for the community at
the time. Registered from CaseworkConfig.ready().
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.assistance.models import AssistanceCase, CaseState
from ledgers.moves import followers
from sheets import bulk

CLOSED_STATES = [CaseState.REFUSED, CaseState.STOPPED]


def follow_transfer(residents: Sequence[Any], left: Any, joined: Any, transfer: Any) -> None:
    """Move the open cases of a transfer's household or people; three queries at most."""
    people = {resident.pk: resident for resident in residents}
    which = Q(applicant__in=list(people))
    if transfer.household_id:
        which |= Q(household_id=transfer.household_id)
    cases = list(
        AssistanceCase.objects.select_for_update(of=("self",))
        .filter(which, community=left)
        .exclude(state__in=CLOSED_STATES)
    )
    if not cases:
        return
    now = timezone.now()
    for case in cases:
        case.community = joined
        case.grid_id = transfer.to_grid_id
        applicant = people.get(case.applicant_id)
        if not transfer.household_id and applicant is not None:
            if not applicant.household_id:
                # A case is a household's application: it needs the household they join.
                raise followers.Refused(
                    _(
                        "%(name)s has an open assistance case: choose the household of your "
                        "community they join."
                    )
                    % {"name": applicant.name}
                )
            case.household_id = applicant.household_id
        case.updated_at = now
    bulk.update(AssistanceCase, cases, ["community", "grid", "household", "updated_at"])
    user = transfer.answered_by
    bulk.history(AssistanceCase, cases, created=False, user=user, reason=_("Moved with the family"))
