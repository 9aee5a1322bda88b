"""What moves with the people of an accepted transfer, beside their own rows.

Higher apps register a follower (`register`) from their AppConfig.ready(); on acceptance (and
on a correction, which moves them back) each is called inside the transaction with the
residents (already in their new community), the community they left, the one they joined and
the transfer. A follower moves only what belongs with the person: an open assistance case
follows the household (casework registers that follower). What happened somewhere stays where it
happened and needs no follower: visits, activity attendance and hazards have their own
community; insurance enrolments are scoped through their resident and so follow already.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledgers.areas.models import Community
    from ledgers.moves.models import Transfer
    from ledgers.people.models import Resident

Follower = Callable[["Sequence[Resident]", "Community", "Community", "Transfer"], Any]

FOLLOWERS: list[Follower] = []


class Refused(Exception):
    """A follower cannot move what belongs with the people as the transfer stands: the whole
    acceptance is rolled back and the message shown to the person answering."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def register(follower: Follower) -> Follower:
    """Call `follower` on every accepted transfer (registering it again changes nothing)."""
    if follower not in FOLLOWERS:
        FOLLOWERS.append(follower)
    return follower


def notify(
    residents: Sequence[Resident], left: Community, joined: Community, transfer: Transfer
) -> None:
    for follower in FOLLOWERS:
        follower(residents, left, joined, transfer)
