"""Generic views every app's pages are built from: scoped, permission-checked, searchable lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import InvalidPage
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView

from core import conflicts, history, paging, printing
from core.bulkedit import registry
from core.versions import ConflictError


@dataclass(frozen=True)
class Column:
    """A column of a list page: what to show, its header, and the field it sorts by (if any)."""

    accessor: str
    label: Any
    sort: str = ""
    link: bool = False
    # A link elsewhere than the row's page (an action on the row), and a fixed text for it.
    url: Callable[[Any], str] | None = None
    text: Any = ""


class ScopedMixin(PermissionRequiredMixin):
    """Anonymous → sign-in page; without the permission → 403; a row outside scope → 404.

    The permission defaults to the model's `<action>_<model>`; the rows always come from
    `Model.objects.for_user(user)`, so no view can forget the scope rule.
    """

    model: type[models.Model]
    request: HttpRequest
    action = "view"

    def get_permission_required(self) -> tuple[str, ...]:
        if self.permission_required:
            return tuple(super().get_permission_required())
        opts = self.model._meta
        return (f"{opts.app_label}.{self.action}_{opts.model_name}",)

    def get_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.for_user(self.request.user)  # type: ignore[attr-defined]


def styled(filterset: Any) -> Any:
    """The filter form's inputs with Bootstrap's classes (a filter bar outside a list uses it)."""
    for field in filterset.form.fields.values():
        widgets = getattr(field.widget, "widgets", [field.widget])
        for widget in widgets:
            css = "form-select" if widget.input_type == "select" else "form-control"
            widget.attrs.setdefault("class", css)
    return filterset


# The URL name of the import page of a list's spreadsheet, when `user` may import it, else "":
# given by the app that imports spreadsheets (from its AppConfig.ready()); without it, lists
# show no import button.
import_link: Callable[[str, Any], str] | None = None


class ObjectListView(ScopedMixin, FilterView):
    """A list with a search box (`?q=`), filters, sortable columns (`?sort=`) and pagination.

    The list counts at most `count_limit` + 1 rows and pages through the first `count_limit`
    (core.paging): a page past them asks to narrow the filter or to export the list."""

    template_name = "generic/object_list.html"
    paginate_by = 25
    paginator_class = paging.LimitedPaginator
    count_limit = paging.COUNT_LIMIT
    past_window = False
    title: Any = ""  # defaults to the model's verbose_name_plural
    columns: list[Column] = []
    search_fields: list[str] = []
    search_placeholder: Any = ""
    select_related: list[str] = []
    empty_message: Any = ""
    add_url_name = ""
    # Spreadsheets: the key the list's import is registered under (see import_link), and the
    # URL name of its export.
    spreadsheet = ""
    export_url_name = ""

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Hook for per-row aggregates the columns show or sort by."""
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.annotate(super().get_queryset())
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        query = self.request.GET.get("q", "").strip()
        if query and self.search_fields:
            queryset = self.search(queryset, query)
        sort = self.current_sort()
        if sort:
            queryset = queryset.order_by(sort, "-pk" if sort.startswith("-") else "pk")
        else:  # explicit, since an aggregate added later would drop Meta.ordering
            queryset = queryset.order_by(*self.default_ordering(query))
        return queryset

    def default_ordering(self, query: str) -> list[Any]:
        """The rows' order when no column is chosen, given the search in force (a list may
        sort a search's few matches otherwise than by walking its order's index)."""
        return list(self.model._meta.ordering or ["-pk"])

    def get_paginate_by(self, queryset: QuerySet[Any]) -> int | None:
        return None if printing.printing_all(self.request) else self.paginate_by

    def get_paginator(self, queryset: Any, per_page: int, *args: Any, **kwargs: Any) -> Any:
        return self.paginator_class(queryset, per_page, *args, limit=self.count_limit, **kwargs)

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        """Django's, except that a page past the window of a list counted over its limit is
        the list without rows and a message (past_window), not a 404."""
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        number = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        if paginator.past_window(number):
            self.past_window = True
            return paginator, None, queryset.none(), False
        try:
            page = paginator.page(paginator.num_pages if number == "last" else int(number))
        except (ValueError, InvalidPage) as error:
            raise Http404(_("There is no such page.")) from error
        return paginator, page, page.object_list, page.has_other_pages()

    def get_template_names(self) -> list[str]:
        if printing.printing_all(self.request):
            return ["generic/object_list_print.html"]
        return super().get_template_names()  # type: ignore[no-any-return]

    def search(self, queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
        terms = [Q(**{f"{field}__icontains": query}) for field in self.search_fields]
        return queryset.filter(reduce(or_, terms))

    def get_filterset(self, filterset_class: Any) -> Any:
        return styled(super().get_filterset(filterset_class))

    def import_url_name(self) -> str:
        if not self.spreadsheet or import_link is None:
            return ""
        return import_link(self.spreadsheet, self.request.user)

    def can_add(self) -> bool:
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")

    def bulk_edit_url(self, query: str) -> str:
        """The bulk edit page of the list as filtered, when actions are registered for it that
        the user may run (core.bulkedit), else ""."""
        key = registry.list_key(type(self))
        if not key or not registry.actions_for(self.model, self.request.user):
            return ""
        return f"{reverse('bulkedit:choose', args=[key])}?{query}"

    def current_sort(self) -> str:
        sort = self.request.GET.get("sort", "")
        allowed = {c.sort for c in self.columns if c.sort}
        return sort if sort.lstrip("-") in allowed else ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop(printing.PRINT_PARAM, None)
        query = self.request.GET.get("q", "")
        if printing.printing_all(self.request):
            context.update(self.print_all_context(context["object_list"]))
        context.update(
            title=self.title or self.model._meta.verbose_name_plural,
            columns=self.columns,
            current_sort=self.current_sort(),
            query=query,
            search_enabled=bool(self.search_fields),
            search_placeholder=self.search_placeholder,
            empty_message=self.empty_message,
            add_url_name=self.add_url_name if self.can_add() else "",
            querystring_without_page=params.urlencode(),
            export_url_name=self.export_url_name,
            import_url_name=self.import_url_name(),
            bulk_edit_url=self.bulk_edit_url(params.urlencode()),
            filtered=any(k not in ("page", "sort") and v for k, v in self.request.GET.items()),
            past_window=self.past_window,
            opts=self.model._meta,
            print_filters=printing.filters_in_words(
                context.get("filter"), query if self.search_fields else "", _("Search")
            ),
        )
        return context

    def print_all_context(self, rows: QuerySet[Any]) -> dict[str, Any]:
        """打印全部: every row the list holds as filtered, up to printing.PRINT_CAP; past it, no
        rows and the count, so the page asks to narrow the filter or export. A count (of at most
        PRINT_CAP + 1 rows) and one query for the rows (plus what the list itself adds),
        whatever their number."""
        count = paging.limited_count(rows, printing.PRINT_CAP)
        over = count > printing.PRINT_CAP
        if not over:
            printing.log_print(
                self.request, self.title or self.model._meta.verbose_name_plural, count
            )
        return {
            "object_list": rows.none() if over else rows,
            "print_count": paging.shown(count, printing.PRINT_CAP),
            "print_cap": printing.PRINT_CAP,
            "print_over_cap": over,
        }


class ObjectDetailView(ScopedMixin, generic.DetailView):
    """A detail page; `fields` (names or properties) become a label/value table."""

    template_name = "generic/object_detail.html"
    fields: list[str | tuple[str, Any]] = []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from core.templatetags.tongxin import format_value

        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        rows = []
        for item in self.fields:
            name, label = item if isinstance(item, tuple) else (item, None)
            if label is None:
                label = getattr(opts.get_field(name), "verbose_name", name)
            display = getattr(self.object, f"get_{name}_display", None)
            value = display() if display else getattr(self.object, name)
            rows.append((label, "—" if value in (None, "") else format_value(value)))
        change = f"{opts.app_label}.change_{opts.model_name}"
        context.update(
            opts=opts,
            detail_rows=rows,
            can_change=self.request.user.has_perm(change),
            edit_url_name=f"{opts.app_label}:{opts.model_name}_edit",
        )
        if hasattr(self.object, "history") and "history" not in context:
            context["history"] = history.entries(self.object)
        return context


class ScopedFormMixin(ScopedMixin):
    """Saves in a transaction and re-checks, inside it, that the row is still in the user's scope.

    A form limits its choices to the user's communities, but a row's community can also follow
    from another field (a household, a resident); this check is the one that cannot be bypassed.
    """

    template_name: str | None = "generic/object_form.html"
    success_message: Any = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["opts"] = self.model._meta
        return context

    submitted: Any = None  # the form as posted, for the conflict page

    def get_form(self, form_class: Any = None) -> Any:
        self.submitted = super().get_form(form_class)  # type: ignore[misc]
        return self.submitted

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        except ConflictError:
            if self.submitted is None or not getattr(self.submitted.instance, "pk", None):
                raise
            return self.conflict(self.submitted)

    def conflict(self, submitted: Any) -> HttpResponse:
        """Someone saved the row since this person opened the form: nothing was saved. The page
        shows what they changed beside what changed meanwhile, and the form on the current
        version with their changes filled in, so one more save applies them."""
        seen: int = submitted.instance.version
        current = self.get_object()  # type: ignore[attr-defined]  # scoped: gone is a 404
        form_class = type(submitted)
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs.pop("instance", None)
        initial = dict(kwargs.pop("initial", None) or {})
        opened, m2m = conflicts.version_of(current, seen)
        opened_form = form_class(**kwargs, instance=opened or current, initial={**initial, **m2m})
        mine = conflicts.changed_fields(submitted, opened_form)
        redo = {name: submitted[name].data for name in mine}
        form = form_class(**kwargs, instance=current, initial={**initial, **redo})
        self.object = current
        conflict = conflicts.Conflict(
            mine=[(str(submitted[n].label), conflicts.shown(submitted, n)) for n in mine],
            theirs=history.entries(current, since=seen),
        )
        context = self.get_context_data(form=form, conflict=conflict)  # type: ignore[attr-defined]
        return self.render_to_response(context, status=409)  # type: ignore[attr-defined, no-any-return]

    def form_valid(self, form: BaseForm) -> HttpResponse:
        with transaction.atomic():
            self.object = form.save()  # type: ignore[attr-defined]
            in_scope = (
                self.model._default_manager.for_user(self.request.user)  # type: ignore[attr-defined]
                .filter(pk=self.object.pk)
                .exists()
            )
            if not in_scope:
                transaction.set_rollback(True)
                form.add_error(None, _("You cannot move this record outside your communities."))
                return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, self.success_message or _("Saved."))
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]


class ObjectCreateView(ScopedFormMixin, generic.CreateView):
    action = "add"


class ObjectUpdateView(ScopedFormMixin, generic.UpdateView):
    action = "change"
