"""One rule for every kind of background job: its owner is told when it is ready, needs a
confirmation or failed, for as many days as the rule's threshold (then it resolves itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from django.db import models
from django.utils.functional import Promise

from core.notices.registry import Context, Due, Rule, register

KEEP_DAYS = 2


def job_rule(
    key: str,
    label: str | Promise,
    model: type[models.Model],
    *,
    owner: str,
    started: str,
    titles: dict[str, Callable[[Any], str]],
    related: tuple[str, ...] = (),
    order: int = 900,
) -> Rule:
    """`titles`: for each status worth a notice, the notice's text for a job in it. A job
    started within the threshold's days (`started`, a date-time field) is told to `owner`."""

    def collect(context: Context) -> Iterator[Due]:
        days = context.thresholds[0] if context.thresholds else KEEP_DAYS
        recent = model._default_manager.filter(  # type: ignore[attr-defined]
            status__in=list(titles), **{f"{started}__gte": context.now - timedelta(days=days)}
        )
        for job in recent.select_related(*related).order_by():
            status = job.status  # type: ignore[attr-defined]
            yield Due(job, status, [getattr(job, f"{owner}_id")], titles[status](job))

    return register(
        Rule(
            key=key,
            label=label,
            collect=collect,
            thresholds=(KEEP_DAYS,),
            help=_help(),
            order=order,
        )
    )


def _help() -> Promise:
    from django.utils.translation import gettext_lazy as _

    return _("Tells the person who started it; kept this many days after it was started.")
