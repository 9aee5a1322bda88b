"""/health/ answers a load balancer: the database, the migrations, the worker keeping up."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_healthy_host_says_so_without_sign_in() -> None:
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": "ok", "migrations": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_job_waiting_too_long_means_the_worker_is_not_keeping_up() -> None:
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.create(
        status="READY",
        task_path="sheets.tasks.check_import",
        args_kwargs={"args": [0], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now() - timedelta(minutes=5),
    )
    DBTaskResult.objects.filter(pk=queued.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=5)
    )
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"].startswith("1 jobs waiting")


def test_a_database_that_does_not_answer_is_a_503(monkeypatch: Any) -> None:
    def broken() -> str:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("core.health._database", broken)
    response = Client().get("/health/")
    assert response.status_code == 503 and response.json()["database"] == "error: DatabaseError"


def test_a_load_balancer_asking_over_plain_http_gets_the_answer_not_a_redirect(
    settings: Any,
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/health/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301  # everything else goes to HTTPS
