"""/health/: what a load balancer or a monitoring check asks of an app host. No sign-in and no
data: whether the database answers, every migration is applied, and the background worker
keeps up (no job waiting longer than jobs.WORKER_LATE to start). 200 when all hold, else 503,
with each check's answer in JSON."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.jobs import WORKER_LATE


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations() -> str:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not pending else f"{len(pending)} not applied"


def _worker() -> str:
    from django_tasks_db.models import DBTaskResult

    late = DBTaskResult.objects.ready().filter(enqueued_at__lt=timezone.now() - WORKER_LATE)
    waiting = late.count()
    return "ok" if not waiting else f"{waiting} jobs waiting longer than {WORKER_LATE.seconds} s"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    try:
        checks["database"] = _database()
        checks["migrations"] = _migrations()
        checks["worker"] = _worker()
    except DatabaseError as error:  # the database is down or its tables are missing
        checks.setdefault("database", f"error: {type(error).__name__}")
    healthy = len(checks) == 3 and all(answer == "ok" for answer in checks.values())
    return JsonResponse({"ok": healthy, **checks}, status=200 if healthy else 503)
