"""A leader follows a target from the dashboard to its evidence: clicks the bar of the target
furthest below (drawn first, hatched), lands on exactly the activities it counts, opens one and
sees its photo and sign-in sheet; then takes the figures table's link of a target passed."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from campaigns.models import Activity, ActivityAttachment, ActivityPhoto, Target
from demo import accounts as demo
from ledgers.models import Community
from tests.e2e.images import wait_until_loaded
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg(colour: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def activity(community: Community, kind: str, title: str, held_on: date) -> Activity:
    return Activity.objects.create(
        community=community, kind=kind, title=title, held_on=held_on, place_text="社区会议室"
    )


def with_evidence(record: Activity, user: User) -> None:
    photo = ActivityPhoto(activity=record, content_type="image/jpeg", uploaded_by=user)
    photo.image.save("photos/lecture.jpg", ContentFile(jpeg("#a61b29", (640, 480))), save=False)
    photo.thumbnail.save("photos/lecture-t.jpg", ContentFile(jpeg("#a61b29", (160, 120))))
    attachment = ActivityAttachment(
        activity=record,
        kind="sign_in",
        original_name="签到表.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=user,
    )
    attachment.file.save("attachments/sign-in.pdf", ContentFile(b"%PDF-1.4\n"))


def test_leader_goes_from_a_target_to_its_evidence(page: Any, live_server: Any) -> None:
    demo.seed(people=False)
    year = timezone.localdate().year
    mc = Community.objects.get(name="庙川社区")
    staff = User.objects.get(username="staff_mc")
    Target.objects.filter(year=year).delete()  # only the two below are drawn
    for kind, threshold in [("policy_lecture", 4), ("service", 1)]:
        Target.objects.create(
            community=mc,
            year=year,
            indicator="activities",
            activity_kind=kind,
            threshold=Decimal(threshold),
        )
    lecture = activity(mc, "policy_lecture", "民族政策宣讲进社区", date(year, 1, 1))
    with_evidence(lecture, staff)
    services = [activity(mc, "service", f"办实事{n}", date(year, 1, 1 + n)) for n in (1, 2)]
    activity(mc, "policy_lecture", "去年的宣讲", date(year - 1, 12, 31))  # not counted

    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in_as(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/dashboard/")
    page.wait_for_selector("#chart-targets canvas")
    # The bar furthest below its target comes first: 1 of 4 lectures (25 %), hatched and said.
    first = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById("chart-targets"));
          const bar = chart.getOption().series[0].data[0];
          const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [bar.value, 0]);
          return { x: x, y: y, value: bar.value, label: bar.label, note: bar.note,
                   hatched: Boolean(bar.itemStyle.decal) };
        }"""
    )
    assert (first["value"], first["label"], first["hatched"]) == (25, "1 / 4", True)
    assert first["note"]
    page.locator("#chart-targets").scroll_into_view_if_needed()
    box = page.locator("#chart-targets").bounding_box()
    page.mouse.click(box["x"] + first["x"] - 4, box["y"] + first["y"])

    page.wait_for_url("**/campaigns/activities/?**kind=policy_lecture**")
    assert page.inner_text("#result-count") == "1"
    page.click("table.table-list tbody tr a >> nth=0")
    page.wait_for_url(f"**/campaigns/activities/{lecture.pk}/")
    assert lecture.title in page.inner_text("h1")
    assert wait_until_loaded(page.locator("#photos img")) == 160
    assert "签到表.pdf" in page.inner_text("#attachments")

    # The same from the figures table: the target passed (2 of 1) lists both activities.
    page.go_back()
    page.go_back()
    page.wait_for_selector("#chart-targets canvas")
    page.click("#chart-targets-data summary")
    link = page.locator("#chart-targets-data a", has_text="2 / 1")
    link.click()
    page.wait_for_url("**/campaigns/activities/?**kind=service**")
    assert page.inner_text("#result-count") == "2"
    listed = page.locator("table.table-list tbody").inner_text()
    assert all(s.title in listed for s in services)
    assert not problems, problems
