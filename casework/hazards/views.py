"""Pages of the hazard register: list, what needs me, detail with its timeline, steps, photos."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Prefetch, Value, When
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casework import notices
from casework.hazards import workflow
from casework.hazards.filters import HazardFilter
from casework.hazards.forms import (
    STAGE_OF_STEP,
    DecisionForm,
    ExtensionForm,
    HazardForm,
    LevelForm,
    ReportForm,
    StepForm,
)
from casework.hazards.models import (
    OPEN,
    Hazard,
    HazardAction,
    HazardPhoto,
    HazardQuerySet,
    HazardState,
    overdue_condition,
)
from casework.hazards.resources import HAZARDS
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.scope import community_names, sees_all_communities
from core.uploads.photos import photo_response, store_photo
from sheets.views import ExportMixin


class HazardListView(ObjectListView):
    model = Hazard
    title = _("Hazard register")
    filterset_class = HazardFilter
    search_fields = ["number", "former_number", "location", "description", "place__name"]
    search_placeholder = _("Number, place, location or description")
    select_related = ["community", "place"]
    add_url_name = "casework:hazard_add"
    spreadsheet = HAZARDS.key
    export_url_name = "casework:hazard_export"
    columns = [
        Column("number", _("hazard number"), sort="number", link=True),
        Column("place", _("place")),
        Column("location", _("location or part")),
        Column("get_category_display", _("category"), sort="category"),
        Column("get_level_display", _("level"), sort="level"),
        Column("get_state_display", _("state"), sort="state"),
        Column("deadline_shown", _("deadline"), sort="deadline"),
        Column("days_overdue", _("days overdue")),
        Column("community", _("community"), sort="community__code"),
    ]
    empty_message = _("No hazards registered. Register one after an inspection or a visit.")
    template_name = "casework/hazard_list.html"

    def get_queryset(self) -> Any:
        hazards = super().get_queryset()
        if self.current_sort():
            return hazards
        # As people work the register: overdue first, then the open ones, each by deadline
        # (the nearest first), the closed last.
        urgency = Case(
            When(overdue_condition(), then=Value(0)),
            When(OPEN, then=Value(1)),
            default=Value(2),
        )
        return hazards.alias(urgency=urgency).order_by(
            "urgency", F("deadline").asc(nulls_last=True), "-pk"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not sees_several_communities(self.request.user):
            context["columns"] = [c for c in context["columns"] if c.accessor != "community"]
        return context


def sees_several_communities(user: Any) -> bool:
    return sees_all_communities(user) or len(community_names(user)) > 1


class HazardExportView(ExportMixin, HazardListView):
    """The register as the county's hazard ledger: the list's filters, search and scope."""

    resource = HAZARDS


class NeedsMeView(HazardListView):
    """What waits for the user: reviews and extension decisions for leaders, the rest for staff."""

    title = _("Hazards that need me")
    add_url_name = ""
    spreadsheet = ""
    export_url_name = ""

    def get_queryset(self) -> Any:
        hazards = cast(HazardQuerySet, super().get_queryset())
        return hazards.needing(self.request.user)


class HazardDetailView(ObjectDetailView):
    model = Hazard
    template_name = "casework/hazard_detail.html"

    def get_queryset(self) -> Any:
        actions = HazardAction.objects.select_related("actor").prefetch_related("photos")
        return (
            super()
            .get_queryset()
            .select_related(
                "community", "grid", "place", "reviewer", "inspection_item__inspection__place"
            )
            .prefetch_related(Prefetch("actions", queryset=actions), "photos")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        hazard: Hazard = self.object
        user = self.request.user
        state = hazard.state
        edits = user.has_perm("casework.change_hazard")
        reviews = user.has_perm("casework.review_hazard") or hazard.reviewer_id == user.pk
        # A failed step hands its bound form in (`failed_step`): shown as typed, its panel open.
        step_forms = {
            "step_form": StepForm(),
            "extension_form": ExtensionForm(),
            "decision_form": DecisionForm(initial={"seen_request": hazard.extension_requested_to}),
            "report_form": ReportForm(),
            "level_form": LevelForm(initial={"level": hazard.level}),
        }
        context.update({name: kwargs.get(name, form) for name, form in step_forms.items()})
        context.update(
            missing=hazard.missing_five_fixes() if state == HazardState.REGISTERED else [],
            can={
                "edit": edits and state != HazardState.CLOSED,
                "assign": edits and state == HazardState.REGISTERED,
                "progress": edits and state == HazardState.IN_PROGRESS,
                "submit": edits and state == HazardState.IN_PROGRESS,
                "extension": edits
                and state == HazardState.IN_PROGRESS
                and not hazard.extension_requested_to,
                "review": reviews and state == HazardState.UNDER_REVIEW,
                "decide": user.has_perm("casework.decide_extension")
                and bool(hazard.extension_requested_to),
                "reopen": user.has_perm("casework.reopen_hazard") and state == HazardState.CLOSED,
                "report": user.has_perm("casework.report_hazard") and hazard.needs_reporting,
                "level": user.has_perm("casework.change_hazard_level")
                and state != HazardState.CLOSED,
                "supervise": user.has_perm("casework.supervise_hazard") and hazard.is_overdue,
            },
            before_photos=[p for p in hazard.photos.all() if p.action_id is None],
        )
        return context


def attach_photos(
    hazard: Hazard, files: list[Any], stage: str, user: Any, action: Any = None
) -> None:
    for upload in files:
        store_photo(
            HazardPhoto(hazard=hazard, action=action, stage=stage, uploaded_by=user), upload
        )


class HazardCreateView(ObjectCreateView):
    model = Hazard
    form_class = HazardForm
    template_name = "generic/object_form.html"
    success_message = _("The hazard was registered.")

    def form_valid(self, form: HazardForm) -> HttpResponse:  # type: ignore[override]
        hazard = form.save(commit=False)
        try:
            with transaction.atomic():
                workflow.register(hazard, self.request.user)
                attach_photos(
                    hazard,
                    form.cleaned_data.get("photos", []),
                    HazardPhoto.Stage.BEFORE,
                    self.request.user,
                )
        except ValidationError as error:
            form.add_error("photos", error)
            return self.form_invalid(form)
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(hazard)


class HazardUpdateView(ObjectUpdateView):
    """The hazard's facts and its 五定; a closed hazard changes only by reopening it, and an
    assigned one's deadline and level only by their steps (HazardForm leaves them out)."""

    model = Hazard
    form_class = HazardForm
    success_message = _("The hazard was saved.")

    def get_queryset(self) -> Any:
        return super().get_queryset().exclude(state=HazardState.CLOSED)


