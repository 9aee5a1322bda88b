"""The reminder rules apps register: each says, for today, which records are due for whom.

A rule does not write notices; it returns what is due (`Due`) and the runner (`runner.run`)
writes what is new, reopens what is due again and resolves what no longer is. A rule asks the
database a fixed number of times however many records it finds (tests count them), and works out
its recipients from each record's community, grid and roles as they are now: a record that moved
takes its notices with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Due:
    """One record due for some people, at one threshold of the rule."""

    obj: models.Model
    threshold: str
    recipients: Iterable[int]  # user ids
    title: str
    url: str = ""  # the record's page when empty


@dataclass(frozen=True)
class Context:
    today: date
    now: datetime
    thresholds: tuple[int, ...]  # the administrator's, or the rule's defaults; largest first


@dataclass(frozen=True)
class Rule:
    key: str
    label: str | Promise
    collect: Callable[[Context], Iterable[Due]]
    # Days (working or calendar, as `help` says) an administrator may change; () for none.
    thresholds: tuple[int, ...] = ()
    help: str | Promise = ""
    order: int = 100


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.key in RULES and RULES[rule.key] is not rule:
        raise ValueError(f"a reminder rule {rule.key!r} is registered already")
    RULES[rule.key] = rule
    return rule


def rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda rule: (rule.order, rule.key))


def threshold_reached(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The smallest threshold that `days_left` is within (7,3,1 and 2 days left: 3), or None."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None
