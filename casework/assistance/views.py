"""Pages of assistance cases: list, re-check list, export, detail with its steps, forms, notice.

Income, hardship and amounts are shown only to users with DETAILS_PERMISSION: the others (the
county) get the list, the detail and the export without them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casework import notices
from casework.assistance import forms
from casework.assistance import workflow as steps
from casework.assistance.filters import AssistanceFilter
from casework.assistance.models import (
    DETAILS_PERMISSION,
    AssistanceCase,
    AssistanceCaseQuerySet,
    CaseAction,
    CaseObjection,
    CaseState,
)
from casework.assistance.resources import ASSISTANCE
from casework.steps import WorkflowError
from core import history
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from sheets.views import ExportMixin

# Facts that change only through the steps once the case has gone up for notice.
EDITABLE_STATES = [CaseState.DRAFT, CaseState.ACCEPTED, CaseState.INVESTIGATING]
COLUMNS = [  # who, what and where it stands first: what a phone shows without scrolling
    Column("applicant__name", _("applicant"), sort="applicant__name", link=True),
    Column("get_kind_display", _("assistance type"), sort="kind"),
    Column("get_state_display", _("state"), sort="state"),
    Column("applied_on", _("applied on"), sort="applied_on"),
    Column("household__number", _("household number"), sort="household__number"),
    Column("get_reason_category_display", _("reason category")),
    Column("amount_approved", _("amount approved (yuan)"), sort="amount_approved"),
    Column("recheck_due", _("re-check due"), sort="recheck_due"),
    Column("community", _("community"), sort="community__code"),
]
ENDINGS = {"refuse", "stop"}  # never shown open: they end the case
SENSITIVE_COLUMNS = {"get_reason_category_display", "amount_approved"}


def sees_details(user: Any) -> bool:
    return bool(user.has_perm(DETAILS_PERMISSION))


class AssistanceListView(ObjectListView):
    model = AssistanceCase
    title = _("Assistance cases")
    filterset_class = AssistanceFilter
    search_fields = ["applicant__name", "household__number"]
    search_placeholder = _("Applicant's name or household number")
    select_related = ["community", "household", "applicant"]
    add_url_name = "casework:assistance_add"
    export_url_name = "casework:assistance_export"
    empty_message = _(
        "No assistance cases yet. Open a household and help it apply, or add a case here."
    )

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        # Hidden columns can neither be read nor sorted by.
        details = sees_details(request.user)
        self.columns = [c for c in COLUMNS if details or c.accessor not in SENSITIVE_COLUMNS]


class RecheckListView(AssistanceListView):
    """低保 and 特困 being paid whose yearly re-check is past or within 30 days."""

    title = _("Due for re-check")
    add_url_name = ""
    export_url_name = ""
    empty_message = _("No case is due for re-check in the next 30 days.")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        due = [c for c in self.columns if c.accessor == "recheck_due"]
        others = [c for c in self.columns if c.accessor != "recheck_due"]
        self.columns = [others[0], *due, *others[1:]]  # the date this list is about, up front

    def get_queryset(self) -> Any:
        queryset = cast(AssistanceCaseQuerySet, super().get_queryset()).due_for_recheck()
        return queryset if self.current_sort() else queryset.order_by("recheck_due", "pk")


class AssistanceExportView(ExportMixin, AssistanceListView):
    resource = ASSISTANCE


class AssistanceDetailView(ObjectDetailView):
    model = AssistanceCase
    template_name = "casework/assistance_detail.html"

    def get_queryset(self) -> Any:
        actions = CaseAction.objects.select_related("actor")
        objections = CaseObjection.objects.select_related("resolved_by")
        return (
            super()
            .get_queryset()
            .select_related("community", "grid", "household", "applicant", "handled_by")
            .prefetch_related(
                Prefetch("actions", queryset=actions),
                Prefetch("objections", queryset=objections),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case: AssistanceCase = self.object
        user = self.request.user
        details = sees_details(user)
        hidden = set() if details else AssistanceCase.SENSITIVE_FIELDS
        context = super().get_context_data(history=history.entries(case, hidden=hidden), **kwargs)
        available = steps.available_steps(case, user)
        unresolved = [o for o in case.objections.all() if not o.is_resolved]
        context.update(
            details=details,
            can=available,
            can_edit=user.has_perm(steps.HANDLE) and case.state in EDITABLE_STATES,
            forms={step: FORMS[step](case=case, prefix=step) for step in available},
            unresolved=unresolved,
            primary=primary_step(case, available, bool(unresolved)),
            earlier_relief=steps.earlier_temporary_relief(case) if details else [],
        )
        return context


def primary_step(case: AssistanceCase, available: set[str], unresolved: bool) -> str:
    """The step the case waits for, shown open; the others stay folded."""
    if case.state == CaseState.INVESTIGATING:
        wanted = ["publicity", "to_street"] if case.income_check else ["income_check"]
    elif case.state == CaseState.PUBLICITY:
        wanted = ["resolve"] if unresolved else ["end_publicity"]
    elif case.state == CaseState.PAYING:
        wanted = ["recheck"] if case.recheck_overdue else []
    else:
        wanted = list(steps.STEPS)
    return next((step for step in wanted if step in available and step not in ENDINGS), "")


def warn_of_earlier_relief(request: HttpRequest, case: AssistanceCase) -> None:
    earlier = steps.earlier_temporary_relief(case)
    if earlier:
        messages.warning(
            request,
            _(
                "This household already applied for temporary relief for the same reason on "
                "%(days)s, within the last 12 months. Check before going on."
            )
            % {"days": "、".join(f"{c.applied_on:%Y-%m-%d}" for c in earlier)},
        )


class AssistanceFormMixin:
    request: HttpRequest

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["household"] = self.request.GET.get("household")
        kwargs["reload_url"] = self.request.path
        return kwargs


class AssistanceCreateView(AssistanceFormMixin, ObjectCreateView):
    model = AssistanceCase
    form_class = forms.AssistanceCaseForm

    def form_valid(self, form: forms.AssistanceCaseForm) -> HttpResponse:  # type: ignore[override]
        case = form.save(commit=False)
        try:
            steps.create(case, self.request.user)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The application was drafted. Accept it when complete."))
        warn_of_earlier_relief(self.request, case)
        return redirect(case)


class AssistanceUpdateView(AssistanceFormMixin, ObjectUpdateView):
    """The application's facts, until it goes up for notice; later, only the steps change it."""

    model = AssistanceCase
    form_class = forms.AssistanceCaseForm
    success_message = _("The application was saved.")

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(state__in=EDITABLE_STATES)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if response.status_code == 302:
            warn_of_earlier_relief(self.request, self.object)
        return response


