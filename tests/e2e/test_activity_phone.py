"""A grid worker logs an activity from a phone, with a photo and named attendees, and the
community's target moves."""

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from campaigns.models import Target
from demo import accounts as demo
from ledgers.models import Community, Household, Resident
from tests.conftest import citizen_id
from tests.e2e.images import wait_until_loaded
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#a61b29").save(buffer, "JPEG")
    return buffer.getvalue()


def test_grid_worker_logs_an_activity_from_a_phone_and_the_target_moves(
    browser: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    miaochuan = Community.objects.get(name="庙川社区")
    household = Household.objects.create(community=miaochuan, number="MC-0101", address="庙川路1号")
    for name, birth, sequence in [("马建国", "19700305", "011"), ("马秀兰", "19720811", "022")]:
        Resident.objects.create(
            community=miaochuan,
            household=household,
            relation_to_head="02" if sequence == "011" else "10",
            name=name,
            id_number=citizen_id(birth, sequence),
            gender="1" if sequence == "011" else "2",
            birth_date=date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
            ethnicity="03",
        )
    target = Target.objects.create(
        community=miaochuan,
        year=timezone.localdate().year,
        indicator="activities",
        activity_kind="forum",
        threshold=Decimal(10),
    )
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.set_default_timeout(10_000)
    sign_in_as(page, live_server, "grid_mc1")

    # The targets page: 庙川's forums so far.
    page.goto(live_server.url + "/campaigns/targets/")
    row = page.locator(f"#target-{target.pk}")
    before = int(row.locator(".target-actual").get_attribute("data-actual") or "")

    # From the records behind the target to the form.
    row.locator(".records-link").click()
    page.wait_for_url(re.compile(r"/campaigns/activities/\?"))
    page.click("a.btn-primary:has-text('新增')")
    page.wait_for_selector("#activity-form")
    assert page.input_value("#id_community") == str(miaochuan.pk)
    page.select_option("#id_kind", "forum")
    page.fill("#id_title", "民族团结进步座谈会")
    page.fill("#id_place_text", "庙川社区活动室")

    # Two named attendees, found by the search.
    for name in ("马建国", "马秀兰"):
        page.fill("#attendee-search", name[:2] if name == "马建国" else name)
        page.click(f"#attendee-matches button:has-text('{name}')")
        page.wait_for_selector(f"#chosen-attendees li:has-text('{name}')")
    assert page.locator("#chosen-attendees li").count() == 2
    assert page.input_value("#id_participants") == "2"
    assert page.is_visible("#derived-note")

    page.set_input_files(
        "#id_photos", files=[{"name": "座谈.jpg", "mimeType": "image/jpeg", "buffer": small_jpeg()}]
    )
    page.click("#save-activity")

    # The detail: the photo and the counts derived from the attendees.
    page.wait_for_selector("text=活动已登记")
    assert page.locator("#photos img").count() == 1
    assert wait_until_loaded(page.locator("#photos img")) > 0
    assert page.inner_text("#participants") == "2"
    assert page.inner_text("#minority-participants") == "2"
    assert page.locator("#attendees li").count() == 2
    assert "MC-0101" in page.inner_text("#attendees")

    # The targets page shows the progress moved by one.
    page.goto(live_server.url + "/campaigns/targets/")
    after = page.locator(f"#target-{target.pk} .target-actual").get_attribute("data-actual")
    assert int(after or "") == before + 1
    phone.close()
