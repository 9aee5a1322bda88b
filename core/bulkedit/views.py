"""The pages of bulk edits: from a list with its filter and search applied, choose an action and
its parameters, preview (how many rows, a sample), confirm; the record of each edit, and its undo
as one batch.

The rows are exactly those the list shows across all its pages: the list view itself builds
them (its scoped queryset, search and filters) from the same query string.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.bulkedit import registry
from core.bulkedit.models import BulkEdit
from core.bulkedit.undo import Refused, scoped
from core.scope import sees_all_communities

LIMIT = 5_000  # rows one bulk edit may change; more: narrow the filter
SAMPLE = 10  # rows a preview shows


def list_view(request: HttpRequest, source: str) -> tuple[Any, str]:
    """The list view `source`, set up on this request (its filters are the query string), and
    its URL name; 403 without the list's own permission."""
    try:
        view_class, url_name = registry.LISTS[source]
    except KeyError:
        raise Http404 from None
    view = view_class()
    view.setup(request)
    if not view.has_permission():
        raise PermissionDenied
    return view, url_name


def selected(view: Any) -> QuerySet[Any]:
    """The rows the list shows, across all its pages (what FilterView.get() lists)."""
    filterset = view.get_filterset(view.get_filterset_class())
    if filterset.is_bound and not filterset.is_valid() and view.get_strict():
        return filterset.queryset.none()  # type: ignore[no-any-return]
    return filterset.qs  # type: ignore[no-any-return]


