"""Residents, households and the special-ledger records kept on residents."""

import contextlib
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, F, Func, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Left, Lower, Right
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import audit, history, params
from core.generic import (
    Column,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.models import AuditAction
from core.sets import count_of
from ledgers import identifiers, pinyin
from ledgers.codes import RelationToHead
from ledgers.extensions import household_prefetches, household_sections
from ledgers.models import (
    CHANGED_ONCE,
    DocumentType,
    EthnicityChange,
    FloatingRecord,
    Household,
    OverseasTie,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
)
from ledgers.moves import households, periods
from ledgers.people.filters import HouseholdFilter, ResidentFilter
from ledgers.people.forms import (
    EthnicityChangeForm,
    FloatingRecordForm,
    HeadChangeForm,
    HouseholdForm,
    OverseasTieForm,
    ResidentForm,
    StatusForm,
    StrataMembershipForm,
    StudyAbroadForm,
    id_number_error_link,
)


class ResidentListView(ObjectListView):
    model = Resident
    spreadsheet = "residents"
    export_url_name = "ledgers:resident_export"
    filterset_class = ResidentFilter
    search_fields = ["name"]
    search_placeholder = _("Name, pinyin or initials, address, ID number (last 4+), phone")
    select_related = ["community", "grid", "household"]
    add_url_name = "ledgers:resident_add"
    columns = [
        Column("name", _("full name"), sort="name_sort", link=True),
        Column("get_gender_display", _("gender")),
        Column("birth_date", _("birth date"), sort="birth_date"),
        Column("get_ethnicity_display", _("ethnicity"), sort="ethnicity"),
        Column("masked_id", _("ID number")),
        Column("community", _("community"), sort="community__code"),
        Column("grid__name", _("grid")),
        Column("household__number", _("household number"), sort="household__number"),
        Column("get_residence_type_display", _("residence type")),
        Column("get_status_display", _("status")),
    ]
    empty_message = _("No residents yet. Add a household first, then its members.")

    def search(self, queryset: Any, query: str) -> Any:
        return search_residents(queryset, query)

    def default_ordering(self, query: str) -> list[Any]:
        """A search by a key of its own (an ID number, a phone, an address, pinyin, a part of
        a name) is sorted by name once its matches are found through that key's index. Ordered
        by the bare sort key, PostgreSQL would rather walk the name-order index until 25 matches
        turn up, which for a key whose matches sort late means most of the register (2 s at a
        million residents; 4 s for 王秀, whose people all sort under w); Lower() of the key
        (already lower case) is the same order that no index offers. A surname walks its own
        index in name order (ledgers_res_surname_sort)."""
        if query and search_kind(query) in (NUMBER, ADDRESS, PINYIN, NAME):
            return [Lower("name_sort"), "pk"]
        return super().default_ordering(query)


ADDRESS_CHARACTERS = re.compile(r"[0-9路街巷道号栋楼单元室区村院]")
NUMBER, ADDRESS, PINYIN, SURNAME, NAME = "number", "address", "pinyin", "surname", "name"


def search_kind(query: str) -> str:
    """What the search box holds: the end of an ID number or the beginning of a phone (four
    or more digits), an address, the pinyin of a name, a surname (one character) or a part of
    a name."""
    if re.fullmatch(r"[0-9X]{4,18}", identifiers.normalise_id(query)):
        return NUMBER
    if ADDRESS_CHARACTERS.search(query):
        return ADDRESS
    if pinyin.query_key(query):
        return PINYIN
    return SURNAME if len("".join(query.split())) == 1 else NAME


def search_residents(queryset: Any, query: str, prefix: str = "") -> Any:
    """What staff type into the search box, each served by an index at any size of register.

    Four or more digits (and X) are the end of an ID number or the beginning of a phone
    number; text with a digit or an address word (路, 号, 栋 …) is the beginning of an address;
    letters are the pinyin of a name, whole ("maxiulan", "ma xiu lan") or its initials ("mxl"),
    by their beginning (ledgers.pinyin); one character is a surname, the beginning of a name;
    two or more are any part of a name ("秀兰", "王秀"; on PostgreSQL an index of the names'
    two-character parts, `NameHoldsPairs`). One kind at a time keeps the ordered index usable.
    """
    kind = search_kind(query)
    if kind == NUMBER:
        compact = identifiers.normalise_id(query)
        tail = queryset.alias(id_tail=Right(f"{prefix}id_number", 4)).filter(
            id_tail=compact[-4:], **{f"{prefix}id_number__endswith": compact}
        )
        return tail | queryset.filter(**starts_with(f"{prefix}phone", compact))
    if kind == ADDRESS:
        return queryset.filter(**starts_with(f"{prefix}current_address", query))
    if kind == PINYIN:
        spelled = pinyin.query_key(query)
        return queryset.filter(
            Q(**starts_with(f"{prefix}name_pinyin", spelled))
            | Q(**starts_with(f"{prefix}name_initials", spelled))
        )
    name = "".join(query.split())
    if kind == SURNAME:  # its own index walks the surname's people in name order
        return queryset.alias(surname=Left(f"{prefix}name", 1)).filter(surname=name)
    contains = {f"{prefix}name__contains": name}
    if connection.vendor != "postgresql":
        return queryset.filter(**contains)
    holds_pairs = NameHoldsPairs(f"{prefix}name", name)
    if len(name) == 2:  # holding the pair is containing it: no LIKE to blur the estimate
        return queryset.filter(holds_pairs)
    return queryset.filter(holds_pairs, **contains)


class NameHoldsPairs(Func):
    """Whether a name holds every two-character part of `text` (PostgreSQL only: the GIN index
    ledgers_res_name_bigrams over ledgers_name_bigrams(name), migration ledgers 0028, finds
    them, where a trigram index cannot serve two characters)."""

    output_field = BooleanField()

    def __init__(self, field: str, text: str) -> None:
        super().__init__(F(field))
        self.pairs = sorted({text[i : i + 2] for i in range(len(text) - 1)})

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, Any]:
        name, params = compiler.compile(self.source_expressions[0])
        return f"ledgers_name_bigrams({name}::text) @> %s::text[]", (*params, self.pairs)


