"""The inbox (提醒): a person's notices, newest first; reading one opens its record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.notices.models import Notice

SHOWN = {
    "unread": lambda notices: notices.unread(),
    "current": lambda notices: notices.current(),
    "all": lambda notices: notices,
}


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    shown = request.GET.get("show", "current")
    if shown not in SHOWN:
        shown = "current"
    mine = Notice.objects.for_user(request.user)
    notices = SHOWN[shown](mine).order_by("-created_at", "-pk")
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "notices": page.object_list,
        "is_paginated": page.has_other_pages(),
        "shown": shown,
        "querystring_without_page": f"show={shown}",
        "unread": mine.unread().count(),
    }
    return render(request, "core/notices/inbox.html", context)


@login_required
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to its record."""
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    safe = url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()})
    return redirect(notice.url if safe and notice.url else "notices:inbox")


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark read the notices chosen (`notice` ids), or all unread ones (`all`)."""
    unread = Notice.objects.for_user(request.user).filter(read_at=None)
    if "all" not in request.POST:
        ids = [int(v) for v in request.POST.getlist("notice") if v.isdigit()]
        unread = unread.filter(pk__in=ids)
    marked = unread.update(read_at=timezone.now())
    messages.success(request, _("%(count)d notices marked as read.") % {"count": marked})
    shown = request.POST.get("show", "current")
    return redirect(f"{reverse('notices:inbox')}?show={shown if shown in SHOWN else 'current'}")
