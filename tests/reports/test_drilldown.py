"""Every number and chart segment of the dashboard opens the list of the rows behind it: the
list, opened by the same user with the link's filters, counts as many rows as the number."""

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from reports.drilldown import between, list_url
from tests.reports.conftest import Town

URL = "/reports/dashboard/"


def rows_listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(response.context["paginator"].count)


def params_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


FILTERS = [
    ("leader", {}),
    ("leader", {"community": "mc"}),
    ("leader", {"quarter": "1"}),
    ("county", {"quarter": "4"}),
    ("staff_mc", {}),
    ("staff_bh", {"quarter": "2"}),
]


def _params(town: Town, given: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {"year": town.year, **given}
    if params.get("community") == "mc":
        params["community"] = town.mc.pk
    return params


@pytest.mark.parametrize(("persona", "given"), FILTERS)
def test_each_number_equals_the_rows_of_its_list(
    persona: str, given: dict[str, str], town: Town, client_as: Callable[[str], Client]
) -> None:
    client = client_as(persona)
    shown = client.get(URL, _params(town, given)).context["figures"]
    followed = 0
    for key, figure in shown.items():
        if figure.url is None or figure.rows is None:
            continue  # a list not built yet, or a number that is no count of rows
        assert rows_listed(client, figure.url) == figure.rows, (key, figure.url)
        followed += 1
    assert followed >= 17


@pytest.mark.parametrize(("persona", "given"), FILTERS)
def test_each_chart_segment_equals_the_rows_of_its_list(
    persona: str, given: dict[str, str], town: Town, client_as: Callable[[str], Client]
) -> None:
    client = client_as(persona)
    charts = client.get(URL, _params(town, given)).context["charts"]
    followed = 0
    for key, chart in charts.items():
        if key == "chart-targets":
            continue  # a share of a threshold: test_a_target_links_to_what_it_counts
        for series in chart["series"]:
            for point in series["data"]:
                if point["url"] and point["value"] is not None:
                    assert rows_listed(client, point["url"]) == point["value"], point["url"]
                    followed += 1
    assert followed >= 5


def test_the_overdue_card_opens_exactly_the_overdue_hazards(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    figure = client.get(URL).context["figures"]["hazards_overdue"]
    listed = client.get(figure.url).context["object_list"]
    h = town.hazards
    assert list(listed) == [h["bh_over"], h["extension"], h["over"]]  # the longest first


def test_links_keep_the_community_and_the_period(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    shown = client_as("leader").get(URL, {"year": town.year, "quarter": 2, "community": town.mc.pk})
    found = params_of(shown.context["figures"]["hazards_found"].url)
    assert found == {
        "community": [str(town.mc.pk)],
        "found_on_after": [f"{town.year}-04-01"],
        "found_on_before": [f"{town.year}-06-30"],
    }
    gap = params_of(shown.context["figures"]["medical_gap"].url)
    assert gap == {"community": [str(town.mc.pk)], "scheme": ["medical"], "year": [str(town.year)]}


def test_campaign_numbers_link_to_their_lists_once_those_exist(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    shown = client.get(URL, {"year": town.year, "quarter": 1, "community": town.mc.pk})
    got = shown.context["figures"]
    assert got["activities"].value == 2  # 1 January and 31 March
    assert params_of(got["activities"].url) == {
        "community": [str(town.mc.pk)],
        "held_on_after": [f"{town.year}-01-01"],
        "held_on_before": [f"{town.year}-03-31"],
    }
    assert rows_listed(client, got["activities"].url) == 2


def test_coverage_numbers_link_to_the_coverage_pages_once_those_exist(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    got = client_as("staff_mc").get(URL).context["figures"]
    assert got["visit_coverage"].value == "33.3%"
    assert params_of(got["visit_coverage"].url) == {"year": [str(town.year)]}
    assert got["anti_fraud_coverage"].url == reverse("campaigns:anti_fraud_coverage")


def test_list_url_leaves_out_empty_values_and_unknown_lists() -> None:
    assert list_url("casework:hazard_list", community=None, state="", open="yes") == (
        "/casework/hazards/?open=yes"
    )
    assert list_url("casework:hazard_list") == "/casework/hazards/"
    from datetime import date

    assert between("held_on", date(2026, 1, 1), date(2026, 3, 31)) == {
        "held_on_after": "2026-01-01",
        "held_on_before": "2026-03-31",
    }


def test_a_target_links_to_what_it_counts(town: Town, client_as: Callable[[str], Client]) -> None:
    from campaigns.models import Target
    from campaigns.targets.progress import progress, records_url

    leader = client_as("leader").get(URL).wsgi_request.user
    applications = Target.objects.create(
        community=town.bh, year=town.year, indicator="assistance", threshold=1
    )
    [reached] = progress([applications], leader)
    url = records_url(reached.target)
    assert params_of(url) == {
        "applied": ["yes"],
        "community": [str(town.bh.pk)],
        "year": [str(town.year)],
    }
    assert rows_listed(client_as("leader"), url) == reached.count == 2
    lectures = Target.objects.get(community=town.mc, activity_kind="policy_lecture")
    [lectures_reached] = progress([lectures], leader)
    assert params_of(records_url(lectures_reached.target)) == {
        "community": [str(town.mc.pk)],
        "kind": ["policy_lecture"],
        "year": [str(town.year)],
    }
    assert rows_listed(client_as("leader"), records_url(lectures_reached.target)) == (
        lectures_reached.count
    )
