"""The grid filter of a list: under each community's name for someone who sees several, only
the chosen community's once one is chosen, a grid of another community refused, and the
refusal said beside the field."""

from collections.abc import Callable

import lxml.html
from django.test import Client
from django.urls import reverse

from ledgers.models import Community, Grid

RESIDENTS = reverse("ledgers:resident_list")


def grid_select(client: Client, **query: int) -> tuple[list[str], list[str]]:
    """The grid filter's groups and its options' labels (the empty choice left out)."""
    page = lxml.html.fromstring(client.get(RESIDENTS, query).content)
    (select,) = page.xpath('//select[@name="grid"]')
    groups = [group.get("label") for group in select.xpath("./optgroup")]
    return groups, [o.text for o in select.xpath(".//option") if o.get("value")]


def test_a_leader_sees_the_grids_under_their_communities(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    groups, labels = grid_select(client_as("leader"))
    assert groups[:2] == ["庙川社区", "北环路社区"]
    assert labels.count("第1网格") == len(groups) == Community.objects.count()


def test_with_a_community_chosen_only_its_grids(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    leader = client_as("leader")
    groups, labels = grid_select(leader, community=miaochuan.pk)
    assert groups == []
    assert labels == list(miaochuan.grids.order_by("code").values_list("name", flat=True))

    other = Grid.objects.filter(community=beihuan).first()
    assert other is not None
    response = leader.get(RESIDENTS, {"community": miaochuan.pk, "grid": other.pk})
    assert "grid" in response.context["filter"].errors
    page = lxml.html.fromstring(response.content)  # said beside the field, the filters unfolded
    (said,) = page.xpath('//*[@id="id_grid_error"]')
    assert "选择一个有效的选项" in said.text_content()
    assert "show" in page.get_element_by_id("list-filters").classes
    assert page.get_element_by_id("filter-toggle").get("aria-expanded") == "true"
    (summary,) = page.xpath('//*[@id="error-summary"]//a[@href="#id_grid"]')
    assert summary.text_content().startswith("网格")
    mine = miaochuan.grids.first()
    assert mine is not None
    response = leader.get(RESIDENTS, {"community": miaochuan.pk, "grid": mine.pk})
    assert response.status_code == 200 and not response.context["filter"].errors


def test_staff_of_one_community_see_its_grids_by_name(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    groups, labels = grid_select(client_as("staff_mc"))
    assert groups == []
    assert labels == list(miaochuan.grids.order_by("code").values_list("name", flat=True))
