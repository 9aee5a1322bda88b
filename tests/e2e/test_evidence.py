"""A staff member asks for this year's evidence pack, follows it, and downloads the zip."""

import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from campaigns.models import Activity, EvidencePack
from demo import accounts as demo
from ledgers.models import Community
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set EVIDENCE_SCREENSHOTS to a folder to keep pictures of the pages at phone and desk widths.
SHOTS = os.environ.get("EVIDENCE_SCREENSHOTS", "")


def shoot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_staff_builds_and_downloads_this_year_s_pack(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    miaochuan = Community.objects.get(name="庙川社区")
    Activity.objects.create(
        community=miaochuan,
        kind="unity_month",
        title="民族团结宣传月启动仪式",
        held_on=date(timezone.localdate().year, 1, 1),
        place_text="庙川社区广场",
        participants=120,
        minority_participants=80,
    )
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/campaigns/evidence-packs/")
    page.click("#empty-state a.btn-primary")
    page.click("#evidence-presets a >> nth=0")  # this year
    assert page.input_value("#id_period_start") == f"{timezone.localdate().year}-01-01"
    shoot(page, "evidence-form")

    page.click("#evidence-form button[type=submit]")
    page.wait_for_selector("#evidence-download")
    assert "1" in page.inner_text("#evidence-counts")
    shoot(page, "evidence-done")

    with page.expect_download() as download:
        page.click("#evidence-download")
    assert download.value.suggested_filename.startswith("迎检材料_庙川社区_")
    with zipfile.ZipFile(download.value.path()) as archive:
        assert "汇总.xlsx" in archive.namelist()
    page.goto(live_server.url + "/campaigns/evidence-packs/")
    assert "庙川社区" in page.inner_text("table")
    shoot(page, "evidence-list")


def test_the_progress_page_shows_a_pack_being_built(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    pack = EvidencePack.objects.create(
        requested_by=User.objects.get(username="staff_mc"),
        community=Community.objects.get(name="庙川社区"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        indicators=["activities", "visits", "publicity", "anti_fraud"],
        status="building",
        heartbeat_at=timezone.now(),  # its worker is at it
        progress=132,
        total=400,
    )
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + pack.get_absolute_url())
    assert "33%" in page.inner_text("#evidence-status")
    shoot(page, "evidence-building")
    EvidencePack.objects.filter(pk=pack.pk).update(status="failed", message="生成失败：测试")
    page.wait_for_selector("#evidence-failed", timeout=6_000)  # the page polled and stopped
