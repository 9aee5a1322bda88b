"""No edit is ever lost: two people open one record's form; the second save is a conflict that
shows what changed, saves nothing, and applies the second person's changes in one more save."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.versions import VERSION_FIELD, ConflictError, token
from ledgers.models import Household, Resident
from sheets import bulk
from tests.helpers import form_values, main_form
from tests.test_permissions import MATRIX

# A year of the holiday calendar is entered whole, not edited field by field: an entry made
# meanwhile is refused with its own message (tests/test_holiday_calendar.py).
EDIT_URLS = sorted(
    name for name in MATRIX if name.endswith("_edit") and name != "calendar:year_edit"
)
# Controls a test may not type free text into: keys, codes and numbers with their own rules.
NOT_FREE_TEXT = {"id_number", "household_number", "number", "code", "credit_code", "year"}


def _free_text_fields(page: bytes) -> list[str]:
    """The form's free-text controls (textareas first), as a person would pick one to type in."""
    form = main_form(page)
    areas = [e.name for e in form.inputs if e.tag == "textarea"]
    texts = [
        e.name
        for e in form.inputs
        if e.tag == "input"
        and (e.get("type") or "text") == "text"
        and not e.get("readonly")
        and e.name not in NOT_FREE_TEXT
        and not e.name.endswith(("phone", "_q"))
    ]
    return [name for name in [*areas, *texts] if name and "-" not in name]  # not a formset's


def _model_of(response: Any) -> Any:
    return response.context["object"]


