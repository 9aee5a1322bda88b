"""The hazard register as people work it: overdue first (the longest overdue at the top), then
the open ones by deadline, the closed last; an overdue row marked by its class and a badge with
the days; the state as a badge of its own colour; the community where the reader sees several."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from casework.models import Hazard
from tests import permission_rows as rows

TODAY = rows.TODAY


def with_deadline(people: dict[str, Any], state: str, days: int) -> Hazard:
    hazard = rows.hazard_in(state)(people)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=TODAY + timedelta(days=days))
    return Hazard.objects.get(pk=hazard.pk)


def register_rows(client: Client, query: str = "") -> list[str]:
    page = client.get(reverse("casework:hazard_list") + query).content.decode()
    return re.findall(r"<tr[^>]*>\s*<td>\s*<a href=\"/casework/hazards/\d+/\">([^<]+)</a>", page)


def test_overdue_hazards_come_first_then_the_open_ones_by_deadline(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    soon = with_deadline(mc_people, "in_progress", 3)
    closed = with_deadline(mc_people, "closed", -40)
    late = with_deadline(mc_people, "in_progress", -5)
    later = with_deadline(mc_people, "in_progress", 20)
    latest = with_deadline(mc_people, "in_progress", -30)
    numbers = register_rows(client_as("staff_mc"))
    expected = [latest, late, soon, later, closed]
    assert numbers == [hazard.number for hazard in expected]
    # A column the reader sorts by still wins.
    by_number = register_rows(client_as("staff_mc"), "?sort=number")
    assert by_number == sorted(by_number)


def test_an_overdue_row_is_marked_with_its_days_and_each_state_has_its_badge(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    late = with_deadline(mc_people, "in_progress", -5)
    with_deadline(mc_people, "under_review", 5)
    page = client_as("staff_mc").get(reverse("casework:hazard_list")).content.decode()
    rows_html = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    overdue_row = next(row for row in rows_html if late.number in row)
    assert 'class="row-overdue"' in overdue_row
    assert f"逾期 {late.days_overdue()} 天" in overdue_row
    assert '<span class="badge text-bg-primary">整改中</span>' in overdue_row
    other = next(row for row in rows_html if late.number not in row and "<td>" in row)
    assert "row-overdue" not in other
    assert '<span class="badge text-bg-warning">待复查</span>' in other
    detail = client_as("staff_mc").get(late.get_absolute_url()).content.decode()
    assert 'class="badge text-bg-primary" id="hazard-state">整改中' in detail


def test_the_community_shows_to_those_who_see_several(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    hazard = with_deadline(mc_people, "in_progress", 3)
    header = '<a href="?sort=community__code">社区'
    leader = client_as("leader").get(reverse("casework:hazard_list")).content.decode()
    assert header in leader
    staff = client_as("staff_mc").get(reverse("casework:hazard_list")).content.decode()
    assert header not in staff  # one community: the column would say the same on every row
    detail = client_as("leader").get(hazard.get_absolute_url()).content.decode()
    assert re.search(r'id="hazard-community">庙川社区', detail)
