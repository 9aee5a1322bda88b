"""Pages of the anti-fraud app: its coverage by community and grid (反诈APP覆盖率), the households
not covered yet (with their export), and the form that records a household's answer."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from campaigns.antifraud import coverage
from campaigns.antifraud.filters import UncoveredFilter
from campaigns.antifraud.forms import AntiFraudForm
from campaigns.antifraud.models import AntiFraudCoverage, AntiFraudStatus
from campaigns.antifraud.resources import UNCOVERED
from campaigns.filters import area_filter, filtered
from campaigns.households import household_search, with_head
from core import params
from core.generic import Column, ObjectListView
from ledgers.models import Household, HouseholdQuerySet
from sheets.views import ExportMixin


@login_required
@permission_required("campaigns.view_antifraudcoverage", raise_exception=True)
def anti_fraud_coverage(request: HttpRequest) -> HttpResponse:
    """反诈APP覆盖率 by community and grid; each number leads to the households behind it."""
    area = area_filter(request)
    context = {"filter": area, "coverage": coverage.anti_fraud_rates(filtered(area))}
    return render(request, "campaigns/anti_fraud_coverage.html", context)


def record_link(household: Household) -> str:
    """The form of the household's answer, which comes back to this list."""
    back = reverse("campaigns:anti_fraud_uncovered")
    return f"{reverse('campaigns:anti_fraud_record')}?household={household.pk}&next={back}"


class UncoveredListView(ObjectListView):
    """The households without the app: refused (with the reason), or not asked yet."""

    model = Household
    permission_required = "campaigns.view_antifraudcoverage"
    title = _("Households without the anti-fraud app")
    template_name = "campaigns/anti_fraud_uncovered.html"
    filterset_class = UncoveredFilter
    search_fields = ["number", "address"]
    search_placeholder = _("Household number or address")
    select_related = ["community", "grid", "anti_fraud"]
    export_url_name = "campaigns:anti_fraud_uncovered_export"
    columns = [
        Column("number", _("household number"), sort="number", link=True),
        Column("head_name", _("head of household")),
        Column("address", _("address"), sort="address"),
        Column("community", _("community"), sort="community__code"),
        Column("grid__name", _("grid")),
        Column("anti_fraud_answer", _("answer")),
        Column("anti_fraud__refused_reason", _("reason for refusing to install")),
        Column("anti_fraud__recorded_on", _("date")),
    ]
    empty_message = _("Every household has installed the anti-fraud app.")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        if request.user.has_perm("campaigns.add_antifraudcoverage"):
            record = Column("pk", _("record"), url=record_link, text=_("Record the answer"))
            self.columns = [*type(self).columns, record]

    def get_queryset(self) -> QuerySet[Any]:
        refused = AntiFraudStatus.REFUSED
        answer = Case(  # worked out per request: in the reader's language
            When(anti_fraud__status=refused, then=Value(str(refused.label))),
            default=Value(str(_("Not asked yet"))),
        )
        households = coverage.not_covered(cast(HouseholdQuerySet, super().get_queryset()))
        return with_head(households).annotate(anti_fraud_answer=answer)

    def can_add(self) -> bool:
        return False


class UncoveredExportView(ExportMixin, UncoveredListView):
    resource = UNCOVERED


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return str(target) if target and allowed and target.startswith("/") else ""


@login_required
def anti_fraud_record(request: HttpRequest) -> HttpResponse:
    """A household's answer (?household=pk): the one row is created or updated. Without a
    household, the page first finds one."""
    user = request.user
    if not (
        user.has_perm("campaigns.add_antifraudcoverage")
        and user.has_perm("campaigns.change_antifraudcoverage")
    ):
        raise PermissionDenied
    households = Household.objects.for_user(user).select_related("community", "grid")
    pk = params.object_id(request.POST.get("household") or request.GET.get("household"))
    household = get_object_or_404(households, pk=pk) if pk is not None else None
    existing = AntiFraudCoverage.objects.filter(household=household).first() if household else None
    instance = existing or AntiFraudCoverage(household=household, recorded_by=user)  # type: ignore[misc]
    form = AntiFraudForm(request.POST or None, instance=instance)
    if household is not None and request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = form.save(commit=False)
            row.recorded_by_id = user.pk
            row.save()
        if row.status == AntiFraudStatus.INSTALLED:
            messages.success(request, _("Recorded: the household has installed the app."))
        else:
            messages.success(request, _("Recorded: the household refused, with its reason."))
        return redirect(safe_next(request) or household.get_absolute_url())
    context = {
        "form": form,
        "household": household,
        "existing": existing,
        "next": safe_next(request),
        **household_search(request, household),
    }
    return render(request, "campaigns/anti_fraud_form.html", context)
