"""同心 installed as docs/deployment.md says, and used through nginx over TLS.

The steps of the procedure, in its order: the environment file from deploy/tongxin.env.example
(step 4), `manage.py upgrade` on a fresh PostgreSQL database (step 5), `setup_office` from a
sheet (step 6), gunicorn and the worker as their systemd units start them, nginx with the shipped
site (step 7, a throwaway certificate). Then, as a person would: sign in, import a small file
that the worker writes, and look at what a client can see: the security headers, the audit log's
address for a forged X-Forwarded-For, no /media/, the Chinese page for a too-large upload.

It needs nginx (Debian's package) and runs on PostgreSQL (CI's second pass): `DATABASE_URL`
names the server, and a database of its own is created and dropped.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import citizen_id

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
ADMIN, PASSWORD = "it_admin", "Shipped-test-2026!"
FORGED = "10.66.6.6"
# One site for the module's tests: they run on one worker of a parallel run.
pytestmark = pytest.mark.xdist_group("shipped")


def _needs() -> str:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        return "runs on PostgreSQL (DATABASE_URL), as in CI's second pass"
    if NGINX is None:
        return "nginx is not installed (apt-get install nginx)"
    if shutil.which("openssl") is None:
        return "openssl is not installed"
    return ""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    why = _needs()
    if why:
        if os.environ.get("CI") == "true" and DATABASE_URL.startswith("postgres"):
            pytest.fail(f"The shipped-site test must run in CI: {why}")
        pytest.skip(why)
    with installed(tmp_path_factory.mktemp("shipped")) as running:
        yield running


@dataclass
class Site:
    url: str
    http_url: str
    ca: Path
    env: dict[str, str]
    database: str
    media: Path

    def client(self) -> Any:
        import ssl

        import httpx

        trust = ssl.create_default_context(cafile=str(self.ca))
        return httpx.Client(base_url=self.url, verify=trust, timeout=30)

    def sql(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.database) as connection:
            return connection.execute(query, args).fetchall()  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(folder: Path, database: str, https_port: int) -> dict[str, str]:
    """deploy/tongxin.env.example filled in as step 4 says (keys from its command)."""
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database,
        "ALLOWED_HOSTS": "localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "staticfiles"),
        "BACKUP_DIR": str(folder / "backups"),
    }
    env: dict[str, str] = {}
    for line in (DEPLOY / "tongxin.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _sep, value = line.partition("=")
            env[name] = values.get(name, value)
    # Every large-enough import goes to the worker, as a 2,000-row one would in production.
    env["IMPORT_INLINE_ROWS"] = "1"
    env["GUNICORN_BIND"] = f"127.0.0.1:{free_port()}"
    env["GUNICORN_WORKERS"] = "2"
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        **env,
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def unit_command(name: str) -> list[str]:
    """The ExecStart of a shipped unit, with this checkout in place of /srv/tongxin."""
    text = (DEPLOY / "systemd" / name).read_text()
    line = re.search(r"^ExecStart=(.+)$", text, re.M).group(1)  # type: ignore[union-attr]
    line = line.replace("/srv/tongxin/.venv/bin/python", sys.executable)
    line = line.replace("/srv/tongxin/.venv/bin/", f"{Path(sys.executable).parent}/")
    return line.split()


def nginx_site(folder: Path, env: dict[str, str], http_port: int, https_port: int) -> Path:
    """deploy/nginx/tongxin.conf with its documented replacements (name, certificate paths,
    the app's address) and this test's ports, inside a minimal nginx.conf of its own."""
    site = (DEPLOY / "nginx" / "tongxin.conf").read_text()
    site = re.sub(r"^\s*listen \[::\]:\d+.*\n", "", site, flags=re.M)  # IPv4 only here
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = re.sub(r"listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl", site)
    site = site.replace("tongxin.example.gov.cn", "localhost")
    site = site.replace("/etc/ssl/tongxin/fullchain.pem", str(folder / "cert.pem"))
    site = site.replace("/etc/ssl/tongxin/privkey.pem", str(folder / "key.pem"))
    site = site.replace("/srv/tongxin/deploy/nginx", str(DEPLOY / "nginx"))
    site = site.replace("127.0.0.1:8001", env["GUNICORN_BIND"])
    (folder / "tongxin.conf").write_text(site)
    temp = folder / "nginx-temp"
    temp.mkdir()
    paths = "\n".join(
        f"  {kind}_temp_path {temp / kind};" for kind in ["client_body", "proxy", "fastcgi"]
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "nginx-error.log"};
events {{}}
http {{
  include /etc/nginx/mime.types;
  access_log {folder / "nginx-access.log"};
{paths}
  uwsgi_temp_path {temp / "uwsgi"};
  scgi_temp_path {temp / "scgi"};
  include {folder / "tongxin.conf"};
}}
"""
    )
    return config


