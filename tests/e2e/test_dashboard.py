"""A leader reads the dashboard: changes the year, opens the overdue hazards from their card and
finds exactly those; the charts draw from the local ECharts without breaking the page's CSP."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from casework.models import Hazard
from demo import accounts as demo
from ledgers.models import Community
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hazard(community: Community, number: str, **fields: Any) -> Hazard:
    return Hazard.objects.create(
        community=community,
        number=number,
        location="大殿",
        description="电线老化",
        category="electric",
        **fields,
    )


def test_leader_changes_the_year_and_opens_the_overdue_hazards(
    browser: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    today = timezone.localdate()
    mc = Community.objects.get(name="庙川社区")
    bh = Community.objects.get(name="北环路社区")
    overdue = [
        hazard(mc, "YH-1", state="in_progress", deadline=today - timedelta(days=3)),
        hazard(bh, "YH-2", state="registered", deadline=today - timedelta(days=30)),
    ]
    hazard(mc, "YH-3", state="in_progress", deadline=today + timedelta(days=3))
    hazard(
        mc,
        "YH-4",
        state="closed",
        found_on=date(today.year - 1, 6, 1),
        deadline=date(today.year - 1, 7, 1),
        closed_on=date(today.year - 1, 6, 20),
    )

    context = browser.new_context(viewport={"width": 390, "height": 844})  # on a phone
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in_as(page, live_server, "leader")
    page.wait_for_selector("#figure-hazards_overdue")
    assert f"{today.year}" in page.inner_text("#dashboard-period")
    page.wait_for_selector("#chart-communities canvas")

    page.select_option("#id_year", str(today.year - 1))
    page.click("#dashboard-apply")
    page.wait_for_url(f"**/reports/dashboard/?year={today.year - 1}**")
    assert f"{today.year - 1}" in page.inner_text("#dashboard-period")
    assert page.inner_text("#figure-hazards_closed .figure-value") == "1"
    assert page.inner_text("#figure-hazards_on_time .figure-value") == "1"
    shown = page.inner_text("#figure-hazards_overdue .figure-value")
    assert shown == "2"

    page.click("#figure-hazards_overdue")
    page.wait_for_url("**/casework/hazards/?overdue=yes**")
    assert page.inner_text("#result-count") == shown
    listed = page.locator("table.table-list tbody tr td:first-child").all_inner_texts()
    assert listed == [h.number for h in sorted(overdue, key=lambda h: h.deadline or today)]
    assert not problems, problems
    context.close()
