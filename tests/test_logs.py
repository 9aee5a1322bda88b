"""Log lines carry the time, level, request id and user; an error page names the request id
that finds its traceback in the log."""

import io
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from core.logs import JsonFormatter, RequestContext


def fails(request: HttpRequest) -> HttpResponse:
    request.user.get_username()  # the view has read who is signed in
    raise RuntimeError("something broke")


urlpatterns = [path("fails/", fails), path("", include("config.urls"))]
handler500 = "core.logs.server_error"


@pytest.fixture
def captured() -> Any:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContext())
    handler.setFormatter(
        logging.Formatter("%(levelname)s [%(request_id)s %(user)s] %(name)s: %(message)s")
    )
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_an_error_page_names_the_request_whose_traceback_is_logged(
    settings: Any,
    captured: io.StringIO,
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
) -> None:
    settings.ROOT_URLCONF = __name__
    client = client_as("staff_mc")
    client.raise_request_exception = False
    response = client.get("/fails/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) == 12 and request_id in response.content.decode()
    logged = captured.getvalue()
    assert f"ERROR [{request_id} staff_mc] django.request" in logged
    assert "RuntimeError: something broke" in logged


def test_outside_a_request_the_fields_are_dashes_and_json_is_one_object_a_line() -> None:
    record = logging.LogRecord("tongxin", logging.WARNING, __file__, 1, "数据 %s", ("导入",), None)
    RequestContext().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "数据 导入" and entry["request_id"] == "-" and entry["user"] == "-"
    assert entry["level"] == "WARNING"
