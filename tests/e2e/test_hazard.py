"""A hazard from registration to 销号: staff rectify with photos, the leader closes it."""

from typing import Any

import pytest

from demo import accounts as demo
from tests.casework.test_hazard_pages import jpeg_with_gps
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_rectifies_and_the_leader_closes(browser: Any, live_server: Any) -> None:
    demo.seed(people=False)
    staff = browser.new_context(viewport={"width": 390, "height": 844})  # on a phone
    page = staff.new_page()
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/casework/hazards/add/")
    page.fill("#id_location", "大殿电路")
    page.fill("#id_description", "电线老化，接头裸露")
    page.select_option("#id_category", "electric")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}],
    )
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("#missing-five-fixes")  # 交办 waits for the 五定
    assert page.is_disabled("#step-assign")

    page.click("a:has-text('编辑')")
    page.fill("#id_responsible_unit", "清真寺管委会")
    page.fill("#id_responsible_person", "马福")
    page.fill("#id_responsible_phone", "13900001111")
    page.fill("#id_measures", "更换电线，加装漏电保护")
    page.fill("#id_funding", "3000")
    page.fill("#id_deadline_working_days", "10")
    page.select_option("#id_reviewer", label="张国强")
    page.click("button[type=submit]:has-text('保存')")
    page.click("#step-assign")
    page.wait_for_selector("text=整改中")

    page.fill("#id_note", "已断电，更换一半电线")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "整改.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}],
    )
    page.click("#step-progress")
    page.wait_for_selector("#timeline img")
    page.fill("#id_note", "全部更换完毕")
    page.click("#step-submit")
    page.wait_for_selector("text=待复查")
    url = page.url
    staff.close()

    leader = browser.new_context()
    page = leader.new_page()
    sign_in_as(page, live_server, "leader")
    page.goto(url)
    page.fill("#review-note", "现场复查合格")
    page.click("#step-pass")
    page.wait_for_selector("#hazard-state:has-text('已销号')")
    timeline = page.inner_text("#timeline")
    for step in ["登记", "交办", "反馈进展", "提交复查", "复查通过，销号"]:
        assert step in timeline
    leader.close()
