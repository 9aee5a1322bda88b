"""The system administrator asks for a data role for himself in /admin/; a leader approves it in
the application; the auditor sees both in the audit log."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from core import roles
from demo import accounts as demo
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_role_the_administrator_gives_himself_waits_for_a_leader(
    page: Any, browser: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    admin = User.objects.get(username="admin")

    sign_in_as(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/auth/user/{admin.pk}/change/")
    page.select_option("#id_groups_from", label=roles.LEADER)
    page.click("#id_groups_add")
    page.click("input[name=_save]")
    warning = page.locator(".messagelist .warning")
    assert "尚未授予" in warning.inner_text() and roles.LEADER in warning.inner_text()
    assert not admin.groups.filter(name=roles.LEADER).exists()

    leader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_as(leader, live_server, "leader")
    leader.click("text=授权审批")
    row = leader.locator("#pending-requests tbody tr")
    assert "周系统" in row.inner_text() and roles.LEADER in row.inner_text()
    row.locator(".approve-request").click()
    assert "已批准" in leader.locator(".alert-success").inner_text()
    assert leader.locator("#empty-state").is_visible()
    assert admin.groups.filter(name=roles.LEADER).exists()

    auditor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_as(auditor, live_server, "auditor")
    auditor.goto(f"{live_server.url}/audit/?target=account:admin")
    log = auditor.locator("table").inner_text()
    assert "申请授权" in log and "批准授权" in log and "角色变更" in log
    assert "admin" in log and "leader" in log
    leader.context.close()
    auditor.context.close()
