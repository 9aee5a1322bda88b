"""A transfer waiting for an answer, to the receiving community's people who answer them; once
it is not answered within its working days, to the leaders too."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notices.registry import Context, Due, Rule, register
from ledgers.areas import recipients
from ledgers.moves.models import Transfer, TransferState
from ledgers.moves.transfers import overdue_before

ANSWER = "ledgers.answer_transfer"


def waiting(context: Context) -> Iterator[Due]:
    transfers = list(
        Transfer.objects.filter(state=TransferState.PROPOSED)
        .select_related("from_community", "to_community")
        .order_by()
    )
    people = recipients.local(ANSWER, {t.to_community_id for t in transfers})
    cutoff = overdue_before(context.today)
    leaders = recipients.all_seeing("ledgers.view_transfer") if transfers else set()
    for transfer in transfers:
        names = {"from": transfer.from_community.name, "to": transfer.to_community.name}
        told = people.of(transfer.to_community_id)
        title = _("A transfer from %(from)s to %(to)s waits for %(to)s's answer.")
        yield Due(transfer, "waiting", told, title % names)
        if transfer.proposed_at < cutoff:
            title = _("A transfer from %(from)s to %(to)s is not answered in time.")
            yield Due(transfer, "late", told | leaders, title % names)


def register_rules() -> None:
    register(
        Rule(
            "transfer_waiting",
            gettext_lazy("Transfers waiting for an answer"),
            waiting,
            help=gettext_lazy(
                "The receiving community is told of each transfer it must answer; the leaders "
                "too once it is not answered within 5 working days."
            ),
            order=30,
        )
    )
