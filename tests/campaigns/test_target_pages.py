"""The yearly targets page: progress per community and for the office, the records behind each
target, and the leaders setting targets."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Activity, Target
from campaigns.targets.progress import records_url
from ledgers.models import Community
from tests.helpers import assert_fixed_queries, edited


def target(community: Community | None, threshold: int = 3, **fields: Any) -> Target:
    values: dict[str, Any] = {
        "year": 2026,
        "indicator": "activities",
        "activity_kind": "policy_lecture",
        **fields,
    }
    return Target.objects.create(community=community, threshold=Decimal(threshold), **values)


def lecture(
    community: Community | None, held_on: date = date(2026, 5, 12), **fields: Any
) -> Activity:
    return Activity.objects.create(
        community=community,
        kind=fields.pop("kind", "policy_lecture"),
        title="政策宣讲",
        held_on=held_on,
        place_text="活动室",
        **fields,
    )


def row_of(page: str, pk: int) -> str:
    start = page.index(f'id="target-{pk}"')
    return page[start : page.index("</li>", start)]


def test_each_target_shows_its_progress_and_whether_it_is_met(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    mine = target(miaochuan, threshold=2)
    office = target(None, threshold=5)
    target(beihuan)
    lecture(miaochuan)
    lecture(miaochuan)
    lecture(None)
    lecture(miaochuan, held_on=date(2025, 12, 31))  # another year

    page = (
        client_as("staff_mc").get(reverse("campaigns:target_list"), {"year": 2026}).content.decode()
    )

    assert 'data-actual="2"' in row_of(page, mine.pk) and "已完成" in row_of(page, mine.pk)
    assert 'aria-valuenow="100"' in row_of(page, mine.pk)
    office_row = row_of(page, office.pk)
    assert 'data-actual="3"' in office_row and "未完成" in office_row
    assert 'aria-valuenow="60"' in office_row and "pct-12" in office_row  # 60 % wide
    assert "北环路社区" not in page  # another community's target is not staff_mc's
    assert "全办目标此处只统计" in page  # the office's count is over the viewer's scope


def test_a_target_links_to_the_records_it_counts(miaochuan: Community) -> None:
    mine = target(miaochuan)
    meetings = target(None, indicator="meetings", activity_kind="")
    assistance = target(miaochuan, indicator="assistance", activity_kind="")

    assert records_url(mine) == (
        f"/campaigns/activities/?year=2026&community={miaochuan.pk}&kind=policy_lecture"
    )
    assert records_url(meetings) == "/campaigns/activities/?year=2026&kind=meetings"
    assert records_url(assistance) == (  # applications only: drafts are not counted
        f"/casework/assistance/?year=2026&community={miaochuan.pk}&applied=yes"
    )


def test_a_list_not_built_yet_gives_no_link(miaochuan: Community) -> None:
    from django.urls import NoReverseMatch
    from django.urls import reverse as reverse_

    publicity = target(miaochuan, indicator="publicity", activity_kind="")
    try:
        reverse_("campaigns:publicity_list")
    except NoReverseMatch:
        assert records_url(publicity) == ""
    else:
        assert records_url(publicity).endswith(f"?year=2026&community={miaochuan.pk}")


def test_the_records_behind_a_target_are_the_ones_it_counts(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    mine = target(miaochuan)
    lecture(miaochuan)
    lecture(None)  # the office's, not 庙川's
    lecture(miaochuan, kind="forum")

    response = client_as("staff_mc").get(records_url(mine))

    assert response.context["paginator"].count == 1


def test_a_year_without_targets_says_who_sets_them(client_as: Callable[[str], Client]) -> None:
    page = client_as("staff_mc").get(reverse("campaigns:target_list"), {"year": 2030}).content
    assert "2030年尚未设定目标" in page.decode() and "党工委领导" in page.decode()
    leader_page = client_as("leader").get(reverse("campaigns:target_list"), {"year": 2030})
    assert "设定第一个目标" in leader_page.content.decode()


def test_leaders_set_and_change_targets(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    leader = client_as("leader")
    data = {
        "community": miaochuan.pk,
        "year": 2026,
        "indicator": "activities",
        "activity_kind": "policy_lecture",
        "threshold": "10",
    }
    response = leader.post(reverse("campaigns:target_add"), data)
    created = Target.objects.get()
    assert response["Location"] == f"/campaigns/targets/?year=2026&community={miaochuan.pk}"

    again = leader.post(reverse("campaigns:target_add"), data)
    assert "本年度已设置该指标" in again.content.decode()
    kindless = leader.post(reverse("campaigns:target_add"), {**data, "activity_kind": ""})
    assert kindless.status_code == 200 and Target.objects.count() == 1

    leader.post(
        reverse("campaigns:target_edit", args=[created.pk]),
        edited(created, {**data, "threshold": "12"}),
    )
    created.refresh_from_db()
    assert created.threshold == 12
    office = leader.post(reverse("campaigns:target_add"), {**data, "community": ""})
    assert office.status_code == 302 and Target.objects.filter(community=None).exists()


def test_staff_cannot_set_targets(client_as: Callable[[str], Client], miaochuan: Community) -> None:
    staff = client_as("staff_mc")
    data = {"community": miaochuan.pk, "year": 2026, "indicator": "publicity", "threshold": "5"}
    assert staff.post(reverse("campaigns:target_add"), data).status_code == 403
    assert not Target.objects.exists()


@pytest.mark.parametrize("persona", ["staff_mc", "leader"])
def test_the_page_takes_a_fixed_number_of_queries(
    persona: str, client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    for community in (miaochuan, beihuan, None):
        target(community)
        target(community, indicator="meetings", activity_kind="")
        target(community, indicator="publicity", activity_kind="")
        target(community, indicator="visit_coverage", activity_kind="", threshold=80)
        target(community, indicator="anti_fraud", activity_kind="", threshold=80)
        target(community, indicator="assistance", activity_kind="")

    def add_rows(n: int) -> None:
        Activity.objects.bulk_create(
            Activity(
                community=miaochuan if i % 2 else beihuan,
                kind="policy_lecture",
                title=f"宣讲{i}",
                held_on=date(2026, 5, 12),
                place_text="室",
            )
            for i in range(n)
        )

    url = reverse("campaigns:target_list") + "?year=2026"
    assert_fixed_queries(client_as(persona), url, add_rows)
