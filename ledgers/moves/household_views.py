"""The pages of 分户 (split) and 合户 (merge): a form from the household's page, a summary to
confirm, then the change written (ledgers.moves.households)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ledgers.codes import RelationToHead
from ledgers.moves import households
from ledgers.moves.household_forms import ChangeForm, MergeForm, SplitForm
from ledgers.people.models import Household

PERMISSION = "ledgers.add_householdchange"


def _household(request: HttpRequest, pk: int) -> Household:
    """The household in the user's scope (else 404)."""
    scoped = Household.objects.for_user(request.user).select_related("community", "grid")
    return get_object_or_404(scoped, pk=pk)


def _resubmitted(request: HttpRequest) -> list[tuple[str, str]]:
    """What the form posted, sent again by the confirmation page."""
    skipped = {"csrfmiddlewaretoken", "confirm"}
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in skipped
        for value in values
    ]


def _relation(code: str) -> str:
    return str(dict(RelationToHead.choices).get(code, "—"))


def _refused(form: ChangeForm, error: households.HouseholdError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@login_required
@permission_required(PERMISSION, raise_exception=True)
def household_split(request: HttpRequest, pk: int) -> HttpResponse:
    """分户: chosen members form a new household of the community."""
    household = _household(request, pk)
    if problem := households.open_problem(household):
        messages.error(request, problem)
        return redirect(household)
    form = SplitForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "confirm" not in request.POST:
            return _confirm(request, household, "split", _split_summary(form))
        try:
            change = households.split(
                household,
                data["members"],
                data["head"],
                request.user,
                data["changed_on"],
                data["reason"],
                form.new_address(),
                number=data["number"],
                former_head_relation=data["former_head_relation"],
                remaining_head=data["remaining_head"],
            )
        except households.HouseholdError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("The household was split: household %(number)s was created.")
                % {"number": change.target.number},
            )
            return redirect(change.target)
    return render(
        request, "ledgers/moves/household_split.html", {"household": household, "form": form}
    )


def _split_summary(form: SplitForm) -> list[tuple[str, Any]]:
    data = form.cleaned_data
    leaving = list(data["members"])
    staying = [r for r in form.active if r not in leaving]
    head = data["head"]
    moving = [
        f"{r.name}（{_relation(_new_relation(r, head, data['former_head_relation']))}）"
        for r in leaving
    ]
    rows: list[tuple[str, Any]] = [
        (_("members who form the new household"), "、".join(moving)),
        (_("head of the new household"), head.name),
        (_("members who stay"), "、".join(r.name for r in staying)),
    ]
    if data["remaining_head"] is not None and any(
        r.relation_to_head == RelationToHead.HEAD for r in leaving
    ):
        rows.append((_("new head of the members who stay"), data["remaining_head"].name))
    address = form.new_address()
    parts = [address.address, address.building, address.unit, address.room]
    rows += [
        (
            _("number of the new household"),
            data["number"] or _("the next number of the community, given on saving"),
        ),
        (_("address"), " ".join(p for p in parts if p)),
        (_("date"), data["changed_on"]),
        (_("reason"), data["reason"]),
    ]
    return rows


def _new_relation(resident: Any, head: Any, former_head_relation: str) -> str:
    if resident.pk == head.pk:
        return str(RelationToHead.HEAD)
    if resident.relation_to_head == RelationToHead.HEAD:
        return former_head_relation
    return str(resident.relation_to_head)


@login_required
@permission_required(PERMISSION, raise_exception=True)
def household_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """合户: every member of this household joins another household of the community; this
    one is dissolved."""
    household = _household(request, pk)
    if problem := households.open_problem(household):
        messages.error(request, problem)
        return redirect(household)
    form = MergeForm(request.POST or None, household=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        target = form.target
        assert target is not None  # the form found it
        data = form.cleaned_data
        if "confirm" not in request.POST:
            return _confirm(request, household, "merge", _merge_summary(form, target))
        try:
            change = households.merge(
                household,
                target,
                request.user,
                data["changed_on"],
                data["reason"],
                form.relations(),
            )
        except households.HouseholdError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("Household %(source)s was merged into household %(target)s.")
                % {"source": household.number, "target": change.target.number},
            )
            return redirect(change.target)
    return render(
        request, "ledgers/moves/household_merge.html", {"household": household, "form": form}
    )


def _merge_summary(form: MergeForm, target: Household) -> list[tuple[str, Any]]:
    data = form.cleaned_data
    relations = {**{r.pk: r.relation_to_head for r in form.active}, **form.relations()}
    joining = [f"{r.name}（{_relation(relations[r.pk])}）" for r in form.active]
    present = target.members.filter(status="active").order_by("pk")
    return [
        (_("members who join"), "、".join(joining)),
        (_("household joined"), f"{target.number} {target.address}"),
        (_("its members"), "、".join(r.name for r in present) or "—"),
        (_("date"), data["changed_on"]),
        (_("reason"), data["reason"]),
    ]


def _confirm(
    request: HttpRequest, household: Household, kind: str, summary: list[tuple[str, Any]]
) -> HttpResponse:
    return render(
        request,
        "ledgers/moves/household_confirm.html",
        {
            "household": household,
            "kind": kind,
            "summary": summary,
            "resubmit": _resubmitted(request),
        },
    )
