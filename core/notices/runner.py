"""Running the rules: what is due becomes a notice once, what is due again is reopened, what no
longer is resolves itself. Running twice writes nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from core.notices.models import Notice, RuleSetting
from core.notices.registry import Context, Due, Rule, rules
from core.sets import batches

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
    wanted: dict[Key, Due] = {}
    types: dict[type, int] = {}
    for due in rule.collect(context) if enabled else ():
        model = type(due.obj)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk  # cached by Django
        for user_id in set(due.recipients):
            wanted[(types[model], int(due.obj.pk), due.threshold, user_id)] = due
    existing = Notice.objects.filter(rule=rule.key).filter(
        Q(resolved_at=None) | Q(resolved_at__gte=now - timedelta(days=KEEP_RESOLVED_DAYS))
    )
    current: dict[Key, int] = {}
    resolved: dict[Key, int] = {}
    fields = ("pk", "content_type_id", "object_id", "threshold", "recipient_id", "resolved_at")
    for pk, ct, obj, threshold, user_id, resolved_at in existing.values_list(*fields):
        (resolved if resolved_at else current)[(ct, obj, threshold, user_id)] = pk
    # The link of a record is worked out only for the notices written now.
    urls: dict[int, str] = {}
    new = []
    for key, due in wanted.items():
        if key in current or key in resolved:
            continue
        if id(due) not in urls:
            urls[id(due)] = due.url or due.obj.get_absolute_url()  # type: ignore[attr-defined]
        new.append((key[3], rule.key, key[0], key[1], key[2], due.title, urls[id(due)]))
    insert(new, now)
    again = [pk for key, pk in resolved.items() if key in wanted]
    gone = [pk for key, pk in current.items() if key not in wanted]
    for part in batches(again, BATCH):
        Notice.objects.filter(pk__in=part).update(resolved_at=None, read_at=None, created_at=now)
    for part in batches(gone, BATCH):
        Notice.objects.filter(pk__in=part).update(resolved_at=now)
    return Outcome(rule.key, len(wanted), len(new), len(again), len(gone))


NEW_COLUMNS = ("recipient_id", "rule", "content_type_id", "object_id", "threshold", "title", "url")


def insert(rows: list[tuple[int, str, int, int, str, str, str]], now: datetime) -> None:
    """Write new notices, a thousand to a statement; one already there (another run at the same
    moment) is left as it is. Plain INSERTs: a run over a county writes tens of thousands, and
    the ORM's bulk_create spends most of its time preparing each value of each row."""
    if not rows:
        return
    table = connection.ops.quote_name(Notice._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*NEW_COLUMNS, "created_at"))
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        for batch in batches(rows, BATCH):
            cursor.executemany(
                sql,
                [
                    (u, r, c, o, t, title[:300], url[:300], stamp)
                    for u, r, c, o, t, title, url in batch
                ],
            )


def notify(
    rule: str, obj: models.Model, threshold: str, recipients: set[int], title: str, url: str = ""
) -> None:
    """A notice of an event rather than a condition (a deadline moved): written once per
    record, threshold and person, current until read."""
    content_type = ContentType.objects.get_for_model(type(obj)).pk
    link = url or obj.get_absolute_url()  # type: ignore[attr-defined]
    rows = [(user_id, rule, content_type, obj.pk, threshold, title, link) for user_id in recipients]
    insert(rows, timezone.now())
