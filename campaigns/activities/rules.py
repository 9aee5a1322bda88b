"""Rules of activities: counts derived from the named attendees, and copying a recurring one."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import Activity, ActivityAttendee
from ledgers.models import MINORITY_CODES, Resident


def derive_counts(activity: Activity) -> bool:
    """With named attendees, the participants are those attendees and the minority participants
    those of a minority ethnicity (GB 3304 codes 02–56): set both and save them. Without any,
    the typed counts stay. Returns whether the counts come from the attendees.

    Call it whenever attendees are saved (set_attendees does).
    """
    counts = ActivityAttendee.objects.filter(activity=activity).aggregate(
        total=Count("pk"), minority=Count("pk", filter=Q(resident__ethnicity__in=MINORITY_CODES))
    )
    if not counts["total"]:
        return False
    if (activity.participants, activity.minority_participants) != (
        counts["total"],
        counts["minority"],
    ):
        activity.participants = counts["total"]
        activity.minority_participants = counts["minority"]
        activity.save(update_fields=["participants", "minority_participants", "updated_at"])
    return True


@transaction.atomic
def set_attendees(activity: Activity, residents: Iterable[Resident]) -> bool:
    """Make `residents` the activity's named attendees and derive its counts from them.

    A community's activity takes only its own residents; an office-wide one takes residents of
    any community (the form offers those in the user's scope). Returns what derive_counts does.
    """
    chosen = {resident.pk: resident for resident in residents}
    if activity.community_id is not None and any(
        r.community_id != activity.community_id for r in chosen.values()
    ):
        raise ValidationError(
            {"attendees": _("Attendees of a community's activity are its own residents.")}
        )
    current = set(activity.attendances.values_list("resident_id", flat=True))
    activity.attendances.exclude(resident_id__in=chosen).delete()
    ActivityAttendee.objects.bulk_create(
        [ActivityAttendee(activity=activity, resident_id=pk) for pk in chosen if pk not in current]
    )
    return derive_counts(activity)


def copy_activity(activity: Activity) -> Activity:
    """An unsaved activity like `activity` (kind, title, theme, place, organiser, community) for
    the next time a recurring one is held: the date, times, counts and summary are left to fill."""
    return Activity(
        community_id=activity.community_id,
        kind=activity.kind,
        title=activity.title,
        theme=activity.theme,
        place_id=activity.place_id,
        place_text=activity.place_text,
        organiser=activity.organiser,
        held_on=None,  # type: ignore[misc]  # the form asks for the new date
    )
