"""Running the rules: what is due becomes a notice once, what is due again is reopened, what no
longer is resolves itself. Running twice writes nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from core.notices.models import Notice, RuleSetting
from core.notices.registry import Context, Rule, rules

BATCH = 1000
# Resolved notices are kept this long (so a condition that clears and returns within it reopens
# the same notice rather than writing a second), then removed.
KEEP_RESOLVED_DAYS = 90

Key = tuple[int, int, str, int]  # content type, object, threshold, recipient


@dataclass(frozen=True)
class Outcome:
    rule: str
    due: int
    created: int
    reopened: int
    resolved: int


def run(*, today: date | None = None, only: list[str] | None = None) -> list[Outcome]:
    now = timezone.now()
    today = today or timezone.localdate()
    chosen = ensure_settings()
    outcomes = []
    for rule in rules():
        if only and rule.key not in only:
            continue
        setting = chosen.get(rule.key)
        thresholds = setting.numbers if setting else rule.thresholds
        enabled = setting.enabled if setting else True
        context = Context(today=today, now=now, thresholds=tuple(sorted(thresholds, reverse=True)))
        outcomes.append(apply(rule, context, enabled))
    Notice.objects.filter(resolved_at__lt=now - timedelta(days=KEEP_RESOLVED_DAYS)).delete()
    return outcomes


def ensure_settings() -> dict[str, RuleSetting]:
    """Every registered rule has its row (its defaults) for the administrator to change."""
    chosen = {s.rule: s for s in RuleSetting.objects.all()}
    missing = [
        RuleSetting(rule=rule.key, thresholds=",".join(map(str, rule.thresholds)) or "0")
        for rule in rules()
        if rule.key not in chosen
    ]
    if missing:
        RuleSetting.objects.bulk_create(missing, ignore_conflicts=True)
        chosen = {s.rule: s for s in RuleSetting.objects.all()}
    return chosen


@transaction.atomic
def apply(rule: Rule, context: Context, enabled: bool = True) -> Outcome:
    now = context.now
    wanted: dict[Key, tuple[str, str]] = {}
    types: dict[type, int] = {}
    for due in rule.collect(context) if enabled else ():
        model = type(due.obj)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk  # cached by Django
        url = due.url or due.obj.get_absolute_url()  # type: ignore[attr-defined]
        for user_id in set(due.recipients):
            wanted[(types[model], int(due.obj.pk), due.threshold, user_id)] = (due.title, url)
    existing = Notice.objects.filter(rule=rule.key).filter(
        Q(resolved_at=None) | Q(resolved_at__gte=now - timedelta(days=KEEP_RESOLVED_DAYS))
    )
    current: dict[Key, int] = {}
    resolved: dict[Key, int] = {}
    fields = ("pk", "content_type_id", "object_id", "threshold", "recipient_id", "resolved_at")
    for pk, ct, obj, threshold, user_id, resolved_at in existing.values_list(*fields):
        (resolved if resolved_at else current)[(ct, obj, threshold, user_id)] = pk
    new = [
        Notice(
            recipient_id=key[3],
            rule=rule.key,
            content_type_id=key[0],
            object_id=key[1],
            threshold=key[2],
            title=title[:300],
            url=url[:300],
        )
        for key, (title, url) in wanted.items()
        if key not in current and key not in resolved
    ]
    Notice.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    again = [pk for key, pk in resolved.items() if key in wanted]
    gone = [pk for key, pk in current.items() if key not in wanted]
    for part in _chunks(again):
        Notice.objects.filter(pk__in=part).update(resolved_at=None, read_at=None, created_at=now)
    for part in _chunks(gone):
        Notice.objects.filter(pk__in=part).update(resolved_at=now)
    return Outcome(rule.key, len(wanted), len(new), len(again), len(gone))


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


def unread_count(user: object) -> int:
    return Notice.objects.for_user(user).unread().count()


def notify(
    rule: str, obj: models.Model, threshold: str, recipients: set[int], title: str, url: str = ""
) -> int:
    """A notice of an event rather than a condition (a deadline moved): written once per
    record, threshold and person, current until read. Returns how many were new."""
    content_type = ContentType.objects.get_for_model(type(obj)).pk
    link = url or obj.get_absolute_url()  # type: ignore[attr-defined]
    new = [
        Notice(
            recipient_id=user_id,
            rule=rule,
            content_type_id=content_type,
            object_id=obj.pk,
            threshold=threshold,
            title=title[:300],
            url=link[:300],
        )
        for user_id in recipients
    ]
    return len(Notice.objects.bulk_create(new, ignore_conflicts=True))
