"""Notices as documents (整改通知书, 公示): the number, date and issuer fixed when first issued,
the pages that issue and reprint them, and what a posted notice may show of an address."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.steps import WorkflowError, lock, require, save_fields
from ledgers.models import next_in_sequence

NOTICE_FIELDS = ["notice_number", "notice_issued_on", "notice_issued_by"]


class IssuedNotice(models.Model):
    """The notice a row prints, once issued (出具): its number, its date and who issued it.
    A reprint shows the same three; nothing but `issue` writes them."""

    notice_number = models.CharField(_("notice number"), max_length=32, blank=True, editable=False)
    notice_issued_on = models.DateField(_("notice dated"), null=True, blank=True, editable=False)
    notice_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("notice issued by"),
    )

    class Meta:
        abstract = True

    @property
    def notice_issued(self) -> bool:
        return bool(self.notice_number)


def number_constraint() -> models.UniqueConstraint:
    """Notice numbers are unique office-wide (the rows not issued yet have none)."""
    return models.UniqueConstraint(
        fields=["notice_number"],
        condition=~models.Q(notice_number=""),
        name="%(app_label)s_%(class)s_notice_number_unique",
        violation_error_message=_("A notice with this number already exists."),
    )


def free_number(
    model: type[models.Model], field: str, community: Any, prefix: str, year: int
) -> str:
    """<prefix>-<the community's short code>-<year>-<0001 …>: counted per community and year
    by a locked counter (NumberSequence), so two at once get two numbers. A number already
    given (a short code handed on to another community) is passed over."""
    while True:
        count = next_in_sequence(community.pk, prefix, year)
        number = f"{prefix}-{community.short_code}-{year}-{count:04d}"
        if not model._default_manager.filter(**{field: number}).exists():
            return number


@transaction.atomic
def issue(
    row: IssuedNotice,
    user: Any,
    prefix: str,
    permission: str,
    on: date | None = None,
) -> bool:
    """出具: the first issue gives the notice its number, its date (`on`, today unless given)
    and its issuer; a later one changes nothing. True when issued now."""
    lock(row, user, _("This record is not in your communities."))
    require(user.has_perm(permission), _("You may not issue this notice."))
    if row.notice_issued:
        return False
    day = on or timezone.localdate()
    community = row.community  # type: ignore[attr-defined]
    row.notice_number = free_number(type(row), "notice_number", community, prefix, day.year)
    row.notice_issued_on = day
    row.notice_issued_by = user
    row._change_reason = str(_("Notice issued"))  # type: ignore[attr-defined]
    save_fields(row, NOTICE_FIELDS)
    return True


def issue_and_show(
    request: HttpRequest,
    row: IssuedNotice,
    notice_url: str,
    prefix: str,
    permission: str,
    on: date | None = None,
) -> HttpResponse:
    """The POST that issues a notice: then to the notice itself; refused, back with why."""
    try:
        issued = issue(row, request.user, prefix, permission, on)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(cast(Any, row))  # the record's page
    if issued:
        messages.success(request, _("The notice was issued: reprints keep its number and date."))
    return redirect(notice_url)


def notice_page(
    request: HttpRequest,
    row: IssuedNotice,
    template: str,
    context: dict[str, Any],
    *,
    title: Any,
    may_issue: bool,
    issue_url: str,
    not_yet: Any = "",
) -> HttpResponse:
    """The notice once issued; before, a page that says what issuing fixes (and, for those
    who may, the button), or why it cannot be issued yet (`not_yet`)."""
    if row.notice_issued:
        return render(request, template, context)
    return render(
        request,
        "casework/notice_issue.html",
        {
            "object": row,
            "title": title,
            "may_issue": may_issue and not not_yet,
            "issue_url": issue_url,
            "not_yet": not_yet,
        },
    )


# What a posted notice may say of where a household lives: the community, and the building at
# most (庙川路12号3栋), never the unit or the door. An address without a building names one
# house, so it is left out.
_BUILDING = re.compile(r"^(.*?(?:号楼|栋|幢))")


def posted_address(community: str, address: str) -> str:
    """The address as a 公示 may show it: 庙川社区 庙川路12号3栋, or just 庙川社区."""
    building = _BUILDING.match(address.strip())
    return f"{community} {building.group(1)}" if building else community
