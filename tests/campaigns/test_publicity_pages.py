"""Publicity pages: the list and its drill-down filters, the form (activity among those in
scope, recent first), the detail with its external link."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, Publicity
from ledgers.models import Community
from tests.helpers import assert_fixed_queries


def activity(community: Community | None, title: str, held_on: date) -> Activity:
    return Activity.objects.create(
        community=community,
        kind="policy_lecture",
        title=title,
        held_on=held_on,
        place_text="会议室",
    )


@pytest.fixture
def items(miaochuan: Community, beihuan: Community) -> dict[str, Publicity]:
    return {
        "mc": Publicity.objects.create(
            community=miaochuan,
            title="庙川社区开展民族团结宣讲",
            kind="meipian",
            published_on=date(2026, 3, 20),
            link="https://www.meipian.cn/abc",
        ),
        "office": Publicity.objects.create(
            community=None, title="党工委民族团结进步月", kind="news", published_on=date(2025, 9, 1)
        ),
        "bh": Publicity.objects.create(
            community=beihuan,
            title="北环路社区简报",
            kind="briefing",
            published_on=date(2026, 4, 1),
        ),
    }


def test_the_list_filters_by_the_drill_down_names(
    client_as: Callable[[str], Client], items: dict[str, Publicity], miaochuan: Community
) -> None:
    client = client_as("leader")
    url = reverse("campaigns:publicity_list")

    def found(**params: Any) -> set[str]:
        return {p.title for p in client.get(url, params).context["object_list"]}

    assert found() == {p.title for p in items.values()}
    assert found(community=miaochuan.pk) == {items["mc"].title}
    assert found(kind="news") == {items["office"].title}
    assert found(year=2026) == {items["mc"].title, items["bh"].title}
    assert found(published_on_after="2026-03-01", published_on_before="2026-03-31") == {
        items["mc"].title
    }
    assert found(q="简报") == {items["bh"].title}
    # Staff see their community's and the office's items.
    mine = {p.title for p in client_as("staff_mc").get(url).context["object_list"]}
    assert mine == {items["mc"].title, items["office"].title}


def test_another_community_s_item_is_a_404(
    client_as: Callable[[str], Client], items: dict[str, Publicity]
) -> None:
    client = client_as("staff_bh")
    assert client.get(reverse("campaigns:publicity", args=[items["mc"].pk])).status_code == 404
    assert client.get(reverse("campaigns:publicity", args=[items["office"].pk])).status_code == 200


def test_the_detail_links_out_safely(
    client_as: Callable[[str], Client], items: dict[str, Publicity]
) -> None:
    page = client_as("staff_mc").get(reverse("campaigns:publicity", args=[items["mc"].pk]))
    html = page.content.decode()
    assert 'href="https://www.meipian.cn/abc" target="_blank" rel="noopener noreferrer"' in html


def test_the_form_offers_recent_activities_in_scope_latest_first(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    today = timezone.localdate()
    older = activity(miaochuan, "政策宣讲一", today - timedelta(days=40))
    newer = activity(None, "全办理论学习", today - timedelta(days=2))
    activity(beihuan, "北环路活动", today - timedelta(days=1))
    activity(miaochuan, "三年前的活动", today - timedelta(days=1100))
    form = client_as("staff_mc").get(reverse("campaigns:publicity_add")).context["form"]
    offered = [value for value, _label in form.fields["activity"].choices if value]
    assert [int(str(v)) for v in offered] == [newer.pk, older.pk]


def test_adding_an_item_reporting_an_activity(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    lecture = activity(miaochuan, "政策宣讲", timezone.localdate())
    response = client_as("staff_mc").post(
        reverse("campaigns:publicity_add"),
        {
            "community": miaochuan.pk,
            "title": "庙川社区政策宣讲进清真寺",
            "kind": "wechat",
            "outlet": "庙川社区公众号",
            "published_on": f"{timezone.localdate():%Y-%m-%d}",
            "link": "https://mp.weixin.qq.com/s/abc",
            "activity": lecture.pk,
        },
        follow=True,
    )
    item = Publicity.objects.get()
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    assert item.activity == lecture and item.community == miaochuan


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.com/a"])
def test_only_web_links_are_saved(
    client_as: Callable[[str], Client], miaochuan: Community, link: str
) -> None:
    response = client_as("staff_mc").post(
        reverse("campaigns:publicity_add"),
        {
            "community": miaochuan.pk,
            "title": "标题",
            "kind": "news",
            "published_on": "2026-03-02",
            "link": link,
        },
    )
    assert response.status_code == 200
    assert "link" in response.context["form"].errors
    assert not Publicity.objects.exists()


def test_an_activity_of_another_community_is_refused(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community
) -> None:
    theirs = activity(beihuan, "北环路活动", timezone.localdate())
    response = client_as("leader").post(
        reverse("campaigns:publicity_add"),
        {"community": miaochuan.pk, "title": "t", "kind": "news", "activity": theirs.pk},
    )
    assert response.status_code == 403  # leaders read publicity; staff write it
    response = client_as("staff_mc").post(
        reverse("campaigns:publicity_add"),
        {
            "community": miaochuan.pk,
            "title": "t",
            "kind": "news",
            "published_on": "2026-03-02",
            "activity": theirs.pk,
        },
    )
    assert "activity" in response.context["form"].errors
    assert not Publicity.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], miaochuan: Community, accounts: dict[str, User]
) -> None:
    lecture = activity(miaochuan, "政策宣讲", timezone.localdate())

    def add(n: int) -> None:
        Publicity.objects.bulk_create(
            Publicity(community=miaochuan, title=f"报道{i}", kind="news", activity=lecture)
            for i in range(n)
        )

    assert_fixed_queries(client_as("staff_mc"), reverse("campaigns:publicity_list"), add)