def list_query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def digest(action: registry.Action, ids: list[Any], params: dict[str, Any]) -> str:
    """What the preview showed: the action, its parameters and the rows."""
    text = json.dumps([action.key, params, sorted(ids)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def may_read(user: Any) -> bool:
    """Whoever may run an action, and those who read every community, read the records."""
    return sees_all_communities(user) or any(
        user.has_perms(perms) for perms in registry.all_permissions() if perms
    )


@login_required
def choose(request: HttpRequest, source: str) -> HttpResponse:
    """The actions the person may run on the list as filtered, and how many rows it holds."""
    view, url_name = list_view(request, source)
    actions = registry.actions_for(view.model, request.user)
    if not actions:
        raise PermissionDenied
    query = list_query(request)
    context = {
        "source": source,
        "actions": actions,
        "count": selected(view).count(),
        "limit": LIMIT,
        "query": query,
        "list_url": f"{reverse(url_name)}?{query}",
        "title": view.title or view.model._meta.verbose_name_plural,
    }
    return render(request, "core/bulkedit/choose.html", context)


@login_required
def run(request: HttpRequest, source: str, key: str) -> HttpResponse:
    """The action's parameters (GET); their preview (POST); the edit itself (POST, confirmed
    with the preview's fingerprint: a list that changed in between is previewed again)."""
    view, url_name = list_view(request, source)
    action = registry.ACTIONS.get(key)
    if action is None or action.model is not view.model:
        raise Http404
    if not action.allowed(request.user):
        raise PermissionDenied
    query = list_query(request)
    form = action.form(request.user, request.POST if request.method == "POST" else None)
    rows = selected(view)
    context: dict[str, Any] = {
        "source": source,
        "action": action,
        "form": form,
        "query": query,
        "list_url": f"{reverse(url_name)}?{query}",
        "title": view.title or view.model._meta.verbose_name_plural,
        "limit": LIMIT,
    }
    if request.method != "POST" or not form.is_valid():
        context["count"] = rows.count()
        return render(request, "core/bulkedit/run.html", context)
    ids = list(rows.values_list("pk", flat=True)[: LIMIT + 1])
    context["count"] = len(ids)
    if len(ids) > LIMIT or not ids:
        return render(request, "core/bulkedit/run.html", context)
    params = action.params(form.cleaned_data)
    seen = digest(action, ids, params)
    if request.POST.get("confirm"):
        if request.POST.get("seen") == seen:
            edit = apply(request, view, action, form.cleaned_data, seen, source, query)
            if edit is not None:
                return redirect(edit)
        else:
            messages.warning(
                request,
                _("The list changed since the preview: check this preview and confirm again."),
            )
    chosen = scoped(view.model, request.user).filter(pk__in=ids)
    context.update(preview=action.preview(chosen, form.cleaned_data, request.user), seen=seen)
    return render(request, "core/bulkedit/run.html", context)


def apply(
    request: HttpRequest,
    view: Any,
    action: registry.Action,
    cleaned: dict[str, Any],
    seen: str,
    source: str,
    query: str,
) -> BulkEdit | None:
    """Run the action on the list's rows in one transaction and record it; None (and the reason
    as a message) when it was refused or the rows changed since the preview."""
    user = request.user
    params = action.params(cleaned)
    try:
        with transaction.atomic():
            ids = list(selected(view).values_list("pk", flat=True)[: LIMIT + 1])
            if digest(action, ids, params) != seen:
                raise Refused(
                    _("The list changed since the preview: check this preview and confirm again.")
                )
            edit = BulkEdit.objects.create(
                user=user,  # type: ignore[misc]
                action=action.key,
                description=action.describe(cleaned)[:200],
                source=source,
                query=query,
                params=params,
                count=len(ids),
                ids=ids,
            )
            chosen = scoped(view.model, user).filter(pk__in=ids)
            record = action.apply(chosen, cleaned, user, reason=edit.change_reason)
            if not record.count:
                raise Refused(_("Nothing to change: every row already is as asked."))
            edit.before, edit.created, edit.changed = record.before, record.created, record.count
            edit.save(update_fields=["before", "created", "changed"])
    except Refused as refused:
        messages.error(request, refused.message)
        return None
    messages.success(
        request,
        ngettext(
            "%(n)d row was changed. The record below can undo it.",
            "%(n)d rows were changed. The record below can undo them.",
            edit.changed,
        )
        % {"n": edit.changed},
    )
    return edit


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """批量修改记录: the person's bulk edits, newest first."""
    if not may_read(request.user):
        raise PermissionDenied
    edits = BulkEdit.objects.for_user(request.user).select_related("user", "undone_by")
    page = Paginator(edits, 25).get_page(request.GET.get("page"))
    labels = {key: action.label for key, action in registry.ACTIONS.items()}
    rows = [(edit, labels.get(edit.action, edit.action)) for edit in page.object_list]
    context = {"page_obj": page, "rows": rows, "is_paginated": page.has_other_pages()}
    return render(request, "core/bulkedit/list.html", context)


def get_edit(request: HttpRequest, pk: int) -> BulkEdit:
    if not may_read(request.user):
        raise PermissionDenied
    return get_object_or_404(
        BulkEdit.objects.for_user(request.user).select_related("user", "undone_by"), pk=pk
    )


def undoable(edit: BulkEdit, user: Any) -> registry.Action | None:
    """The edit's action when `user` may undo it (their own edit, not undone, still allowed)."""
    action = registry.ACTIONS.get(edit.action)
    if action is None or edit.undone_at or edit.user_id != user.pk or not action.allowed(user):
        return None
    return action


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    edit = get_edit(request, pk)
    action = registry.ACTIONS.get(edit.action)
    source = registry.LISTS.get(edit.source)
    shown: list[Any] = []
    if source is not None:
        shown = list(scoped(source[0].model, request.user).filter(pk__in=edit.ids[: SAMPLE * 2]))
    context = {
        "edit": edit,
        "label": action.label if action else edit.action,
        "shown": shown,
        "list_url": f"{reverse(source[1])}?{edit.query}" if source else "",
        "can_undo": undoable(edit, request.user) is not None,
    }
    return render(request, "core/bulkedit/detail.html", context)


@login_required
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then put back every row the edit changed and remove what it added, as one
    batch; refused (nothing written) when a row changed after the edit."""
    edit = get_edit(request, pk)
    action = undoable(edit, request.user)
    if action is None:
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "core/bulkedit/undo.html", {"edit": edit, "label": action.label})
    try:
        with transaction.atomic():
            locked = BulkEdit.objects.select_for_update().get(pk=edit.pk)
            if locked.undone_at:
                raise Refused(_("This bulk edit was undone already."))
            action.undo(locked, request.user)
            locked.undone_at = timezone.now()
            locked.undone_by = request.user  # type: ignore[assignment]
            locked.save(update_fields=["undone_at", "undone_by"])
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The bulk edit was undone."))
    return redirect(edit)