STEPS = {
    "assign": lambda h, u, d: workflow.assign(h, u, d["note"], seen_state=d["seen_state"]),
    "progress": lambda h, u, d: workflow.report_progress(
        h, u, d["note"], seen_state=d["seen_state"]
    ),
    "submit": lambda h, u, d: workflow.submit_for_review(
        h, u, d["note"], seen_state=d["seen_state"]
    ),
    "pass": lambda h, u, d: workflow.pass_review(h, u, d["note"], seen_state=d["seen_state"]),
    "fail": lambda h, u, d: workflow.fail_review(h, u, d["note"], seen_state=d["seen_state"]),
    "extension": lambda h, u, d: workflow.request_extension(
        h, u, d["new_deadline"], d["note"], seen_state=d["seen_state"]
    ),
    "decide": lambda h, u, d: workflow.decide_extension(
        h, u, d["approve"], d["note"], seen_state=d["seen_state"], seen_request=d["seen_request"]
    ),
    "reopen": lambda h, u, d: workflow.reopen(h, u, d["note"], seen_state=d["seen_state"]),
    "report": lambda h, u, d: workflow.report_upward(
        h, u, d["to"], d["note"], d["on"], seen_state=d["seen_state"]
    ),
    "level": lambda h, u, d: workflow.change_level(
        h, u, d["level"], d["note"], seen_state=d["seen_state"]
    ),
}
FORMS = {
    "extension": ExtensionForm,
    "decide": DecisionForm,
    "report": ReportForm,
    "level": LevelForm,
}
# The name of each step's form on the hazard's page (the others post StepForm, "step_form"),
# and the panel (`can`) of each step that is not named after it.
PAGE_FORMS = {
    "extension": "extension_form",
    "decide": "decision_form",
    "report": "report_form",
    "level": "level_form",
}
PANELS = {"pass": "review", "fail": "review"}


