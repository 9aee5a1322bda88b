"""`manage.py seed_demo` refuses a production database (DEBUG off) unless told so, and without
Faker (the "demo" extra) says what to install; either way it seeds nothing."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from ledgers.models import Community

ROOT = Path(__file__).resolve().parent.parent


def nothing_seeded() -> bool:
    return not get_user_model().objects.exists() and not Community.objects.exists()


def test_seed_demo_without_faker_says_what_to_install(db: None, settings: Any) -> None:
    settings.DEBUG = True
    with (
        mock.patch.dict(sys.modules, {"faker": None}),  # `import faker` raises ImportError
        translation.override("en"),
        pytest.raises(CommandError) as refused,
    ):
        call_command("seed_demo")
    assert "Faker" in str(refused.value)
    assert 'pip install -e ".[demo]"' in str(refused.value)
    assert nothing_seeded()


def test_seed_demo_refuses_a_production_database(db: None, settings: Any) -> None:
    settings.DEBUG = False
    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("seed_demo")
    assert "--allow-production" in str(refused.value)
    assert "生产" in str(refused.value)
    assert nothing_seeded()


def test_seed_demo_on_a_demo_server_is_told_so(db: None, settings: Any) -> None:
    settings.DEBUG = False
    # Past the production guard, the next check (Faker missing here) is what stops it.
    with (
        mock.patch.dict(sys.modules, {"faker": None}),
        translation.override("en"),
        pytest.raises(CommandError, match="Faker"),
    ):
        call_command("seed_demo", "--allow-production")
    assert nothing_seeded()


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    kept = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in kept}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_database_url_refuses_to_start() -> None:
    secret = "a-production-secret-with-enough-length-and-variety-0123456789-xyz"
    result = manage("check", env={"DEBUG": "0", "SECRET_KEY": secret})
    assert result.returncode != 0
    assert "DATABASE_URL must be set when DEBUG is off" in result.stderr


def test_manage_py_says_when_it_assumes_a_development_checkout() -> None:
    result = manage("check", env={})
    assert result.returncode == 0, result.stderr
    assert "running as a development checkout" in result.stderr
    assert "db.sqlite3" in result.stderr
