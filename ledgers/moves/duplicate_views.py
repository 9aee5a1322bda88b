"""The duplicate finder's pages: the likely pairs of the whole office, and the merge of one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import params
from ledgers.models import Resident
from ledgers.moves import duplicates, merging
from ledgers.moves.duplicate_forms import MergeForm, ReasonFilterForm

PER_PAGE = 20


@login_required
@permission_required("ledgers.view_all_communities", raise_exception=True)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Likely duplicate pairs across the office, filtered by reason, a page at a time."""
    form = ReasonFilterForm(request.GET)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    pairs = duplicates.find([reason] if reason else None)
    page = Paginator(pairs, PER_PAGE).get_page(request.GET.get("page"))
    duplicates.load(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ledgers/moves/duplicate_list.html",
        {
            "form": form,
            "reason": reason,
            "page_obj": page,
            "pairs": page.object_list,
            "is_paginated": page.paginator.num_pages > 1,
            "querystring_without_page": query.urlencode(),
        },
    )


def _seen(*residents: Resident) -> str:
    """The versions the page showed: a record changed since is looked at again."""
    return ":".join(f"{r.pk}.{r.version}" for r in residents)


@login_required
@permission_required("ledgers.merge_resident", raise_exception=True)
def duplicate_merge(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """Both records side by side, the choice of the one to keep, what will move; a POST
    merges (ledgers.moves.merging)."""
    residents = Resident.objects.for_user(request.user).select_related(
        "community", "grid", "household"
    )
    a = get_object_or_404(residents, pk=first)
    b = get_object_or_404(residents, pk=second)
    wanted = params.object_id(request.POST.get("keep") or request.GET.get("keep"))
    kept, merged = (b, a) if wanted == b.pk else (a, b)
    here = reverse("ledgers:duplicate_merge", args=[first, second])
    form = MergeForm(
        request.POST or None,
        choices=(a.pk, b.pk),
        initial={"keep": kept.pk, "seen": _seen(a, b)},
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["seen"] != _seen(a, b):
            messages.error(
                request,
                _("One of the records changed after you opened this page: look at them again."),
            )
            return redirect(f"{here}?keep={kept.pk}")
        try:
            merging.merge(kept, merged, request.user, form.cleaned_data["reason"])
        except merging.MergeRefused as refused:
            for problem in refused.problems:
                messages.error(request, problem)
            return redirect(f"{here}?keep={kept.pk}")
        messages.success(
            request,
            _("The two records are now one: %(name)s. Everything linked to the other moved here.")
            % {"name": kept.name},
        )
        return redirect(kept)
    return render(
        request,
        "ledgers/moves/duplicate_merge.html",
        _merge_context(kept, merged, form, here),
    )


def _merge_context(kept: Resident, merged: Resident, form: Any, here: str) -> dict[str, Any]:
    the_plan = merging.plan(kept, merged)
    return {
        "kept": kept,
        "merged": merged,
        "plan": the_plan,
        "form": form,
        "swap_url": f"{here}?keep={merged.pk}",
    }
