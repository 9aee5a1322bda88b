"""A staff member imports a spreadsheet with a mistake, fixes it from the error file, imports."""

import io
from typing import Any

import openpyxl
import pytest

from demo import accounts as demo
from tests.conftest import citizen_id
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_bytes(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["庙川社区居民台账"])
    sheet.append(["姓名", "身份证号码", "民族", "联系电话"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_staff_imports_fixes_and_finds_the_residents(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/ledgers/residents/")
    page.click("#import-link")

    with page.expect_download() as template:
        page.click("#download-template")
    assert template.value.suggested_filename.endswith("模板.xlsx")

    good = [citizen_id("19800102", "013"), citizen_id("19810203", "024")]
    typo = good[1][:10] + ("5" if good[1][10] != "5" else "6") + good[1][11:]
    rows = [["马晓峰", good[0], "回族", "13900000001"], ["杨桂兰", typo, "回族", "13900000002"]]
    page.set_input_files(
        "#id_file", files=[{"name": "居民.xlsx", "mimeType": XLSX, "buffer": sheet_bytes(rows)}]
    )
    page.click("#upload-button")
    page.wait_for_selector("#import-errors")
    error_row = page.inner_text("#import-errors tbody tr")
    assert "第 4 行" in error_row and "公民身份号码" in error_row

    with page.expect_download() as marked:
        page.click("#download-errors")
    with open(marked.value.path(), "rb") as handle:
        marked_book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    headers = [c.value for c in marked_book.active[2]]
    assert headers[-1] == "错误说明"

    rows[1][1] = good[1]
    page.goto(live_server.url + "/ledgers/residents/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "居民.xlsx", "mimeType": XLSX, "buffer": sheet_bytes(rows)}]
    )
    page.click("#upload-button")
    page.wait_for_selector("#confirm-import")
    assert "马晓峰" in page.inner_text("#import-preview")
    page.click("#confirm-import")
    page.wait_for_selector("text=导入完成")

    page.goto(live_server.url + "/ledgers/residents/?q=杨桂")
    assert "杨桂兰" in page.inner_text("main")
