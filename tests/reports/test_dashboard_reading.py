"""The dashboard reads at a glance: the targets' chart sorted, below target marked and past 100 %
shown as such; tiles that name their scheme; the demonstration titles' tile within the viewer's
scope; the chart library only on pages with charts; the page sent compressed."""

import gzip
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from campaigns.creation.models import Demonstration, DemonstrationLevel, DemonstrationStatus
from campaigns.models import Target
from campaigns.targets.progress import TargetProgress
from ledgers.models import Community
from reports.dashboard import charts
from tests.reports.conftest import Town

URL = "/reports/dashboard/"


def progress(
    kind: str, actual: str, threshold: str, community: Community | None = None
) -> TargetProgress:
    target = Target(
        community=community,
        year=2026,
        indicator="activities",
        activity_kind=kind,
        threshold=Decimal(threshold),
    )
    return TargetProgress(target, Decimal(actual), int(Decimal(actual)), None)


def test_targets_furthest_below_first_marked_and_past_100_shown() -> None:
    rows = [
        progress("service", "145", "100"),  # well past
        progress("policy_lecture", "1", "2"),  # half
        progress("performance", "3", "3"),  # met exactly
        progress("training", "19.9", "20"),  # just short: 99, never a 100 not met
    ]
    chart = charts.targets(rows)
    points = chart["series"][0]["data"]
    assert [p["value"] for p in points] == [50, 99, 100, 145]
    assert [p["below"] for p in points] == [True, True, False, False]
    assert all(p["note"] for p in points[:2]) and not any(p["note"] for p in points[2:])
    assert points[-1]["label"] == "145 / 100"
    assert chart["line"] == 100
    assert "max" not in chart  # no cap: a bar past the line is drawn past it


def test_a_zero_threshold_counts_as_reached() -> None:
    (point,) = charts.targets([progress("service", "0", "0")])["series"][0]["data"]
    assert (point["value"], point["below"]) == (100, False)


def test_the_targets_table_says_below_target(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    response = client_as("leader").get(URL)
    chart = response.context["charts"]["chart-targets"]
    below = [p for p in chart["series"][0]["data"] if p["below"]]
    assert below, "the town has a target below its threshold"
    assert f'<span class="text-danger-emphasis">{below[0]["note"]}</span>' in (
        response.content.decode()
    )


def test_each_gap_tile_names_its_scheme(town: Town, client_as: Callable[[str], Client]) -> None:
    shown = client_as("leader").get(URL).context["figures"]
    medical, pension = shown["medical_gap"].label, shown["pension_gap"].label
    assert medical != pension
    assert any(word in medical for word in ("Medical", "医疗"))
    assert any(word in pension for word in ("Pension", "养老"))


@pytest.fixture
def titles(town: Town) -> dict[str, Demonstration]:
    def title(community: Community | None, level: str, **fields: object) -> Demonstration:
        return Demonstration.objects.create(community=community, level=level, **fields)

    named = {"status": DemonstrationStatus.NAMED, "named_on": date(2023, 11, 20)}
    return {
        "office": title(
            None, DemonstrationLevel.PROVINCE, document_number="民宗发〔2023〕21号", **named
        ),
        "mc": title(
            town.mc,
            DemonstrationLevel.CITY,
            status=DemonstrationStatus.COMPETING,
            since=date(2025, 3, 1),
        ),
        "bh": title(town.bh, DemonstrationLevel.COUNTY, **named),
    }


def shown_titles(client: Client, **params: int) -> list[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [title.pk for title in response.context["titles"].rows]


def test_the_titles_tile_shows_the_office_first_then_each_community(
    titles: dict[str, Demonstration], client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    assert shown_titles(client) == [titles[k].pk for k in ("office", "mc", "bh")]
    page = client.get(URL).content.decode()
    assert 'id="card-titles"' in page
    assert "民宗发〔2023〕21号" in page
    assert titles["office"].get_absolute_url() in page
    assert "/campaigns/creation/demonstration/" in page  # the creation file's list


def test_staff_see_their_communitys_titles_and_the_offices_only(
    town: Town, titles: dict[str, Demonstration], client_as: Callable[[str], Client]
) -> None:
    assert shown_titles(client_as("staff_mc")) == [titles["office"].pk, titles["mc"].pk]
    # Another community asked for in the query string shows nothing of it.
    assert titles["bh"].pk not in shown_titles(client_as("staff_mc"), community=town.bh.pk)
    assert titles["bh"].get_absolute_url() not in client_as("staff_mc").get(URL).content.decode()


def test_one_community_chosen_shows_its_titles_and_the_offices(
    town: Town, titles: dict[str, Demonstration], client_as: Callable[[str], Client]
) -> None:
    chosen = shown_titles(client_as("leader"), community=town.bh.pk)
    assert chosen == [titles["office"].pk, titles["bh"].pk]


def test_the_chart_library_is_loaded_only_by_pages_with_charts(
    town: Town, client_as: Callable[[str], Client]
) -> None:
    templates = Path(settings.BASE_DIR) / "templates"
    loading = [p for p in templates.rglob("*.html") if "vendor/echarts" in p.read_text()]
    assert loading == [templates / "reports" / "dashboard.html"]
    assert all("data-chart" in p.read_text() for p in loading)
    assert b"echarts" not in client_as("staff_mc").get("/ledgers/residents/").content


def test_the_dashboard_is_sent_compressed(town: Town, client_as: Callable[[str], Client]) -> None:
    client = client_as("leader")
    plain = client.get(URL)
    packed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 4
    assert b'id="dashboard-charts"' in gzip.decompress(packed.content)


def test_a_county_s_targets_show_the_furthest_below_and_link_to_all() -> None:
    rows = [progress("service", str(n), "100") for n in range(charts.TARGETS_SHOWN + 5)]
    chart = charts.targets(rows, "/campaigns/targets/?year=2026")
    values = [p["value"] for p in chart["series"][0]["data"]]
    assert values == list(range(charts.TARGETS_SHOWN))  # the furthest below, first
    assert chart["more"]["url"] == "/campaigns/targets/?year=2026"
    assert f"{charts.TARGETS_SHOWN + 5}" in str(chart["more"]["label"])
    assert "more" not in charts.targets(rows[: charts.TARGETS_SHOWN], "/x")
