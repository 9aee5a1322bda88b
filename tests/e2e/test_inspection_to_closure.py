"""排查 to 销号: staff record an inspection on a phone, turn its failed item into a hazard and
rectify it; the leader passes the review and the hazard shows its whole timeline."""

from typing import Any

import pytest

from demo import accounts as demo
from ledgers.models import Community, Place
from tests.casework.test_hazard_pages import jpeg_with_gps
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspections_failed_item_is_rectified_and_closed(browser: Any, live_server: Any) -> None:
    demo.seed(people=False)
    Place.objects.create(
        community=Community.objects.get(name="庙川社区"),
        name="庙川清真寺",
        kind="religious",
        religion="3",
        address="庙川路9号",
    )
    staff = browser.new_context(viewport={"width": 390, "height": 844})  # on a phone
    page = staff.new_page()
    sign_in_as(page, live_server, "staff_mc")

    # 排查: the whole checklist, one item failed, with a photo.
    page.goto(live_server.url + "/casework/inspections/add/")
    page.select_option("#id_place", label="庙川清真寺")
    page.fill("#id_inspectors", "马秀英、马强")
    wiring = page.locator("#checklist li[data-item=wiring]")
    wiring.locator("label:has-text('不合格')").click()
    wiring.locator("input[type=text]").fill("大殿电线老化，接头裸露")
    page.click("#mark-rest-passed")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "排查.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}],
    )
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("text=排查已保存")
    assert page.locator("#checklist .list-group-item-danger").count() == 1
    assert page.locator("#photos img").count() == 1

    # 转为隐患, then the 五定 on the new hazard's edit page.
    page.click("#item-wiring button:has-text('转为隐患')")
    page.wait_for_selector("text=请填写“五定”后再交办")
    assert page.input_value("#id_description") == "大殿电线老化，接头裸露"
    assert page.input_value("#id_location") == "电气线路"
    page.fill("#id_responsible_unit", "清真寺管委会")
    page.fill("#id_responsible_person", "马福")
    page.fill("#id_responsible_phone", "13900001111")
    page.fill("#id_measures", "更换电线，加装漏电保护")
    page.fill("#id_funding", "3000")
    page.fill("#id_deadline_working_days", "10")
    page.select_option("#id_reviewer", label="张国强")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("#from-inspection")

    # 交办, 反馈进展 with a photo, 提交复查.
    page.click("#step-assign")
    page.wait_for_selector("#hazard-state:has-text('整改中')")
    page.fill("#id_note", "已断电，更换一半电线")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "整改.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}],
    )
    page.click("#step-progress")
    page.wait_for_selector("#timeline img")
    page.fill("#id_note", "全部更换完毕")
    page.click("#step-submit")
    page.wait_for_selector("#hazard-state:has-text('待复查')")
    url = page.url
    staff.close()

    # 复查通过 → 销号, by the leader.
    leader = browser.new_context()
    page = leader.new_page()
    sign_in_as(page, live_server, "leader")
    page.goto(url)
    page.fill("#review-note", "现场复查合格")
    page.click("#step-pass")
    page.wait_for_selector("#hazard-state:has-text('已销号')")
    assert "来自排查" in page.inner_text("#from-inspection")
    timeline = page.inner_text("#timeline")
    for step in ["登记", "交办", "反馈进展", "提交复查", "复查通过，销号"]:
        assert step in timeline
    page.click("#from-inspection a")  # back to the inspection: the item links its hazard
    page.wait_for_selector("#item-wiring a:has-text('已销号')")
    leader.close()
