"""An assistance application on a phone: the applicant is chosen among the household's members,
and a refusal is recorded only once the confirmation is accepted."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from casework.models import AssistanceCase, CaseState
from demo import accounts as demo
from demo.casework import advance_to
from ledgers.models import Community, Household, Resident
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_for_a_household_and_refuse_after_confirming(browser: Any, live_server: Any) -> None:
    demo.seed(people=False)
    community = Community.objects.get(name="庙川社区")
    household = Household.objects.create(community=community, number="MC-0001", address="庙川路1号")
    for name in ("马建国", "杨秀兰"):
        Resident.objects.create(
            community=community,
            household=household,
            name=name,
            gender="1",
            birth_date="1970-03-05",
            ethnicity="03",
        )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_as(page, live_server, "staff_mc")
    page.goto(live_server.url + "/casework/assistance/add/")
    page.select_option("#id_household", label=str(household))
    page.wait_for_selector("#id_applicant option:has-text('杨秀兰')", state="attached")  # htmx
    page.select_option("#id_applicant", label="杨秀兰")
    page.select_option("#id_kind", "dibao")
    page.select_option("#id_reason_category", "low_income")
    page.fill("#id_reason", "家庭人均收入低于低保标准")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("#case-state:has-text('草稿')")

    case = AssistanceCase.objects.get()
    assert case.applicant.name == "杨秀兰"
    advance_to(case, CaseState.CIVIL_APPROVAL, User.objects.get(username="staff_mc"))
    page.reload()
    page.click("#step-refuse summary")
    page.fill("#id_refuse-reason", "家庭收入超过标准")
    # Whether the form went off once the question was answered: the page's own listener (on
    # the document) has decided by the time the event reaches the window.
    page.evaluate("addEventListener('submit', (e) => { window.submitted = !e.defaultPrevented })")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#step-refuse button[type=submit]")
    page.wait_for_function("window.submitted !== undefined")
    assert page.evaluate("window.submitted") is False
    case.refresh_from_db()
    assert case.state == CaseState.CIVIL_APPROVAL  # not confirmed: nothing recorded
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#step-refuse button[type=submit]")
    page.wait_for_selector("#case-state:has-text('不予批准')")
    context.close()
