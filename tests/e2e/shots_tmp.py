from typing import Any

import pytest
from django.core.management import call_command

from reports.models import CountyWorkbook
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = "/tmp/wb/shots"


def test_shots(page: Any, live_server: Any, browser: Any) -> None:
    call_command("seed_demo", verbosity=0)
    sign_in_as(page, live_server, "leader")
    page.goto(live_server.url + "/reports/county-workbook/")
    page.click("#build-workbook")
    page.wait_for_selector("#download-workbook")
    job = CountyWorkbook.objects.get()
    running = CountyWorkbook.objects.create(
        requested_by=job.requested_by,
        period_kind="quarter",
        year=2026,
        number=2,
        progress=46,
        stage="隐患排查整改台账",
        status="running",
    )
    running.communities.set(job.communities.all())
    urls = {
        "form": "/reports/county-workbook/",
        "job": job.get_absolute_url(),
        "running": running.get_absolute_url(),
        "yearly": "/reports/yearly/",
    }
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in urls.items():
            page.goto(live_server.url + url)
            page.wait_for_timeout(300)
            page.screenshot(path=f"{OUT}/{name}-{width}.png", full_page=True)
