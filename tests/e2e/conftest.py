"""Playwright driving the system Chromium (never a downloaded browser)."""

import os
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is needed for the browser tests in CI (apt-get install chromium)")
        pytest.skip("no Chromium found (/usr/bin/chromium or CHROMIUM_PATH): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=FLAGS)
        _watch_traffic(browser)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# What the browser asked for and got during the current test, for the report of a failure.
_traffic: list[str] = []
_started = [time.monotonic()]


def _watch_traffic(browser: Any) -> None:
    """Every context the browser opens logs its requests, responses and failed requests."""
    opened = browser.new_context

    def log(line: str) -> None:
        _traffic.append(f"{time.monotonic() - _started[0]:7.2f} s  {line}")

    def new_context(**options: Any) -> Any:
        context = opened(**options)
        context.on("request", lambda r: log(f"→ {r.method} {r.url}"))
        context.on("response", lambda r: log(f"← {r.status} {r.request.method} {r.url}"))
        context.on("requestfailed", lambda r: log(f"✗ {r.method} {r.url}: {r.failure}"))
        return context

    browser.new_context = new_context


@pytest.fixture(autouse=True)
def _traffic_of_this_test() -> None:
    _traffic.clear()
    _started[0] = time.monotonic()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A browser test that fails (most often by waiting for a page that did not come) reports
    what the browser asked for and showed, and what the live server's threads and the
    database's sessions were doing at that moment."""
    try:
        return (yield)
    except Exception:
        item.add_report_section("call", "browser traffic", "\n".join(_traffic[-60:]))
        browser = getattr(item, "funcargs", {}).get("browser")  # a test function's fixtures
        item.add_report_section("call", "pages open", _pages(browser))
        item.add_report_section("call", "server threads", _threads())
        item.add_report_section("call", "database sessions", _sessions())
        raise


def _pages(browser: Any) -> str:
    out = []
    for context in browser.contexts if browser else []:
        for page in context.pages:
            try:
                text = page.locator("body").inner_text(timeout=2_000)[:400]
            except Exception as error:
                text = f"not read: {error}"
            out.append(f"--- {page.url}\n{text}")
    return "\n".join(out) or "none"


def _threads() -> str:
    """The stacks of the threads at work; those waiting (the live server's kept-alive
    connections and accept loop, Playwright's and xdist's threads) are only counted."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    busy, idle = [], 0
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():
            continue
        stack = traceback.extract_stack(frame)
        if stack[-1].name in {"readinto", "select", "poll", "read", "_worker", "_do_waitpid"}:
            idle += 1
            continue
        lines = "".join(traceback.format_list(stack[-10:]))
        busy.append(f"--- {names.get(ident, ident)}\n{lines}")
    return "\n".join([*busy, f"{idle} threads waiting"])


def _sessions() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return connection.vendor
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, state, wait_event_type, wait_event, now() - xact_start,"
                " now() - query_start, left(query, 160) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return "\n".join(" | ".join(map(str, row)) for row in cursor.fetchall()) or "none"
    except Exception as error:  # the test's own connection may be what broke
        return f"not read: {error}"
