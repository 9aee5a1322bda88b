"""The pages of transfers: the list (both ends see a transfer), a transfer's page with its
steps, and proposing one from a resident's or a household's page."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.generic import Column, ObjectDetailView, ObjectListView
from core.scope import membership
from ledgers.filters import YES_NO
from ledgers.models import Community, Household, Resident, ResidentStatus
from ledgers.moves import periods, transfers
from ledgers.moves.forms import ReasonForm, TransferAcceptForm, TransferProposeForm
from ledgers.moves.models import Transfer, TransferState
from ledgers.people.views import search_residents

DIRECTIONS = [("in", _("Coming in")), ("out", _("Going out"))]


class TransferFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("state"), choices=TransferState.choices)
    direction = django_filters.ChoiceFilter(
        label=_("direction"), choices=DIRECTIONS, method="filter_direction"
    )
    community = django_filters.ModelChoiceFilter(
        label=_("community"),
        queryset=Community.objects.order_by("code"),
        method="filter_community",
    )
    overdue = django_filters.ChoiceFilter(
        label=_("not answered in 5 working days"), choices=YES_NO, method="filter_overdue"
    )

    class Meta:
        model = Transfer
        fields: list[str] = []

    def filter_direction(self, queryset: QuerySet[Transfer], name: str, value: str) -> Any:
        """In or out of the user's own communities."""
        assigned = membership().assigned(self.request.user)  # type: ignore[union-attr]
        side = "to_community__in" if value == "in" else "from_community__in"
        return queryset.filter(**{side: assigned})

    def filter_community(self, queryset: QuerySet[Transfer], name: str, value: Any) -> Any:
        return queryset.filter(Q(from_community=value) | Q(to_community=value))

    def filter_overdue(self, queryset: QuerySet[Transfer], name: str, value: str) -> Any:
        late = transfers.overdue(Transfer.objects.all())
        return queryset.filter(pk__in=late) if value == "yes" else queryset.exclude(pk__in=late)


def member_names(transfer: Transfer) -> str:
    return "、".join(resident.name for resident in transfer.residents.all())


class TransferListView(ObjectListView):
    model = Transfer
    filterset_class = TransferFilter
    search_fields = ["residents__name"]
    search_placeholder = _("Name, pinyin or initials, address, ID number (last 4+), phone")
    select_related = ["from_community", "to_community", "household"]
    columns = [
        Column("people", _("residents"), link=True),
        Column("household__number", _("household")),
        Column("from_community", _("from community")),
        Column("to_community", _("to community")),
        Column("moved_on", _("date of the move"), sort="moved_on"),
        Column("get_state_display", _("state"), sort="state"),
        Column("proposed_at", _("proposed at"), sort="proposed_at"),
    ]
    empty_message = _(
        "No transfers yet. A transfer is proposed from a resident's or a household's page."
    )

    def get_queryset(self) -> Any:
        members = Resident.objects.order_by("relation_to_head", "pk").only("name")
        return super().get_queryset().prefetch_related(Prefetch("residents", queryset=members))

    def search(self, queryset: Any, query: str) -> Any:
        # The people search's own rule (pinyin, any part of a name, ID number …), as everywhere.
        named = search_residents(Resident.objects.filter(transfers=OuterRef("pk")), query)
        return queryset.filter(Exists(named))

    def can_add(self) -> bool:
        return False  # proposed from a resident's or a household's page

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object_list"] = rows = list(context["object_list"])
        for transfer in rows:
            transfer.people = member_names(transfer)  # type: ignore[attr-defined]
        return context