def failed_step(request: HttpRequest, hazard: Hazard, step: str, form: Any) -> HttpResponse:
    """The hazard's page again with the step's panel open and what was typed in it, when the
    panel is still the person's to use (the refusal is about what they typed); otherwise (not
    their step, or the hazard has moved on) the page as it is now."""
    view = HazardDetailView()
    view.setup(request, pk=hazard.pk)
    view.object = view.get_object()
    context = view.get_context_data(
        object=view.object, failed_step=step, **{PAGE_FORMS.get(step, "step_form"): form}
    )
    if not context["can"].get(PANELS.get(step, step)):
        return redirect(hazard)
    return view.render_to_response(context)


@require_POST
@login_required
def hazard_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the closed loop: the workflow decides whether it may be taken."""
    hazard = get_object_or_404(Hazard.objects.for_user(request.user), pk=pk)
    if not request.user.has_perm("casework.view_hazard"):
        raise PermissionDenied
    form = FORMS.get(step, StepForm)(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Not done: correct what is marked below."))
        return failed_step(request, hazard, step, form)
    # The state the page showed: a step on a hazard that has moved on since is refused.
    data = {**form.cleaned_data, "seen_state": request.POST.get("seen_state", "")}
    try:
        with transaction.atomic():
            action = STEPS[step](hazard, request.user, data)
            if step in STAGE_OF_STEP:
                attach_photos(
                    hazard,
                    form.cleaned_data.get("photos", []),
                    STAGE_OF_STEP[step],
                    request.user,
                    action,
                )
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return failed_step(request, hazard, step, form)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return failed_step(request, hazard, step, form)
    messages.success(request, action.get_kind_display())
    return redirect(hazard)


@login_required
def hazard_photo(request: HttpRequest, pk: int, size: str = "full") -> FileResponse:
    """A photo, to users who may see its hazard (another community's photo is a 404)."""
    if not request.user.has_perm("casework.view_hazard"):
        raise PermissionDenied
    photo = get_object_or_404(HazardPhoto.objects.for_user(request.user), pk=pk)
    return photo_response(photo, size)


NOTICE_PREFIX = "ZG"  # 整改通知书


@login_required
@permission_required("casework.view_hazard", raise_exception=True)
def hazard_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """整改通知书: the printable notice handed to the responsible unit, once issued."""
    hazard = get_object_or_404(
        Hazard.objects.for_user(request.user).select_related(
            "community", "place", "reviewer", "notice_issued_by"
        ),
        pk=pk,
    )
    return notices.notice_page(
        request,
        hazard,
        "casework/hazard_notice.html",
        {"hazard": hazard},
        title=_("Rectification notice"),
        may_issue=request.user.has_perm("casework.change_hazard"),
        issue_url=reverse("casework:hazard_notice_issue", args=[hazard.pk]),
    )


@require_POST
@login_required
def hazard_notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """出具: the notice gets its number, today's date and its issuer, kept on every reprint."""
    hazard = get_object_or_404(Hazard.objects.for_user(request.user), pk=pk)
    if not request.user.has_perm("casework.view_hazard"):
        raise PermissionDenied
    notice_url = reverse("casework:hazard_notice", args=[hazard.pk])
    return notices.issue_and_show(
        request, hazard, notice_url, NOTICE_PREFIX, "casework.change_hazard"
    )
