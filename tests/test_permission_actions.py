"""Every URL that takes a POST × every persona: the status, and whether anything changed.

The table is tests/permission_actions.py. Each persona posts to a row made afresh for it, in
a transaction rolled back afterwards; what a refused persona posts must leave the tables as
they were, and what an allowed one posts must change them.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.permission_actions import ACTIONS
from tests.permission_kit import DONE, Page


def snapshot(labels: tuple[str, ...]) -> list[list[tuple[Any, ...]]]:
    """Every row of the tables, in order: cheap at the size of these tests."""
    return [list(apps.get_model(label).objects.order_by("pk").values_list()) for label in labels]


def outcome(response: Any, changed: bool) -> str:
    login = resolve_url("login")
    if response.status_code == 302 and response["Location"].startswith(f"{login}?next="):
        return "login" if not changed else "login done"
    return f"{response.status_code} {'done' if changed else 'kept'}"


def form_errors(response: Any) -> Any:
    """What a form shown again says is wrong (to tell a refusal from bad test data)."""
    context = response.context
    if response.status_code != 200 or context is None or "form" not in context:
        return None
    return context["form"].errors


def seen_on_page(row: Any) -> dict[str, Any]:
    """What a step's page sends of the row as it showed it: its state (or an inspection item's
    result) and a waiting extension request; a step on a row that moved on since is refused."""
    seen: dict[str, Any] = {}
    for name in ("state", "result"):
        if getattr(row, name, None):
            seen["seen_state"] = getattr(row, name)
            break
    if getattr(row, "extension_requested_to", None):
        seen["seen_request"] = row.extension_requested_to.isoformat()
    return seen


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_what_each_persona_may_post(
    name: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    action = ACTIONS[name]
    clients = {persona: client_as(persona) for persona in PERSONAS}
    got, errors = {}, {}
    for persona in PERSONAS:
        with transaction.atomic():
            row = action.row(mc_people) if action.row else None
            url = reverse(name, args=action.args(row) if row is not None else None)
            data = {**action.data(Page(mc_people, row, url, clients)), **seen_on_page(row)}
            before = snapshot(action.tables)
            response = clients[persona].post(url, data)
            got[persona] = outcome(response, snapshot(action.tables) != before)
            errors[persona] = form_errors(response)
            transaction.set_rollback(True)
    assert got == action.expect, {p: errors[p] for p in PERSONAS if got[p] != action.expect[p]}


def test_every_action_is_done_by_someone() -> None:
    """An entry nobody can carry out would test its own data, not who may post."""
    idle = [name for name, action in ACTIONS.items() if DONE not in action.expect.values()]
    assert idle == ["set_language"]  # a cookie: nothing in the database changes