def wait_for(port: int, process: subprocess.Popen[Any], log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"{process.args!r} stopped:\n{log.read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"{process.args!r} did not listen on {port}:\n{log.read_text()}")


def office_sheet(folder: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["社区名称", "统计用区划代码", "社区简称", "网格编号", "网格名称"])
    sheet.append(["翠湖社区", "530102001001", "CH", "CH-01", "第一网格"])
    path = folder / "office.xlsx"
    book.save(path)
    return path


class installed:
    """The site, set up and running; stopped and its database dropped on leaving."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen[Any]] = []
        server = DATABASE_URL.rsplit("/", 1)[0]
        self.admin_url = f"{server}/postgres"
        self.name = f"tongxin_shipped_{os.getpid()}"
        self.database = f"{server}/{self.name}"

    def admin_sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def start(self, command: list[str], env: dict[str, str], log: str) -> subprocess.Popen[Any]:
        handle = (self.folder / log).open("w")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=handle)
        self.processes.append(process)
        return process

    def __enter__(self) -> Site:
        folder = self.folder
        self.admin_sql(f"DROP DATABASE IF EXISTS {self.name}")
        self.admin_sql(f"CREATE DATABASE {self.name}")
        http_port, https_port = free_port(), free_port()
        env = environment(folder, self.database, https_port)
        for name in ["media", "backups"]:
            (folder / name).mkdir()
        # Step 5: the deploy checks, the migrations, the static files.
        manage(env, "upgrade")
        # Step 6: the office from its sheet, and its first administrator.
        manage(
            {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
            *["setup_office", "--from", str(office_sheet(folder)), "--admin", ADMIN],
            "--noinput",
        )
        # Step 7: the services as their units start them, and nginx with a certificate.
        web = self.start(unit_command("tongxin-web.service"), env, "web.log")
        self.start(unit_command("tongxin-worker.service"), env, "worker.log")
        certificate = ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")]
        subject = ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        subprocess.run(
            [*openssl, *certificate, *subject],
            check=True,
            capture_output=True,
        )
        config = nginx_site(folder, env, http_port, https_port)
        test = subprocess.run([str(NGINX), "-t", "-c", str(config)], capture_output=True, text=True)
        assert test.returncode == 0, test.stderr  # `nginx -t`, as the site's header says
        nginx = self.start([str(NGINX), "-c", str(config), "-g", "daemon off;"], env, "nginx.log")
        wait_for(int(env["GUNICORN_BIND"].rsplit(":", 1)[1]), web, folder / "web.log")
        wait_for(https_port, nginx, folder / "nginx.log")
        return Site(
            url=f"https://localhost:{https_port}",
            http_url=f"http://localhost:{http_port}",
            ca=folder / "cert.pem",
            env=env,
            database=self.database,
            media=folder / "media",
        )

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.admin_sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def signed_in(site: Site) -> Any:
    client = site.client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post(
        "/accounts/login/",
        data={"username": ADMIN, "password": PASSWORD, **csrf(client)},
        headers={"Referer": f"{site.url}/accounts/login/"},
    )
    assert response.status_code == 302, response.text[:500]
    return client


def csrf(client: Any) -> dict[str, str]:
    return {"csrfmiddlewaretoken": client.cookies["csrftoken"]}


def test_plain_http_is_sent_to_https(site: Site) -> None:
    import httpx

    response = httpx.get(f"{site.http_url}/accounts/login/")
    assert response.status_code == 301
    assert response.headers["location"].startswith("https://localhost")


def test_the_pages_carry_their_security_headers(site: Site) -> None:
    client = site.client()
    response = client.get("/accounts/login/")
    headers = response.headers
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{12}", headers["x-request-id"])
    cookie = response.headers.get_list("set-cookie")
    assert cookie and all("Secure" in c for c in cookie)
    # Pages come compressed through nginx too (core.middleware.PageGZipMiddleware).
    assert response.headers.get("content-encoding") == "gzip"
    # Static files: hashed names, compressed, cached for a year (whitenoise).
    css = re.search(r'href="(/static/css/tongxin\.[0-9a-f]+\.css)"', response.text)
    assert css, "static files are not the collected, hashed ones"
    static = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert static.status_code == 200 and static.headers.get("content-encoding") == "gzip"
    assert "max-age=315360000" in static.headers["cache-control"]


def test_a_forged_forwarded_address_is_not_believed(site: Site) -> None:
    client = site.client()
    client.get("/accounts/login/")
    client.post(
        "/accounts/login/",
        data={"username": "nobody", "password": "wrong", **csrf(client)},
        headers={"X-Forwarded-For": FORGED, "Referer": f"{site.url}/accounts/login/"},
    )
    rows = site.sql(
        "SELECT host(ip) FROM ledgers_auditevent WHERE action = 'login_failed' "
        "AND username = 'nobody' ORDER BY id DESC LIMIT 1"
    )
    assert rows and rows[0][0] in {"127.0.0.1", "::1"}, rows


def test_an_import_is_written_by_the_worker_and_its_file_is_not_served(site: Site) -> None:
    client = signed_in(site)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号码", "民族", "社区"])
    sheet.append(["马建国", citizen_id("19700305", "013"), "回族", "翠湖社区"])
    sheet.append(["李秀英", citizen_id("19720510", "024"), "汉族", "翠湖社区"])
    buffer = io.BytesIO()
    book.save(buffer)
    form = client.get("/ledgers/residents/import/")
    assert form.status_code == 200, form.text[:300]
    uploaded = client.post(
        "/ledgers/residents/import/",
        data=csrf(client),
        files={"file": ("居民.xlsx", buffer.getvalue())},
        headers={"Referer": f"{site.url}/ledgers/residents/import/"},
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    batch = uploaded.headers["location"]

    def page_when(marker: str) -> str:
        for _ in range(200):  # the worker polls every second or so
            text = str(client.get(batch).text)
            if marker in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{marker!r} never appeared on {batch}:\n{text[:2000]}")

    page_when('id="confirm-import"')
    confirm = client.post(
        f"{batch}confirm/", data=csrf(client), headers={"Referer": f"{site.url}{batch}"}
    )
    assert confirm.status_code == 302
    page_when('id="undo-until"')  # written, and can be undone
    names = site.sql("SELECT name FROM ledgers_resident ORDER BY name")
    assert [n for (n,) in names] == ["李秀英", "马建国"]
    # The uploaded sheet lies in MEDIA_ROOT, and nginx serves none of it.
    (stored,) = site.sql("SELECT file FROM ledgers_importbatch ORDER BY id DESC LIMIT 1")[0]
    assert (site.media / stored).exists()
    assert client.get(f"/media/{stored}").status_code == 404
    assert client.get("/media/").status_code == 404


def test_an_upload_over_the_limit_gets_the_chinese_page(site: Site) -> None:
    client = signed_in(site)
    response = client.post(
        "/ledgers/residents/import/",
        data=csrf(client),
        files={"file": ("大.xlsx", b"0" * (26 * 2**20))},
        headers={"Referer": f"{site.url}/ledgers/residents/import/"},
    )
    assert response.status_code == 413
    assert "文件太大" in response.text
