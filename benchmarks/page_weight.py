"""What a browser downloads for the leaders' dashboard, served as in production (DEBUG off,
collectstatic's hashed and compressed files served by whitenoise under gunicorn), against the
demo office: every request of a first visit (cache disabled) by kind, the bytes transferred
(compressed, headers included) and the bytes once decoded, read from Chromium's own network
events. A list page is measured alongside: it must not load the chart library.

Run `.venv/bin/python benchmarks/page_weight.py` (seeds the demo into a throw-away SQLite file:
about two minutes); `--keep DIR` reuses a database and static folder seeded before."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "tongxin-demo-2026"
# Chromium's resource types, as the report groups them.
KINDS = {"Document": "HTML", "Script": "JS", "Stylesheet": "CSS", "Font": "fonts"}
GOAL_TRANSFERRED = 450 * 1024  # bytes a first visit to the dashboard may transfer
PAGES = [
    ("dashboard (leader)", "leader", "/reports/dashboard/"),
    ("resident list (staff_mc)", "staff_mc", "/ledgers/residents/"),
]


@dataclass
class Weight:
    """The requests of one page load, by kind: count, bytes transferred, bytes decoded."""

    requests: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    transferred: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    decoded: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    files: list[tuple[str, int, int, str]] = field(default_factory=list)  # url, sent, size, enc


def production_env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(folder: Path, env: dict[str, str]) -> None:
    """The demo office in a SQLite file, and the static files as collectstatic leaves them."""
    started = time.perf_counter()
    shutil.rmtree(folder / "static", ignore_errors=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    if not (folder / "db.sqlite3").exists():
        manage(env, "migrate", "-v0")
        manage(env, "seed_demo", "--allow-production")
    print(f"demo office and static files ready ({time.perf_counter() - started:.0f} s)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def weigh(browser: Any, base: str, persona: str, path: str, width: int) -> Weight:
    """One first visit of `path` as `persona` (signed in first), the cache disabled."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", persona)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    seen: dict[str, dict[str, Any]] = {}
    weight = Weight()

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        seen[event["requestId"]] = {
            "kind": KINDS.get(event["type"], "other"),
            "url": response["url"],
            "encoding": {k.lower(): v for k, v in response["headers"].items()}.get(
                "content-encoding", ""
            ),
            "decoded": 0,
        }

    def data(event: dict[str, Any]) -> None:
        if event["requestId"] in seen:
            seen[event["requestId"]]["decoded"] += event["dataLength"]

    def finished(event: dict[str, Any]) -> None:
        one = seen.get(event["requestId"])
        if one is None:
            return
        sent = int(event["encodedDataLength"])
        weight.requests[one["kind"]] += 1
        weight.transferred[one["kind"]] += sent
        weight.decoded[one["kind"]] += one["decoded"]
        weight.files.append((one["url"].removeprefix(base), sent, one["decoded"], one["encoding"]))

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    context.close()
    return weight


def kib(n: int) -> str:
    return f"{n / 1024:,.1f}"


def report(label: str, weight: Weight) -> None:
    print(f"\n{label}")
    print(f"{'kind':<8}{'requests':>9}{'transferred KiB':>17}{'decoded KiB':>13}")
    for kind in [*KINDS.values(), "other"]:
        if weight.requests.get(kind):
            print(
                f"{kind:<8}{weight.requests[kind]:>9}{kib(weight.transferred[kind]):>17}"
                f"{kib(weight.decoded[kind]):>13}"
            )
    sent, size = sum(weight.transferred.values()), sum(weight.decoded.values())
    print(f"{'total':<8}{sum(weight.requests.values()):>9}{kib(sent):>17}{kib(size):>13}")
    for url, one_sent, one_size, encoding in sorted(weight.files, key=lambda f: -f[2])[:8]:
        print(f"    {kib(one_size):>8} → {kib(one_sent):>7} KiB {encoding or '—':<5} {url[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="a folder kept between runs")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="tongxin_weight_"))
    folder.mkdir(parents=True, exist_ok=True)
    env = production_env(folder)
    prepare(folder, env)
    port = free_port()
    server = serve(env, port)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu"],
            )
            results = {
                (label, width): weigh(browser, f"http://127.0.0.1:{port}", persona, path, width)
                for label, persona, path in PAGES
                for width in (1280, 375)
            }
            browser.close()
    finally:
        server.terminate()
        server.wait()
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    for (label, width), weight in results.items():
        report(f"{label} at {width} px, first visit", weight)
    dashboard = results[(PAGES[0][0], 1280)]
    sent = sum(dashboard.transferred.values())
    charts_on_list = any("echarts" in url for url, *_ in results[(PAGES[1][0], 1280)].files)
    met = sent <= GOAL_TRANSFERRED and not charts_on_list
    print(
        f"\ngoal: the dashboard's first visit transfers ≤ {kib(GOAL_TRANSFERRED)} KiB "
        f"(now {kib(sent)}), a list page loads no chart library "
        f"({'none' if not charts_on_list else 'LOADED'}): {'met' if met else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
