"""A resident saved through save() (forms, steps, the admin, the demo) has its move recorded."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from ledgers.moves import periods
from ledgers.people.models import Resident


@receiver(post_save, sender=Resident, dispatch_uid="ledgers.moves.follow")
def follow_saved_resident(sender: Any, instance: Resident, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the fixture brings its own periods
    periods.follow([instance], created=created, user=_request_user())


def _request_user() -> Any:
    """The user of the request being served, as the history records it (simple_history's
    middleware keeps the request)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
