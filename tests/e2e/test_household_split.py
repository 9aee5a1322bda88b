"""A community worker splits a married son's family off into a household of its own, from a
phone, and both households' pages tell who lived where when."""

import re
from datetime import date
from typing import Any

import pytest

from demo import accounts as demo
from ledgers.models import Community, Household, HouseholdChange, Resident
from tests.conftest import citizen_id
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_splits_a_household_and_the_pages_show_members_over_time(
    browser: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    miaochuan = Community.objects.get(name="庙川社区")
    household = Household.objects.create(community=miaochuan, number="MC-0101", address="庙川路1号")
    people = {}
    for name, relation, sequence in [("马建国", "02", "011"), ("马小军", "20", "031")]:
        people[name] = Resident.objects.create(
            community=miaochuan,
            household=household,
            relation_to_head=relation,
            name=name,
            id_number=citizen_id("19900101" if sequence == "031" else "19700305", sequence),
            gender="1",
            birth_date=date(1990, 1, 1) if sequence == "031" else date(1970, 3, 5),
            ethnicity="03",
        )
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.set_default_timeout(10_000)
    sign_in_as(page, live_server, "staff_mc")

    page.goto(live_server.url + household.get_absolute_url())
    page.click("#split-household")
    page.wait_for_selector("#split-form")
    page.check(f"input[name=members][value='{people['马小军'].pk}']")
    page.select_option("#id_head", str(people["马小军"].pk))
    page.fill("#id_room", "302")
    page.fill("#id_reason", "结婚分户")
    page.click("#split-form button[type=submit]")
    page.wait_for_selector("#summary")
    assert "马小军" in page.inner_text("#summary")
    assert not HouseholdChange.objects.exists()
    page.click("#confirm-change")

    change = HouseholdChange.objects.get()
    page.wait_for_url(re.compile(rf"/households/{change.target.pk}/$"))
    assert change.target.number in page.inner_text(".alert-success")
    assert "马小军" in page.inner_text("#members")
    assert "MC-0101" in page.inner_text("#household-changes")

    page.click("#household-changes a")
    page.wait_for_url(re.compile(rf"/households/{household.pk}/$"))
    assert "马小军" not in page.inner_text("#members")
    assert "马小军" in page.inner_text("#members-over-time")
    phone.close()
