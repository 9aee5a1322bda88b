"""Logs an administrator can read: every line with its time, level, the request it belongs to
and who made it, to stderr for journald (LOG_FORMAT=json for one JSON object a line).

Each request gets an id (`RequestIdMiddleware`), sent back as X-Request-ID (gunicorn's access
log writes it too) and shown on the error page, so that what a person reports ("错误编号
3f2a…") finds its traceback in the journal.
"""

from __future__ import annotations

import contextvars
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.functional import empty

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "request", default=None
)


class RequestIdMiddleware:
    """First of the middleware: the request's id for every log line written while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex[:12]
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        request_token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            _request.reset(request_token)
        response["X-Request-ID"] = request_id
        return response


def _username() -> str:
    """The signed-in user of the request, if the request has read them already: a log line
    never costs a query."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is None or getattr(user, "_wrapped", None) is empty:
        return "-"
    return user.get_username() if user.is_authenticated else "-"


class RequestContext(logging.Filter):
    """Adds `request_id` and `user` to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.user = _username()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, user, message, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "user": getattr(record, "user", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page (handler500), with the id to quote to the system administrator."""
    page = loader.get_template("500.html")
    return HttpResponseServerError(page.render({"request_id": getattr(request, "request_id", "")}))