def starts_with(field: str, text: str) -> dict[str, str]:
    """A prefix match that an index serves: LIKE 'x%' on PostgreSQL (pattern_ops index), a
    range on SQLite, whose LIKE is case-insensitive and so cannot use a plain index."""
    if connection.vendor == "postgresql":
        return {f"{field}__startswith": text}
    return {f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"}


class ResidentDetailView(ObjectDetailView):
    model = Resident
    template_name = "ledgers/resident_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("community", "grid", "household")
            .prefetch_related(
                "tags",
                Prefetch(
                    "household__members",
                    queryset=Resident.objects.order_by("relation_to_head", "birth_date"),
                ),
                "floating_records",
                "overseas_ties",
                "studies_abroad",
                Prefetch(
                    "ethnicity_changes",
                    queryset=EthnicityChange.objects.select_related("changed_by"),
                ),
                "businesses",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        resident = self.object
        sees_religion = user.has_perm("ledgers.view_religion")
        context.update(
            sees_religion=sees_religion,
            strata=StrataMembership.objects.filter(resident=resident).first(),
            tags=[t for t in resident.tags.all() if sees_religion or not t.sensitive],
            history=history.entries(resident, hidden=set() if sees_religion else {"religion"}),
            residence_periods=periods.timeline(resident),
        )
        return context


class ResidentCreateView(ObjectCreateView):
    model = Resident
    form_class = ResidentForm
    template_name = "ledgers/resident_form.html"
    success_message = _("The resident was added.")

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        household_pk = params.object_id(self.request.GET.get("household"))
        if household_pk is not None:
            household = (
                Household.objects.for_user(self.request.user).filter(pk=household_pk).first()
            )
            if household:
                initial.update(
                    community=household.community_id,
                    grid=household.grid_id,
                    household_number=household.number,
                    current_address=household.address,
                )
        return initial


class ResidentUpdateView(ObjectUpdateView):
    model = Resident
    form_class = ResidentForm
    template_name = "ledgers/resident_form.html"
    success_message = _("The resident was saved.")


class ResidentStatusView(ObjectUpdateView):
    """迁出本办, 死亡, 归档 — or 回迁, back on the register; residents are never deleted."""

    model = Resident
    form_class = StatusForm
    template_name = "ledgers/moves/transfer_event.html"
    success_message = _("The event was recorded.")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except periods.MoveError as error:  # the transaction was rolled back
            form.add_error("on", error.message)
            return self.form_invalid(form)


@login_required
@permission_required("ledgers.view_full_id_number", raise_exception=True)
def resident_id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID number, shown on request and logged."""
    resident = get_object_or_404(Resident.objects.for_user(request.user), pk=pk)
    audit.record(
        request, AuditAction.VIEW_ID_NUMBER, target=f"resident:{resident.pk} {resident.name}"
    )
    return HttpResponse(
        format_html('<span class="font-monospace" id="full-id">{}</span>', resident.id_number)
    )


@login_required
def resident_check_id(request: HttpRequest) -> HttpResponse:
    """What the form shows while an ID number is typed: its birth date and gender, or the error."""
    if not (
        request.user.has_perm("ledgers.add_resident")
        or request.user.has_perm("ledgers.change_resident")
    ):
        raise PermissionDenied
    document_type = request.GET.get("document_type", DocumentType.CITIZEN)
    number = request.GET.get("id_number", "")
    context: dict[str, Any] = {"number": number}
    if number.strip():
        try:
            normalised = identifiers.check_document(document_type, number)
        except identifiers.IdentifierError as error:
            context["error"] = error.message
            if error.code == "length" and len(identifiers.normalise_id(number)) == 15:
                with contextlib.suppress(identifiers.IdentifierError):
                    context["upgrade"] = identifiers.upgrade_15(number)
        else:
            if document_type in {DocumentType.CITIZEN, DocumentType.HMT, DocumentType.FOREIGN_PR}:
                context["parsed"] = identifiers.parse_citizen_id(normalised)
            duplicates = Resident.objects.filter(document_type=document_type, id_number=normalised)
            # Editing: the person's own number is no duplicate. Only a person the user may
            # edit: leaving out anyone else's would tell whose number it is.
            editing = params.object_id(request.GET.get("pk"))
            if editing is not None:
                mine = Resident.objects.for_user(request.user).filter(pk=editing)
                duplicates = duplicates.exclude(pk__in=mine.values("pk"))
            duplicate = duplicates.first()
            if duplicate:
                context["error"] = id_number_error_link(duplicate, request.user)
    return render(request, "ledgers/includes/id_check.html", context)


@login_required
@permission_required("ledgers.change_ethnicity", raise_exception=True)
def resident_change_ethnicity(request: HttpRequest, pk: int) -> HttpResponse:
    """民族成份变更: recorded with its reason; a person's ethnicity changes at most once."""
    resident = get_object_or_404(Resident.objects.for_user(request.user), pk=pk)
    earlier = resident.ethnicity_changes.first()
    form = EthnicityChangeForm(request.POST or None, resident=resident)
    if request.method == "POST" and earlier is None and form.is_valid():
        data = form.cleaned_data
        try:
            resident.change_ethnicity(
                data["new_ethnicity"], data["reason"], data["approval_document"], request.user
            )
        except IntegrityError:
            # Someone recorded a change of this person in the meantime: the page says so.
            earlier = resident.ethnicity_changes.first()
            form.add_error(None, CHANGED_ONCE)
        else:
            messages.success(request, _("The change of ethnicity was recorded."))
            return redirect(resident)
    return render(
        request,
        "ledgers/resident_ethnicity.html",
        {"resident": resident, "form": form, "earlier": earlier},
    )


class ResidentRecordCreateView(ObjectCreateView):
    """Adds a special-ledger record to the resident named in the URL (404 outside scope)."""

    @cached_property
    def resident(self) -> Resident:
        # Looked up after the permission check of dispatch(): no permission is a 403 everywhere.
        return get_object_or_404(
            Resident.objects.for_user(self.request.user), pk=self.kwargs["resident_pk"]
        )

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.instance.resident = self.resident
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(resident=self.resident, **kwargs)

    def get_success_url(self) -> str:
        return self.resident.get_absolute_url()


class ResidentRecordUpdateView(ObjectUpdateView):
    def get_success_url(self) -> str:
        return self.object.resident.get_absolute_url()


class FloatingRecordCreateView(ResidentRecordCreateView):
    model = FloatingRecord
    form_class = FloatingRecordForm
    success_message = _("The floating-population record was added.")


class FloatingRecordUpdateView(ResidentRecordUpdateView):
    model = FloatingRecord
    form_class = FloatingRecordForm


class StrataMembershipCreateView(ResidentRecordCreateView):
    model = StrataMembership
    form_class = StrataMembershipForm
    success_message = _("The resident was added to the new-social-strata ledger.")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._edit_existing() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._edit_existing() or super().post(request, *args, **kwargs)

    def _edit_existing(self) -> HttpResponse | None:
        """One membership per person: edit the one there is."""
        existing = StrataMembership.objects.filter(resident=self.resident).first()
        return redirect("ledgers:stratamembership_edit", existing.pk) if existing else None


class StrataMembershipUpdateView(ResidentRecordUpdateView):
    model = StrataMembership
    form_class = StrataMembershipForm


class OverseasTieCreateView(ResidentRecordCreateView):
    model = OverseasTie
    form_class = OverseasTieForm
    success_message = _("The overseas tie was added.")


class OverseasTieUpdateView(ResidentRecordUpdateView):
    model = OverseasTie
    form_class = OverseasTieForm


class StudyAbroadCreateView(ResidentRecordCreateView):
    model = StudyAbroad
    form_class = StudyAbroadForm
    success_message = _("The study abroad was added.")


class StudyAbroadUpdateView(ResidentRecordUpdateView):
    model = StudyAbroad
    form_class = StudyAbroadForm


class HouseholdListView(ObjectListView):
    model = Household
    spreadsheet = "households"
    export_url_name = "ledgers:household_export"
    filterset_class = HouseholdFilter
    search_fields = ["number", "address"]
    search_placeholder = _("Household number or address")
    select_related = ["community", "grid"]
    add_url_name = "ledgers:household_add"
    columns = [
        Column("number", _("household number"), sort="number", link=True),
        Column("head_name", _("head of household")),
        Column("address", _("address"), sort="address"),
        Column("community", _("community"), sort="community__code"),
        Column("grid__name", _("grid")),
        Column("member_count", _("members"), sort="member_count"),
        Column("hardship", _("hardship household")),
    ]
    empty_message = _("No households yet. Add the first household of your community.")

    def default_ordering(self, query: str) -> list[Any]:
        """By community, then number: the order of the index that keeps numbers unique within
        a community, so a page is read from it (the communities' codes, Meta.ordering, are in
        another table: every household of the scope was sorted for each page)."""
        return ["community_id", "number"]

    def annotate(self, queryset: Any) -> Any:
        """Each household's head and members on the register, asked of the page's rows alone
        (a join grouped by household counted the members of every household in the scope
        before a page was cut: 1.7 s for a community of 330,000 households)."""
        heads = Resident.objects.filter(
            household=OuterRef("pk"), relation_to_head=RelationToHead.HEAD
        )
        on_register = Resident.objects.filter(status=ResidentStatus.ACTIVE)
        return queryset.annotate(
            member_count=count_of(on_register, "household"),
            head_name=Subquery(heads.values("name")[:1]),
        )


class HouseholdDetailView(ObjectDetailView):
    model = Household
    template_name = "ledgers/household_detail.html"

    def get_queryset(self) -> Any:
        members = Resident.objects.order_by("status", "relation_to_head", "birth_date")
        return (
            super()
            .get_queryset()
            .select_related("community", "grid")
            .prefetch_related(
                Prefetch("members", queryset=members),
                *household_prefetches(self.request.user),  # other apps' sections of the page
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sections"] = household_sections(self.request.user)  # other apps' sections
        if self.request.user.has_perm("ledgers.view_residenceperiod"):
            context.update(households.members_over_time(self.object, self.request.user))
        return context


class HouseholdCreateView(ObjectCreateView):
    model = Household
    form_class = HouseholdForm
    success_message = _("The household was added. Now add its members.")


class HouseholdUpdateView(ObjectUpdateView):
    model = Household
    form_class = HouseholdForm
    success_message = _("The household was saved.")


@login_required
@permission_required("ledgers.change_resident", raise_exception=True)
def household_change_head(request: HttpRequest, pk: int) -> HttpResponse:
    """Makes another member the head; the former head gets the relation the user gives."""
    household = get_object_or_404(Household.objects.for_user(request.user), pk=pk)
    form = HeadChangeForm(request.POST or None, household=household)
    old_heads = [m for m in household.members.all() if m.relation_to_head == RelationToHead.HEAD]
    if request.method == "POST" and form.is_valid():
        relation = form.cleaned_data["old_head_relation"]
        if old_heads and not relation:
            form.add_error("old_head_relation", _("Give the former head's new relation."))
        else:
            with transaction.atomic():
                for old in old_heads:
                    old.relation_to_head = relation
                    old.save(update_fields=["relation_to_head", "updated_at"])
                new_head = form.cleaned_data["new_head"]
                new_head.relation_to_head = RelationToHead.HEAD
                new_head.save(update_fields=["relation_to_head", "updated_at"])
            messages.success(request, _("The head of household was changed."))
            return redirect(household)
    return render(
        request,
        "ledgers/household_head.html",
        {"household": household, "form": form, "old_heads": old_heads},
    )
