"""A visit on a phone: the household found by typing (htmx), the visit saved, and what it found
turned into a hazard whose 五定 are then completed."""

from typing import Any

import pytest

from campaigns.models import Visit
from casework.models import Hazard
from demo import accounts as demo
from ledgers.models import Community, Household, Resident
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_visit_and_register_what_it_found(browser: Any, live_server: Any) -> None:
    demo.seed(people=False)
    community = Community.objects.get(name="庙川社区")
    household = Household.objects.create(
        community=community, number="MC-0001", address="清真寺巷1号"
    )
    Resident.objects.create(
        community=community, household=household, relation_to_head="02", name="马建国",
        gender="1", birth_date="1970-03-05", ethnicity="03",
    )  # fmt: skip
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/campaigns/visits/add/")
    page.type("#id_household_q", "马建", delay=30)
    page.click("#household-matches a:has-text('MC-0001')")  # appears without a page load
    page.wait_for_selector("#chosen-household:has-text('MC-0001')")
    page.select_option("#id_purpose", "safety")
    page.fill("#id_findings", "厨房燃气软管老化")
    page.click("#save-visit")
    page.wait_for_selector("#visit-findings:has-text('燃气软管')")
    assert "马秀英" in page.inner_text("#visit-visitors")  # the user, ticked by default

    page.click("#open-hazard-button")
    page.locator("#open-hazard.show").wait_for()  # opened, as in test_list_filters_phone
    page.select_option("#id_hazard-category", "gas")
    page.click("#open-hazard button[type=submit]")
    page.wait_for_selector("#id_responsible_person")  # the hazard's form, for its 五定
    hazard = Hazard.objects.get()
    assert Visit.objects.get().hazard == hazard
    assert hazard.description == "厨房燃气软管老化"
    context.close()
