"""Pages of insurance enrolment: the enrolments, the gap list, recording an enrolment."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import BooleanField, F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from casework.insurance.filters import EnrolmentFilter, InsuranceGapFilter
from casework.insurance.forms import EnrolmentForm
from casework.insurance.models import InsuranceEnrolment, InsuranceScheme
from casework.insurance.resources import INSURANCE, INSURANCE_GAPS
from core import params
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from ledgers.models import Resident, ResidentStatus
from ledgers.people.views import search_residents
from sheets.views import ExportMixin

MATCHES_SHOWN = 10


class EnrolmentListView(ObjectListView):
    model = InsuranceEnrolment
    title = _("Insurance enrolments")
    filterset_class = EnrolmentFilter
    spreadsheet = INSURANCE.key
    export_url_name = "casework:insuranceenrolment_export"
    add_url_name = "casework:insuranceenrolment_add"
    search_fields = ["resident__name"]
    search_placeholder = _("Name (first characters) or ID number (last 4+)")
    select_related = ["resident__community", "resident__grid"]
    columns = [
        Column("resident__name", _("full name"), sort="resident__name_sort", link=True),
        Column("resident__masked_id", _("ID number")),
        Column("get_scheme_display", _("scheme"), sort="scheme"),
        Column("year", _("year"), sort="year"),
        Column("get_status_display", _("enrolment status"), sort="status"),
        Column("enrolled_on", _("enrolled on"), sort="enrolled_on"),
        Column("helped_by_community", _("helped by the community")),
        Column("resident__grid__name", _("grid")),
        Column("resident__community", _("community"), sort="resident__community__code"),
    ]
    empty_message = _(
        "No enrolments recorded. Open the gap list to see who should be insured, or import "
        "the enrolment list you keep in Excel."
    )

    def search(self, queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
        return search_residents(queryset, query, prefix="resident__")


class EnrolmentExportView(ExportMixin, EnrolmentListView):
    resource = INSURANCE


class InsuranceGapView(ObjectListView):
    """应参未参: residents who should be insured this year and are not, hardship households
    first, then by household number (the order a visit round goes in)."""

    model = Resident
    permission_required = "casework.view_insuranceenrolment"
    title = _("Insurance gap list")
    template_name = "casework/insurance_gaps.html"
    filterset_class = InsuranceGapFilter
    export_url_name = "casework:insurance_gaps_export"
    search_fields = ["name"]
    search_placeholder = _("Name, address (first characters) or ID number (last 4+)")
    select_related = ["community", "grid", "household"]
    # What a visit round needs first (and a phone shows without scrolling) comes first.
    columns = [
        Column("name", _("full name"), sort="name_sort", link=True),
        Column("in_hardship", _("hardship household")),
        Column("household__number", _("household number"), sort="household__number"),
        Column("masked_id", _("ID number")),
        Column("get_gender_display", _("gender")),
        Column("birth_date", _("birth date"), sort="birth_date"),
        Column("grid__name", _("grid")),
        Column("community", _("community"), sort="community__code"),
    ]
    empty_message = _("Everyone who should be insured under this scheme this year is.")

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(
            in_hardship=Coalesce("household__hardship", False, output_field=BooleanField())
        )

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if self.current_sort():
            return queryset
        return queryset.order_by(
            "-in_hardship", F("household__number").asc(nulls_last=True), "name", "pk"
        )

    def search(self, queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
        return search_residents(queryset, query)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data = self.filterset.form.cleaned_data if self.filterset.form.is_valid() else {}
        scheme = data.get("scheme") or InsuranceScheme.MEDICAL
        year = data.get("year")
        context["scheme_label"] = InsuranceScheme(scheme).label
        context["year"] = year
        if year is not None and self.request.user.has_perm("casework.add_insuranceenrolment"):
            add = reverse("casework:insuranceenrolment_add")
            back = self.request.get_full_path()

            def record(resident: Resident) -> str:
                params = {"resident": resident.pk, "scheme": scheme, "year": year, "next": back}
                return f"{add}?{urlencode(params)}"

            action = Column("pk", _("enrolment"), url=record, text=_("Record"))
            context["columns"] = [*self.columns[:3], action, *self.columns[3:]]
        return context


class InsuranceGapExportView(ExportMixin, InsuranceGapView):
    resource = INSURANCE_GAPS


class EnrolmentDetailView(ObjectDetailView):
    model = InsuranceEnrolment
    fields = [
        ("resident", _("resident")),
        ("resident_id_masked", _("ID number")),
        "scheme",
        "year",
        "status",
        "enrolled_on",
        "helped_by_community",
        ("helper_name", _("helped by")),
        "notes",
    ]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("resident__community", "helper")


def safe_next(request: Any) -> str:
    """The page the form was opened from (the gap list), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return str(target) if target and allowed and target.startswith("/") else ""


class NextMixin:
    """After saving, back to the page the form was opened from."""

    request: Any
    object: Any

    def get_success_url(self) -> str:
        return safe_next(self.request) or str(self.object.get_absolute_url())


class EnrolmentCreateView(NextMixin, ObjectCreateView):
    """Choose the resident by ID number or name (in the user's scope), then record the row."""

    model = InsuranceEnrolment
    form_class = EnrolmentForm
    template_name = "casework/insurance_form.html"
    success_message = _("The enrolment was recorded.")

    def residents(self) -> QuerySet[Resident]:
        return Resident.objects.for_user(self.request.user).filter(status=ResidentStatus.ACTIVE)

    def chosen(self) -> Resident | None:
        pk = params.object_id(self.request.POST.get("resident") or self.request.GET.get("resident"))
        if pk is None:
            return None
        return self.residents().select_related("community").filter(pk=pk).first()

    def get_initial(self) -> dict[str, Any]:
        year = params.year(self.request.GET.get("year"))
        initial: dict[str, Any] = {"year": year or timezone.localdate().year}
        scheme = self.request.GET.get("scheme", "")
        if scheme in InsuranceScheme.values:
            initial["scheme"] = scheme
        resident = self.chosen()
        if resident is not None:
            initial["resident"] = resident.pk
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        matches: list[Resident] = []
        if query:
            found = search_residents(self.residents(), query).select_related("community")
            matches = list(found.order_by("name_sort", "pk")[:MATCHES_SHOWN])
        params = self.request.GET.copy()
        params.pop("resident", None)
        params.pop("q", None)
        context.update(
            chosen=self.chosen(),
            query=query,
            matches=matches,
            matches_shown=MATCHES_SHOWN,
            keep=params.urlencode(),
            next=safe_next(self.request),
        )
        return context


class EnrolmentUpdateView(NextMixin, ObjectUpdateView):
    model = InsuranceEnrolment
    form_class = EnrolmentForm
    success_message = _("The enrolment was saved.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["resident"] = self.object.resident
        return context
