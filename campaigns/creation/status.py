"""Where the demonstration titles stand, for pages outside the creation file: a community's page
(through ledgers' extension point) and the dashboard, which calls `current_titles`."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Value, When

from campaigns.creation.models import Demonstration, DemonstrationLevel
from ledgers.extensions import COMMUNITY_PREFETCHES, COMMUNITY_SECTIONS

# Highest level first.
LEVEL_RANK = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(DemonstrationLevel.values)),
    output_field=IntegerField(),
)


def current_titles(user: Any) -> list[Demonstration]:
    """Every title the user may see (one record per area and level, as it stands now): the
    office's own first, then each community's, the highest level first. Two queries at most,
    whatever their number: the dashboard's tile reads `area`, `get_level_display`,
    `get_status_display`, `named_on`, `next_review` and `review_due`."""
    titles = Demonstration.objects.for_user(user).select_related("community")
    rows = list(titles.order_by("community__code", LEVEL_RANK.desc(), "pk"))
    return [t for t in rows if t.community_id is None] + [t for t in rows if t.community_id]


COMMUNITY_PREFETCHES.append(
    (
        "campaigns.view_demonstration",
        Prefetch(
            "demonstrations",
            queryset=Demonstration.objects.order_by(LEVEL_RANK.desc(), "pk"),
        ),
    )
)
COMMUNITY_SECTIONS.append(
    ("campaigns.view_demonstration", "campaigns/creation/includes/community_titles.html")
)
