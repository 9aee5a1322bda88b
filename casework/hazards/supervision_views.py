"""督办 and 通报 (DOMAIN.md §10): a leader orders an overdue hazard rectified by a date, the
order prints as the 督办通知书, and the orders not met are listed for circulation."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.hazards import workflow
from casework.hazards.forms import CircularForm, SupervisionForm
from casework.hazards.models import Hazard, Supervision

SUPERVISE = "casework.supervise_hazard"


@login_required
def supervise(request: HttpRequest, pk: int) -> HttpResponse:
    """The 督办 form of an overdue hazard; issued, the order's notice opens."""
    hazard = get_object_or_404(
        Hazard.objects.for_user(request.user).select_related("community"), pk=pk
    )
    if not request.user.has_perm(SUPERVISE):
        raise PermissionDenied
    today = timezone.localdate()
    form = SupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = workflow.supervise(
                hazard,
                request.user,
                form.cleaned_data["reason"],
                form.cleaned_data["due_by"],
                seen_state=request.POST.get("seen_state", ""),
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Supervision order %(number)s issued.") % {"number": order.number}
            )
            return redirect(order)
    context = {
        "hazard": hazard,
        "form": form,
        "days_overdue": hazard.days_overdue(today),
        "orders": hazard.supervisions.select_related("issued_by"),
    }
    return render(request, "casework/hazard_supervise.html", context)


@login_required
@permission_required("casework.view_hazard", raise_exception=True)
def supervision_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """督办通知书: one A4 page, its number and date as issued."""
    order = get_object_or_404(
        Supervision.objects.for_user(request.user).select_related(
            "hazard__community", "hazard__place", "issued_by"
        ),
        pk=pk,
    )
    return render(
        request, "casework/supervision_notice.html", {"order": order, "hazard": order.hazard}
    )


@login_required
@permission_required("casework.view_hazard", raise_exception=True)
def circular(request: HttpRequest) -> HttpResponse:
    """通报: the orders of a period whose date has passed with their hazard still open."""
    today = timezone.localdate()
    form = CircularForm(request.GET or None)
    start: date | None = None
    end: date | None = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    orders = Supervision.objects.for_user(request.user).unmet(today)
    if start:
        orders = orders.filter(issued_on__gte=start)
    if end:
        orders = orders.filter(issued_on__lte=end)
    orders = orders.select_related("hazard__community", "hazard__place", "issued_by").order_by(
        "hazard__community__code", "due_by", "pk"
    )
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    rows = [
        (order, order.hazard.days_overdue(today), (today - order.due_by).days) for order in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "rows": rows,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "querystring_without_page": query.urlencode(),
        "start": start,
        "end": end,
        "today": today,
    }
    return render(request, "casework/hazard_circular.html", context)