@pytest.mark.parametrize("name", EDIT_URLS)
def test_a_second_save_of_an_old_form_is_a_conflict_and_loses_nothing(
    name: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    args_factory, expected = MATRIX[name]
    editor = "staff_mc" if expected.get("staff_mc") == 200 else "leader"
    url = reverse(name, args=args_factory(mc_people) if args_factory else None)
    first, second = client_as(editor), client_as(editor)
    opened_first = first.get(url)
    opened_second = second.get(url)
    assert opened_first.status_code == opened_second.status_code == 200
    fields = _free_text_fields(opened_first.content)
    assert fields, f"{name}: no free-text field to edit"
    mine, theirs = fields[0], fields[-1]

    data = form_values(opened_first.content)
    data[mine] = "先保存的修改"
    saved = first.post(url, data)
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    record = _model_of(opened_first)
    record.refresh_from_db()
    kept = {f: getattr(record, f, None) for f in (mine, theirs)}

    data = form_values(opened_second.content)
    data[theirs] = "后保存的修改"
    refused = second.post(url, data)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert 'id="conflict"' in page and "先保存的修改" in page  # what changed meanwhile
    record.refresh_from_db()
    assert {f: getattr(record, f, None) for f in (mine, theirs)} == kept  # nothing saved

    again = second.post(url, form_values(refused.content))  # "save" on the conflict page
    assert again.status_code == 302
    record.refresh_from_db()
    assert getattr(record, theirs) == "后保存的修改"
    if mine != theirs:
        assert getattr(record, mine) == "先保存的修改"  # the first person's change stayed


def test_the_phone_number_of_one_and_the_notes_of_another_both_stay(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    """The case that was reported: staff_mc changes the phone, grid_mc1 then the notes."""
    head: Resident = mc_people["head"]
    url = reverse("ledgers:resident_edit", args=[head.pk])
    staff, grid = client_as("staff_mc"), client_as("grid_mc1")
    staff_form, grid_form = staff.get(url), grid.get(url)

    data = form_values(staff_form.content)
    data["phone"] = "13911112222"
    assert staff.post(url, data).status_code == 302

    data = form_values(grid_form.content)
    data["notes"] = "家中老人需定期走访"
    conflict = grid.post(url, data)
    assert conflict.status_code == 409
    assert "13911112222" in conflict.content.decode()  # what staff_mc changed is shown
    head.refresh_from_db()
    assert (head.phone, head.notes) == ("13911112222", "")

    assert grid.post(url, form_values(conflict.content)).status_code == 302
    head.refresh_from_db()
    assert (head.phone, head.notes) == ("13911112222", "家中老人需定期走访")


def test_a_form_without_its_version_or_with_a_forged_one_saves_nothing(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    household: Household = mc_people["household"]
    url = reverse("ledgers:household_edit", args=[household.pk])
    client = client_as("staff_mc")
    data = form_values(client.get(url).content)
    data["notes"] = "改"
    for forged in ["", "ledgers.household:1:999", token(mc_people["head"])]:
        data[VERSION_FIELD] = forged
        response = client.post(url, data)
        assert response.status_code == 200
        assert "out of date" in str(response.context["form"].non_field_errors()) or (
            "已过期" in response.content.decode()
        )
    household.refresh_from_db()
    assert household.notes == ""


def test_every_write_path_moves_the_version_on(mc_people: dict[str, Any]) -> None:
    household: Household = mc_people["household"]
    start = household.version
    household.notes = "save"
    household.save()
    assert household.version == start + 1
    household.notes = "a step's own fields"
    household.save(update_fields=["notes"])
    assert household.version == start + 2
    Household.objects.filter(pk=household.pk).update(notes="update()")
    household.refresh_from_db()
    assert household.version == start + 3
    household.notes = "bulk_update"
    Household.objects.bulk_update([household], ["notes"])
    household.refresh_from_db()
    assert household.version == start + 4
    household.notes = "the import's writer"
    bulk.update(Household, [household], ["notes"])
    assert household.version == start + 5
    household.refresh_from_db()
    assert (household.notes, household.version) == ("the import's writer", start + 5)


def test_a_save_from_an_old_version_is_refused_in_the_update_itself(
    mc_people: dict[str, Any],
) -> None:
    first = Resident.objects.get(pk=mc_people["head"].pk)
    second = Resident.objects.get(pk=mc_people["head"].pk)
    first.phone = "13900000001"
    first.save()
    second.notes = "late"
    with pytest.raises(ConflictError), transaction.atomic():
        second.save()
    with pytest.raises(ConflictError), transaction.atomic():
        bulk.update(Resident, [second], ["notes"])
    second.refresh_from_db()
    assert (second.phone, second.notes) == ("13900000001", "")


def test_the_admin_refuses_a_save_over_a_newer_version(
    accounts: dict[str, User], client_as: Callable[[str], Client], grid_mc1: Any
) -> None:
    url = reverse("admin:ledgers_grid_change", args=[grid_mc1.pk])
    client = client_as("admin")
    data = form_values(client.get(url).content, "grid_form")
    grid_mc1.name = "第一网格（改）"
    grid_mc1.save()
    data["name"] = "旧表单的名称"
    response = client.post(url, data)
    assert response.status_code == 200
    grid_mc1.refresh_from_db()
    assert grid_mc1.name == "第一网格（改）"


def test_the_version_check_adds_no_query_to_a_save(mc_people: dict[str, Any]) -> None:
    household: Household = mc_people["household"]
    household.notes = "一次保存"
    with CaptureQueriesContext(connection) as captured:
        household.save()
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 2  # the row's UPDATE and its history row, as before
    assert statements[0].startswith("UPDATE") and '"version"' in statements[0].split("WHERE")[1]


def test_a_conflict_no_page_handled_is_a_message_and_the_record_not_a_500(
    accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from core.middleware import ConflictMiddleware

    household: Household = mc_people["household"]
    request = RequestFactory().post("/some/step/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    middleware = ConflictMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]
    response = middleware.process_exception(request, ConflictError(household, 1))
    assert response is not None and response.status_code == 302
    assert response["Location"] == household.get_absolute_url()
    assert "已有他人保存" in " ".join(str(m) for m in get_messages(request))
    assert middleware.process_exception(request, ValueError()) is None
