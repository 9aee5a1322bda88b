"""A household moves between communities: 庙川's staff propose it, 北环路's staff accept it,
and the members appear on 北环路's register with their open assistance case."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from casework.assistance import workflow as assistance_workflow
from casework.models import AssistanceCase, CaseState
from demo import accounts as demo
from demo.casework import advance_to
from ledgers.models import Community, Household, Resident, Transfer
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_household_moves_to_another_community(browser: Any, live_server: Any) -> None:
    demo.seed(people=False)
    miaochuan = Community.objects.get(name="庙川社区")
    household = Household.objects.create(community=miaochuan, number="MC-0009", address="庙川路9号")
    members = [
        Resident.objects.create(
            community=miaochuan,
            household=household,
            relation_to_head=relation,
            name=name,
            gender=gender,
            birth_date=date(1970, 3, 5),
            ethnicity="03",
        )
        for name, relation, gender in (("马福海", "02", "1"), ("杨桂兰", "10", "2"))
    ]
    staff_mc = User.objects.get(username="staff_mc")
    case = AssistanceCase(
        household=household,
        applicant=members[0],
        kind="temporary",
        reason="户主住院",
        reason_category="illness",
    )
    assistance_workflow.create(case, staff_mc)
    advance_to(case, CaseState.INVESTIGATING, staff_mc)

    sender = browser.new_context(viewport={"width": 390, "height": 844})
    page = sender.new_page()
    sign_in_as(page, live_server, "staff_mc")
    page.goto(f"{live_server.url}/ledgers/households/{household.pk}/")
    page.click("#move-household")
    page.select_option("#id_to_community", label="北环路社区")
    page.fill("#id_reason", "购房迁居")
    page.click("#transfer-propose button[type=submit]")
    page.wait_for_selector("#transfer-state")
    transfer = Transfer.objects.get()
    assert transfer.state == "proposed"
    sender.close()

    receiver = browser.new_context(viewport={"width": 390, "height": 844})
    page = receiver.new_page()
    sign_in_as(page, live_server, "staff_bh")
    page.goto(f"{live_server.url}/ledgers/transfers/{transfer.pk}/")
    assert "马福海" in page.inner_text("#transfer-members")
    page.click("#transfer-accept button[type=submit]")
    page.wait_for_selector("#transfer-state.text-bg-success")

    page.goto(f"{live_server.url}/ledgers/residents/")
    register = page.inner_text("table")
    assert "马福海" in register and "杨桂兰" in register
    page.goto(f"{live_server.url}/casework/assistance/")
    assert "马福海" in page.inner_text("table")
    receiver.close()
    case.refresh_from_db()
    assert case.community.name == "北环路社区"
