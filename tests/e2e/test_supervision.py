"""The leader issues a 督办 from the dashboard; staff_mc finds it in the inbox."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from casework.hazards import workflow
from casework.models import Hazard
from core.notices import runner
from demo import accounts as demo
from ledgers.models import Community
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overdue_hazard() -> Hazard:
    staff = User.objects.get(username="staff_mc")
    reviewer = User.objects.get(username="staff_mc")
    hazard = Hazard(
        community=Community.objects.get(name="庙川社区"),
        location="大殿电路",
        description="电线老化，接头裸露",
        category="electric",
        responsible_unit="清真寺管委会",
        responsible_person="马福",
        responsible_phone="13900001111",
        measures="更换电线",
        funding=Decimal("3000"),
        deadline=timezone.localdate() + timedelta(days=10),
        reviewer=reviewer,
    )
    workflow.register(hazard, staff)
    workflow.assign(hazard, staff)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - timedelta(days=15))
    return Hazard.objects.get(pk=hazard.pk)


def test_the_leader_issues_a_supervision_order_and_staff_find_it(
    browser: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    hazard = overdue_hazard()
    leader = browser.new_context(viewport={"width": 1280, "height": 900})
    page = leader.new_page()
    sign_in_as(page, live_server, "leader")
    page.click(f"#needs-overdue a:has-text('{hazard.number}')")  # the dashboard's overdue list
    page.click("#supervise-link")
    page.fill("#id_reason", "逾期半月未整改，存在触电风险")
    due = timezone.localdate() + timedelta(days=7)
    page.fill("#id_due_by", due.isoformat())
    page.click("#issue-supervision")
    page.wait_for_selector("#notice-number")
    number = f"DB-MC-{timezone.localdate().year}-0001"
    assert number in page.inner_text("#notice-number")
    leader.close()

    runner.run()  # the hourly timer's run (manage.py send_reminders)

    staff = browser.new_context(viewport={"width": 390, "height": 844})  # on a phone
    page = staff.new_page()
    sign_in_as(page, live_server, "staff_mc")
    assert page.inner_text("#notice-count").strip().startswith(("1", "2"))
    page.click("#notice-bell")  # beside the menu button: seen without opening the menu
    page.click(f"#notices a:has-text('{number}')")
    page.wait_for_selector("#timeline")
    assert page.url.endswith(hazard.get_absolute_url())
    assert number in page.inner_text("#timeline")
    staff.close()
