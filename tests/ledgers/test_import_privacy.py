"""An import's preview, its errors and its error workbook show a reader no more than the
resident pages do: leaders and the county see masked ID numbers and no religion."""

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import citizen_id
from tests.ledgers.test_imports import batch, upload, workbook

HEADERS = ["姓名", "身份证号码", "民族", "出生日期", "户号", "与户主关系", "宗教信仰"]
GOOD = citizen_id("19850302", "012")
TAKEN = citizen_id("19700305", "011")  # 马建国's, of mc_people: an error quoting nothing else


@pytest.fixture
def uploads(client_as: Callable[[str], Client], mc_people: dict[str, Any]) -> dict[str, Any]:
    """staff_mc's upload: a good row, and a row whose number is already registered."""
    rows = [
        ["马小兰", GOOD, "回", "1985.3.2", "MC-0001", "女儿", "伊斯兰教"],
        ["马建国", TAKEN, "回", "1970.3.5", "MC-0001", "户主", "伊斯兰教"],
        ["马小花", GOOD[:-1], "回", "1985.3.2", "MC-0001", "女儿", "伊斯兰教"],
    ]
    upload(client_as("staff_mc"), "ledgers:resident_import", workbook(rows, HEADERS))
    return {"batch": batch()}


def _page(client: Client, pk: int) -> str:
    response = client.get(reverse("sheets:import_batch", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def _error_workbook(client: Client, pk: int) -> str:
    response = client.get(reverse("sheets:import_errors", args=[pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )


@pytest.mark.parametrize("persona", ["leader", "county"])
def test_other_readers_see_the_batch_masked_as_on_the_resident_pages(
    persona: str, client_as: Callable[[str], Client], uploads: dict[str, Any]
) -> None:
    pk = uploads["batch"].pk
    reader = client_as(persona)
    for seen in (_page(reader, pk), _error_workbook(reader, pk)):
        assert GOOD not in seen and TAKEN not in seen and GOOD[:-1] not in seen
        assert "伊斯兰教" not in seen  # religion: not theirs to read
    assert f"{GOOD[:6]}********{GOOD[-4:]}" in _error_workbook(reader, pk)


def test_the_uploader_sees_the_file_as_they_wrote_it(
    client_as: Callable[[str], Client], uploads: dict[str, Any]
) -> None:
    pk = uploads["batch"].pk
    staff = client_as("staff_mc")
    assert "伊斯兰教" in _page(staff, pk)
    in_file = _error_workbook(staff, pk)
    assert GOOD in in_file and TAKEN in in_file and "伊斯兰教" in in_file


def test_another_community_cannot_open_the_batch(
    client_as: Callable[[str], Client], uploads: dict[str, Any]
) -> None:
    pk = uploads["batch"].pk
    for name in ("sheets:import_batch", "sheets:import_errors"):
        assert client_as("staff_bh").get(reverse(name, args=[pk])).status_code == 404
