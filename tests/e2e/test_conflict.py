"""Two people edit one resident at once: the second sees what the first changed and applies
their own change onto it with one more save; nothing is lost."""

from datetime import date
from typing import Any

import pytest

from demo import accounts as demo
from ledgers.models import Community, Resident
from tests.conftest import citizen_id
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_person_sees_the_conflict_and_applies_their_change(
    browser: Any, live_server: Any
) -> None:
    demo.seed(people=False)
    resident = Resident.objects.create(
        community=Community.objects.get(name="庙川社区"),
        name="马建国",
        id_number=citizen_id("19700305", "011"),
        gender="1",
        birth_date=date(1970, 3, 5),
        ethnicity="03",
        phone="13900001111",
    )
    edit = f"{live_server.url}/ledgers/residents/{resident.pk}/edit/"
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        staff, grid = (context.new_page() for context in contexts)
        for page, persona in ((staff, "staff_mc"), (grid, "grid_mc1")):
            page.set_default_timeout(10_000)
            sign_in_as(page, live_server, persona)
            page.goto(edit)

        staff.fill("#id_phone", "13911112222")
        staff.click("button[type=submit]:has-text('保存')")
        staff.wait_for_selector("text=居民信息已保存")

        grid.fill("#id_notes", "家中老人需定期走访")
        grid.click("button[type=submit]:has-text('保存')")
        grid.wait_for_selector("#conflict")
        theirs = grid.inner_text("#conflict-theirs")
        assert "13911112222" in theirs  # who changed what, since the form was opened
        assert "家中老人需定期走访" in grid.inner_text("#conflict-mine")
        assert grid.input_value("#id_phone") == "13911112222"  # the current record …
        assert grid.input_value("#id_notes") == "家中老人需定期走访"  # … with my change in it
        resident.refresh_from_db()
        assert resident.notes == ""  # nothing of the second person's was saved yet

        grid.click("button[type=submit]:has-text('保存')")
        grid.wait_for_selector("text=居民信息已保存")
        resident.refresh_from_db()
        assert (resident.phone, resident.notes) == ("13911112222", "家中老人需定期走访")
    finally:
        for context in contexts:
            context.close()
