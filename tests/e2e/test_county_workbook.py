"""A county user asks for this year's county workbook of every community and downloads it."""

import io
import re
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from demo import accounts as demo
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_downloads_the_county_workbook(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    sign_in_as(page, live_server, "county")
    page.click("text=统计报表")
    page.click("text=县级报表")
    page.wait_for_selector("#workbook-form")
    assert page.input_value("#id_year") == str(timezone.localdate().year)
    assert page.input_value("#id_period") == "year-1"
    boxes = page.locator("#workbook-communities input[type=checkbox]")
    assert boxes.count() >= 2
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))

    page.click("#build-workbook")
    page.wait_for_url(re.compile(r"/reports/county-workbook/\d+/$"))
    page.wait_for_selector("#download-workbook")  # the tests' task backend runs it at once
    with page.expect_download() as download:
        page.click("#download-workbook")
    assert download.value.suggested_filename.endswith("全部社区.xlsx")
    with open(download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    assert book.sheetnames[:2] == ["汇总", "少数民族人口"]
    assert book.sheetnames[-1] == "参保台账" and len(book.sheetnames) == 13
    title = next(cell.value for cell in book["汇总"][1] if cell.value)  # over the first page
    assert title.endswith(f"（{timezone.localdate().year}年）")

    page.goto(live_server.url + "/reports/county-workbook/")
    assert "已生成" in page.inner_text("#recent-workbooks")
