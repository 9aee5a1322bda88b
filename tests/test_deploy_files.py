"""The deploy/ folder as shipped: the nginx site, the systemd units and timers, gunicorn's
settings and the environment template say what the application needs."""

import configparser
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX = (DEPLOY / "nginx" / "tongxin.conf").read_text()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_nginx_tells_the_real_client_and_scheme_and_serves_no_uploads() -> None:
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX
    assert "$proxy_add_x_forwarded_for" not in NGINX  # what a client sent is not passed on
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert not re.search(r"location\s+[^{]*/media", NGINX)  # photos only through the app


def test_nginx_takes_what_the_app_takes_and_says_why_in_chinese_when_not() -> None:
    limit = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1))  # type: ignore[union-attr]
    assert limit >= settings.IMPORT_MAX_MB and limit >= settings.ATTACHMENT_MAX_MB
    assert "error_page 413 /413.html;" in NGINX
    page = (DEPLOY / "nginx" / "413.html").read_text()
    assert 'lang="zh-CN"' in page and "文件太大" in page and f"{settings.IMPORT_MAX_MB} MB" in page


@pytest.mark.parametrize("name", ["tongxin-web.service", "tongxin-worker.service"])
def test_the_services_run_as_their_user_after_the_database_and_stop_gently(name: str) -> None:
    service = unit(name)
    assert service["Service"]["User"] == "tongxin"
    assert "postgresql.service" in service["Unit"]["After"]
    assert int(service["Service"]["TimeoutStopSec"]) >= 30
    assert service["Service"]["EnvironmentFile"] == "/etc/tongxin.env"
    assert service["Install"]["WantedBy"] == "multi-user.target"


def test_every_periodic_command_exists_and_has_its_timer() -> None:
    commands = get_commands()
    for name in ["tongxin-daily", "tongxin-weekly", "tongxin-stale-jobs", "tongxin-reminders"]:
        assert unit(f"{name}.timer")["Install"]["WantedBy"] == "timers.target"
        text = (DEPLOY / "systemd" / f"{name}.service").read_text()
        for command in re.findall(r"manage\.py (\w+)", text):
            assert command in commands, (name, command)
    daily = (DEPLOY / "systemd" / "tongxin-daily.service").read_text()
    for command in ["expire_downloads", "clearsessions", "remove_import_files", "backup"]:
        assert f"manage.py {command}" in daily


def test_the_environment_template_names_what_production_needs() -> None:
    template = (DEPLOY / "tongxin.env.example").read_text()
    for name in [
        "SECRET_KEY",
        "AUDIT_HMAC_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_PROXY_SSL_HEADER",
        "USE_X_FORWARDED_FOR",
        "TRUSTED_PROXIES",
    ]:
        assert re.search(rf"^{name}=", template, re.M), name
    # The key the template's command prints survives a shell's `. /etc/tongxin.env` (cron).
    assert "secrets.token_urlsafe(50)" in template
    assert re.fullmatch(r"[A-Za-z0-9_-]{60,}", secrets.token_urlsafe(50))


def test_gunicorn_reads_its_settings() -> None:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    checked = subprocess.run(
        [gunicorn, "--check-config", "--config", str(DEPLOY / "gunicorn.conf.py"), "config.wsgi"],
        capture_output=True,
        text=True,
        cwd=DEPLOY.parent,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr[-2000:]
