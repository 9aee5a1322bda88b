"""Settings come from the environment, fail loudly, and pass Django's deployment check."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-with-enough-length-and-variety-0123456789-xyz",
    "ALLOWED_HOSTS": "tongxin.example.gov.cn",
    "AUDIT_HMAC_KEY": "another-secret-for-the-audit-chain-0123456789-abcdefghijklmnop",
    # Production names its database; the check does not open it.
    "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'db.sqlite3'}",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_typed_helpers_refuse_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "thirty")
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_production_without_secret_key_fails_loudly() -> None:
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_unknown_database_url_fails_loudly() -> None:
    result = manage("check", env={"DEBUG": "1", "DATABASE_URL": "mysql://root@localhost/x"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_deployment_check_passes_with_production_variables() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_check_asks_for_the_audit_key() -> None:
    without = {k: v for k, v in PRODUCTION.items() if k != "AUDIT_HMAC_KEY"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=without)
    assert result.returncode != 0 and "AUDIT_HMAC_KEY" in result.stdout + result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    code = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0], connection.transaction_mode)"
    )
    url = f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    result = manage("shell", "-v", "0", "-c", code, env={"DEBUG": "1", "DATABASE_URL": url})
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"], result.stderr


def test_object_storage_is_chosen_from_the_environment_and_needs_its_extra(
    tmp_path: Path,
) -> None:
    s3 = {"DEBUG": "1", "MEDIA_STORAGE": "s3", "S3_BUCKET": "tongxin-media"}
    refused = manage("check", env={**s3, "PYTHONPATH": ""})
    assert refused.returncode != 0 and "the s3 extra" in refused.stderr
    assert "MEDIA_STORAGE" in manage("check", env={"DEBUG": "1", "MEDIA_STORAGE": "nfs"}).stderr
    # django-storages stands in as an empty package: the settings only name its backend.
    (tmp_path / "storages").mkdir()
    (tmp_path / "storages" / "__init__.py").write_text("")
    env = {**s3, "PYTHONPATH": str(tmp_path), "S3_ENDPOINT_URL": "https://minio.office.internal"}
    assert "S3_BUCKET" in manage("check", env={**env, "S3_BUCKET": ""}).stderr
    shown = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))",
        env=env,
    )
    assert shown.returncode == 0, shown.stderr
    default = json.loads(shown.stdout.strip().splitlines()[-1])
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "tongxin-media",
        "endpoint_url": "https://minio.office.internal",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
    }
