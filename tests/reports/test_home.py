"""The home page of each role: the dashboard for those who see every community, their
communities and their own work for everyone else."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from campaigns.models import Visit
from ledgers.models import Household
from tests.reports.conftest import Town


def test_a_leaders_and_the_countys_home_is_the_dashboard(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    for persona in ["leader", "county"]:
        response = client_as(persona).get("/")
        assert response.templates[0].name == "reports/dashboard.html"
        assert response.context["figures"]["hazards_overdue"].value == 3
        assert 'id="figure-hazards_overdue"' in response.content.decode()


def test_staff_see_their_communities_and_their_work(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    today = timezone.localdate()
    home = Household.objects.get(number="D-001")  # 庙川
    Visit.objects.create(household=home, visited_on=today, purpose="policy")
    Visit.objects.create(household=home, visited_on=today - timedelta(days=40), purpose="policy")
    response = client_as("staff_mc").get("/")
    assert response.templates[0].name == "reports/home.html"
    page = response.content.decode()
    assert 'id="my-communities"' in page and "北环路社区" not in page
    work = response.context["my_work"]
    # Open hazards to rectify: over, due_today, extension, no_deadline (review is a leader's).
    assert work["hazards"] == (4, "/casework/hazards/mine/")
    assert work["publicity"] == (1, "/casework/assistance/?state=publicity")
    fixture_visits = 1 if today.month == 1 else 0  # h1 was visited on 1 January
    assert work["visits"][0] == 1 + fixture_visits
    assert 'id="open-dashboard"' in page


def test_the_dashboard_is_in_the_menu_of_those_who_see_every_community(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    assert (
        'href="/reports/dashboard/"'
        in client_as("leader").get("/ledgers/residents/").content.decode()
    )
    staff_menu = client_as("staff_mc").get("/ledgers/residents/").context["nav_items"]
    assert "/reports/dashboard/" not in [item.get("url") for item in staff_menu]


def test_the_administrator_and_the_auditor_get_no_dashboard(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    for persona in ["admin", "auditor"]:
        response = client_as(persona).get("/")
        assert response.templates[0].name == "reports/home.html"
        assert "my_work" in response.context and not response.context["my_work"]
        assert client_as(persona).get("/reports/dashboard/").status_code == 403