Step = Callable[[AssistanceCase, Any, dict[str, Any]], Any]
STEPS: dict[str, tuple[type[forms.StepForm], Step]] = {
    "accept": (
        forms.NoteForm,
        lambda c, u, d: steps.accept(c, u, d["note"], seen_state=d["seen_state"]),
    ),
    "investigate": (
        forms.NoteForm,
        lambda c, u, d: steps.start_investigation(c, u, d["note"], seen_state=d["seen_state"]),
    ),
    "income_check": (
        forms.IncomeCheckForm,
        lambda c, u, d: steps.record_income_check(
            c,
            u,
            d["result"],
            d["monthly_income"],
            d["family_size"],
            d["note"],
            d["checked_on"],
            seen_state=d["seen_state"],
        ),
    ),
    "publicity": (
        forms.PublicityForm,
        lambda c, u, d: steps.start_publicity(
            c, u, d["start"], d["end"], d["opinion"], seen_state=d["seen_state"]
        ),
    ),
    "to_street": (
        forms.OpinionForm,
        lambda c, u, d: steps.send_to_street(c, u, d["opinion"], seen_state=d["seen_state"]),
    ),
    "objection": (
        forms.ObjectionForm,
        lambda c, u, d: steps.record_objection(
            c, u, d["content"], d["raised_by"], d["received_on"], seen_state=d["seen_state"]
        ),
    ),
    "resolve": (
        forms.ResolveForm,
        lambda c, u, d: steps.resolve_objection(
            d["objection"], u, d["resolution"], d["resolved_on"], seen_state=d["seen_state"]
        ),
    ),
    "end_publicity": (
        forms.NoteForm,
        lambda c, u, d: steps.end_publicity(c, u, d["note"], seen_state=d["seen_state"]),
    ),
    "street_review": (
        forms.StreetReviewForm,
        lambda c, u, d: steps.record_street_review(
            c,
            u,
            d["passed"],
            d["reviewed_on"],
            d["document"],
            d["note"],
            seen_state=d["seen_state"],
        ),
    ),
    "approve": (
        forms.ApproveForm,
        lambda c, u, d: steps.approve(
            c,
            u,
            d["amount"],
            d["start_month"],
            d["end_month"],
            d["decided_on"],
            d["document"],
            d["note"],
            seen_state=d["seen_state"],
        ),
    ),
    "refuse": (
        forms.RefuseForm,
        lambda c, u, d: steps.refuse(
            c, u, d["reason"], d["decided_on"], d["document"], seen_state=d["seen_state"]
        ),
    ),
    "pay": (
        forms.PaymentForm,
        lambda c, u, d: steps.start_payment(
            c, u, d["method"], d["note"], seen_state=d["seen_state"]
        ),
    ),
    "stop": (
        forms.StopForm,
        lambda c, u, d: steps.stop(c, u, d["reason"], d["stopped_on"], seen_state=d["seen_state"]),
    ),
    "recheck": (
        forms.RecheckForm,
        lambda c, u, d: steps.recheck(
            c, u, d["note"], d["checked_on"], d["next_due"], seen_state=d["seen_state"]
        ),
    ),
}
FORMS = {step: form for step, (form, _call) in STEPS.items()}
DONE = {
    "objection": _("The objection was recorded. Resolve it before the notice ends."),
    "resolve": _("The objection was resolved."),
}


