"""Publicity items: web links only, reporting an activity of their own community or the office."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from campaigns.models import Activity, Publicity
from ledgers.models import Community


def item(community: Community | None, **fields: object) -> Publicity:
    return Publicity(
        community=community, title="我社区开展民族团结宣传月活动", kind="wechat", **fields
    )


@pytest.mark.parametrize(
    "link", ["https://mp.weixin.qq.com/s/abc", "http://www.example.gov.cn/news/1.html", ""]
)
def test_web_links_are_accepted(miaochuan: Community, link: str) -> None:
    item(miaochuan, link=link).full_clean()


@pytest.mark.parametrize(
    "link", ["ftp://example.com/a.pdf", "javascript:alert(1)", "file:///etc/passwd", "weixin"]
)
def test_other_links_are_refused(miaochuan: Community, link: str) -> None:
    with pytest.raises(ValidationError) as refused:
        item(miaochuan, link=link).full_clean()
    assert "link" in refused.value.message_dict


def test_an_item_reports_an_activity_of_its_community_or_the_office(
    miaochuan: Community, beihuan: Community
) -> None:
    def activity(community: Community | None) -> Activity:
        return Activity.objects.create(
            community=community, kind="performance", title="文艺演出", place_text="广场"
        )

    mine, theirs, office = activity(miaochuan), activity(beihuan), activity(None)
    item(miaochuan, activity=mine).full_clean()
    item(miaochuan, activity=office).full_clean()
    item(None, activity=theirs).full_clean()  # the office reports on any community
    with pytest.raises(ValidationError) as refused:
        item(miaochuan, activity=theirs).full_clean()
    assert "activity" in refused.value.message_dict


def test_staff_see_their_community_s_and_the_office_s_items(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    mc, bh, office = (item(c) for c in (miaochuan, beihuan, None))
    for row in (mc, bh, office):
        row.save()
    assert set(Publicity.objects.for_user(accounts["staff_bh"])) == {bh, office}
    assert set(Publicity.objects.for_user(accounts["county"])) == {mc, bh, office}