class TransferDetailView(ObjectDetailView):
    model = Transfer
    template_name = "ledgers/moves/transfer_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related(
                "from_community",
                "to_community",
                "household",
                "proposed_by",
                "answered_by",
                "to_grid",
                "to_household",
                "corrects",
            )
            .prefetch_related(
                Prefetch(
                    "residents",
                    queryset=Resident.objects.select_related("community").order_by(
                        "relation_to_head", "pk"
                    ),
                ),
                "corrected_by",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(step_context(self.request, self.object))
        return context


def step_context(request: HttpRequest, transfer: Transfer, **forms: Any) -> dict[str, Any]:
    """What the transfer's page offers the user: the steps they may take, with their forms."""
    user = request.user
    assigned = set(membership().assigned(user).values_list("community_id", flat=True))
    waiting = transfer.state == TransferState.PROPOSED
    receiving = transfer.to_community_id in assigned
    accepted = transfer.state == TransferState.ACCEPTED
    corrected = hasattr(transfer, "corrected_by")
    visible = set(
        Resident.objects.for_user(user)
        .filter(pk__in=[r.pk for r in transfer.residents.all()])
        .values_list("pk", flat=True)
    )
    return {
        "visible_residents": visible,
        "due": transfers.answer_due(transfer.proposed_at.date()),
        "can_answer": waiting and receiving and user.has_perm("ledgers.answer_transfer"),
        "can_withdraw": waiting
        and transfer.from_community_id in assigned
        and user.has_perm("ledgers.add_transfer"),
        "can_correct": accepted
        and not corrected
        and receiving
        and user.has_perm("ledgers.answer_transfer"),
        "accept_form": forms.get("accept_form") or TransferAcceptForm(transfer=transfer),
        "refuse_form": forms.get("refuse_form") or ReasonForm(prefix="refuse"),
        "correct_form": forms.get("correct_form") or ReasonForm(prefix="correct"),
    }


def _transfer(request: HttpRequest, pk: int) -> Transfer:
    return get_object_or_404(Transfer.objects.for_user(request.user), pk=pk)


def _again(request: HttpRequest, transfer: Transfer, **forms: Any) -> HttpResponse:
    """The transfer's page again, with the form that was not valid."""
    view = TransferDetailView()
    view.setup(request, pk=transfer.pk)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    context.update(step_context(request, view.object, **forms))
    return render(request, view.template_name, context)


def _done(request: HttpRequest, step: Any, success: Any, *args: Any) -> bool:
    """Take the step; a refusal is a message to the person."""
    try:
        step(*args)
    except (transfers.TransferError, periods.MoveError) as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@require_POST
@login_required
@permission_required("ledgers.answer_transfer", raise_exception=True)
def transfer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = TransferAcceptForm(request.POST, transfer=transfer)
    if not form.is_valid():
        return _again(request, transfer, accept_form=form)
    data = form.cleaned_data
    _done(
        request,
        lambda: transfers.accept(
            transfer,
            request.user,
            grid=data.get("grid"),
            household=data.get("household"),
            relation=data.get("relation_to_head") or "",
        ),
        _("The transfer was accepted: the people are now on your register."),
    )
    return redirect(transfer)


@require_POST
@login_required
@permission_required("ledgers.answer_transfer", raise_exception=True)
def transfer_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = ReasonForm(request.POST, prefix="refuse")
    if not form.is_valid():
        return _again(request, transfer, refuse_form=form)
    reason = form.cleaned_data["reason"]
    _done(
        request,
        lambda: transfers.refuse(transfer, request.user, reason),
        _("The transfer was refused."),
    )
    return redirect(transfer)


@require_POST
@login_required
@permission_required("ledgers.add_transfer", raise_exception=True)
def transfer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    _done(
        request,
        lambda: transfers.withdraw(transfer, request.user),
        _("The transfer was withdrawn."),
    )
    return redirect(transfer)


@require_POST
@login_required
@permission_required("ledgers.answer_transfer", raise_exception=True)
def transfer_correct(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = ReasonForm(request.POST, prefix="correct")
    if not form.is_valid():
        return _again(request, transfer, correct_form=form)
    reason = form.cleaned_data["reason"]
    result: list[Transfer] = []
    done = _done(
        request,
        lambda: result.append(transfers.correct(transfer, request.user, reason)),
        _("The move was corrected: the people are back where they were."),
    )
    return redirect(result[0] if done else transfer)


@login_required
@permission_required("ledgers.add_transfer", raise_exception=True)
def transfer_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """转出 one person, from their page."""
    resident = get_object_or_404(Resident.objects.for_user(request.user), pk=pk)
    return _propose(request, resident, resident.community_id, [resident])


@login_required
@permission_required("ledgers.add_transfer", raise_exception=True)
def transfer_propose_household(request: HttpRequest, pk: int) -> HttpResponse:
    """转出 a whole household, from its page."""
    household = get_object_or_404(Household.objects.for_user(request.user), pk=pk)
    members = [m for m in household.members.all() if m.status == ResidentStatus.ACTIVE]
    return _propose(request, household, household.community_id, members)


def _propose(
    request: HttpRequest, subject: Any, from_id: int, members: list[Resident]
) -> HttpResponse:
    form = TransferProposeForm(request.POST or None, from_community_id=from_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        whole = subject if isinstance(subject, Household) else [subject]
        try:
            transfer = transfers.propose(
                whole, data["to_community"], data["moved_on"], data["reason"], request.user
            )
        except transfers.TransferError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The transfer was proposed. The receiving community will answer.")
            )
            return redirect(transfer)
    return render(
        request,
        "ledgers/moves/transfer_form.html",
        {"form": form, "subject": subject, "members": members},
    )