@require_POST
@login_required
def assistance_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of a case: the workflow decides whether it may be taken now."""
    case = get_object_or_404(AssistanceCase.objects.for_user(request.user), pk=pk)
    if not request.user.has_perm("casework.view_assistancecase"):
        raise PermissionDenied
    form_class, call = STEPS[step]
    form = form_class(request.POST, case=case, prefix=step)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else str(error))
        return redirect(case)
    # The state the page showed: a step on a case that has moved on since is refused.
    data = {**form.cleaned_data, "seen_state": request.POST.get("seen_state", "")}
    try:
        with transaction.atomic():
            done = call(case, request.user, data)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, DONE.get(step) or done.get_kind_display())
    return redirect(case)


NOTICE_PREFIX = "GS"  # 公示


@login_required
@permission_required(DETAILS_PERMISSION, raise_exception=True)
def assistance_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """公示: the notice posted in the community for the days of the public notice, once issued.
    It shows what civil-affairs rules let a posted notice show: the applicant's name, the
    family's size, the kind and sum of assistance, the community and building at most; never
    the ID number, the full address or the reasons of hardship."""
    case = get_object_or_404(
        AssistanceCase.objects.for_user(request.user).select_related(
            "community", "household", "applicant", "notice_issued_by"
        ),
        pk=pk,
    )
    context = {
        "case": case,
        "address": notices.posted_address(case.community.name, case.household.address),
        "office_phone": settings.OFFICE_PHONE,
    }
    return notices.notice_page(
        request,
        case,
        "casework/assistance_notice.html",
        context,
        title=_("Public notice"),
        may_issue=request.user.has_perm(steps.HANDLE),
        issue_url=reverse("casework:assistance_notice_issue", args=[case.pk]),
        not_yet="" if case.publicity_start else _("The public notice has not started yet."),
    )


@require_POST
@login_required
def assistance_notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """出具: the 公示 gets its number and its issuer; it is dated the day the notice began."""
    case = get_object_or_404(AssistanceCase.objects.for_user(request.user), pk=pk)
    if not sees_details(request.user):
        raise PermissionDenied
    if case.publicity_start is None:
        messages.error(request, _("The public notice has not started yet."))
        return redirect(case)
    notice_url = reverse("casework:assistance_notice", args=[case.pk])
    return notices.issue_and_show(
        request, case, notice_url, NOTICE_PREFIX, steps.HANDLE, on=case.publicity_start
    )
