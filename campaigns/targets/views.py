"""The yearly targets page (年度目标): each target's progress, computed from the records, with
the records behind it one click away; leaders set the targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.targets.forms import TargetForm
from campaigns.targets.models import Target
from campaigns.targets.progress import TargetProgress, progress, records_url
from core import params
from core.generic import ObjectCreateView, ObjectUpdateView
from core.scope import sees_all_communities
from ledgers.models import Community


@dataclass(frozen=True)
class Area:
    """The targets of one community, or of the whole office (community None)."""

    community: Community | None
    rows: list[tuple[TargetProgress, str, int]]  # progress, records URL, bar width in 5 % steps

    @property
    def name(self) -> str:
        return self.community.name if self.community else str(_("Whole office"))


@login_required
@permission_required("campaigns.view_target", raise_exception=True)
def target_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    this_year = timezone.localdate().year
    year = params.query_int(request, "year", this_year, params.MIN_YEAR, params.MAX_YEAR)
    communities = list(Community.objects.for_user(user).order_by("code"))
    community = next((c for c in communities if str(c.pk) == request.GET.get("community")), None)
    targets = (
        Target.objects.for_user(user)
        .filter(year=year)
        .select_related("community")
        .order_by(F("community__code").asc(nulls_first=True), "indicator", "activity_kind", "pk")
    )
    if community is not None:
        targets = targets.filter(community=community)
    areas: list[Area] = []
    for item in progress(targets, user):
        target = item.target
        if not areas or areas[-1].community != target.community:
            areas.append(Area(target.community, []))
        areas[-1].rows.append((item, records_url(target), item.percent // 5))
    keep = f"&community={community.pk}" if community else ""
    context: dict[str, Any] = {
        "year": year,
        "areas": areas,
        "communities": communities,
        "community": community,
        "previous_query": f"year={year - 1}{keep}",
        "next_query": f"year={year + 1}{keep}",
        "can_add": user.has_perm("campaigns.add_target"),
        "can_change": user.has_perm("campaigns.change_target"),
        "add_query": urlencode({"year": year, "community": community.pk if community else ""}),
        "partial_office": not sees_all_communities(user),
    }
    return render(request, "campaigns/target_list.html", context)


class TargetCreateView(ObjectCreateView):
    model = Target
    form_class = TargetForm
    success_message = _("The target was set.")

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_initial()
        year = params.year(self.request.GET.get("year"))
        if year is not None:
            initial["year"] = year
        community = params.object_id(self.request.GET.get("community"))
        if community is not None:
            initial["community"] = community
        return initial


class TargetUpdateView(ObjectUpdateView):
    model = Target
    form_class = TargetForm
    success_message = _("The target was saved.")

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())
