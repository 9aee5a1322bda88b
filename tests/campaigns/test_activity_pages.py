"""The activity pages: the log and its drill-down filters, the month view, the detail, the forms
with named attendees, photos and files, copying a recurring activity."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, ActivityAttachment, ActivityPhoto, Publicity
from ledgers.models import Community
from tests.campaigns.test_attachments import pdf
from tests.casework.test_hazard_pages import jpeg_with_gps
from tests.helpers import assert_fixed_queries, edited
from tests.ledgers.test_imports import file_bytes

TODAY = timezone.localdate()


def make(community: Community | None, title: str = "政策宣讲", **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "kind": "policy_lecture",
        "held_on": TODAY - timedelta(days=3),
        "place_text": "党群服务中心",
        "participants": 30,
        "minority_participants": 10,
        **fields,
    }
    return Activity.objects.create(community=community, title=title, **values)


def form_data(community: Community | None, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "forum",
        "title": "民族团结座谈会",
        "theme": "铸牢中华民族共同体意识",
        "held_on": f"{TODAY:%Y-%m-%d}",
        "starts_at": "09:30",
        "ends_at": "11:00",
        "community": community.pk if community else "",
        "place": "",
        "place_text": "社区活动室",
        "organiser": "庙川社区居委会",
        "participants": "20",
        "minority_participants": "5",
        "summary": "座谈交流",
        "attachment_kind": "sign_in",
        **changes,
    }
    return {k: v for k, v in data.items() if v is not None}


def titles(response: Any) -> list[str]:
    return [a.title for a in response.context["object_list"]]


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


# ---- the log --------------------------------------------------------------------------------


def test_the_log_takes_the_drill_down_filters(
    mc: Client, miaochuan: Community, beihuan: Community
) -> None:
    make(miaochuan, "五月宣讲", held_on=date(2026, 5, 12))
    make(miaochuan, "座谈", kind="forum", held_on=date(2026, 6, 1), organiser="马秀英")
    make(None, "全办学习", kind="study", held_on=date(2026, 6, 2), theme="理论学习")
    make(miaochuan, "去年宣讲", held_on=date(2025, 5, 12))
    make(beihuan, "北环路宣讲", held_on=date(2026, 5, 12))
    url = reverse("campaigns:activity_list")

    assert set(titles(mc.get(url))) == {"五月宣讲", "座谈", "全办学习", "去年宣讲"}
    only_mc = titles(mc.get(url, {"community": miaochuan.pk}))
    assert set(only_mc) == {"五月宣讲", "座谈", "去年宣讲"}  # the office's are not 庙川's
    assert titles(mc.get(url, {"office": "1"})) == ["全办学习"]
    assert set(titles(mc.get(url, {"kind": "policy_lecture"}))) == {"五月宣讲", "去年宣讲"}
    assert set(titles(mc.get(url, {"kind": "meetings"}))) == {"座谈", "全办学习"}
    assert set(titles(mc.get(url, {"year": 2026}))) == {"五月宣讲", "座谈", "全办学习"}
    between = {"held_on_after": "2026-05-13", "held_on_before": "2026-06-01"}
    assert titles(mc.get(url, between)) == ["座谈"]
    assert titles(mc.get(url, {"q": "马秀英"})) == ["座谈"]  # the organiser
    assert titles(mc.get(url, {"q": "理论"})) == ["全办学习"]  # the theme
    assert len(titles(mc.get(url, {"q": "党群服务"}))) == 4  # the place


def test_bad_filter_values_give_an_empty_list_not_an_error(
    mc: Client, miaochuan: Community
) -> None:
    make(miaochuan)
    url = reverse("campaigns:activity_list")
    for params in ({"year": "two"}, {"held_on_after": "2026-13-45"}, {"kind": "dance"}):
        response = mc.get(url, params)
        assert response.status_code == 200
    assert "empty-state" in mc.get(url, {"q": "没有这个"}).content.decode()


def test_the_log_shows_participant_totals_of_everything_listed(
    mc: Client, miaochuan: Community
) -> None:
    make(miaochuan, participants=30, minority_participants=10)
    make(miaochuan, participants=12, minority_participants=2)

    page = mc.get(reverse("campaigns:activity_list")).content.decode()

    assert "42" in page and "12" in page
    assert 'id="activity-totals"' in page


def test_the_log_takes_a_fixed_number_of_queries(mc: Client, miaochuan: Community) -> None:
    def add_rows(n: int) -> None:
        Activity.objects.bulk_create(
            Activity(
                community=miaochuan if i % 3 else None,
                kind="service",
                title=f"办实事{i}",
                held_on=TODAY,
                place_text="小区",
            )
            for i in range(n)
        )

    assert_fixed_queries(mc, reverse("campaigns:activity_list"), add_rows)


def test_the_export_is_the_filtered_list(
    mc: Client, miaochuan: Community, beihuan: Community
) -> None:
    make(miaochuan, "五月宣讲")
    make(None, "全办学习", kind="study")
    make(beihuan, "北环路宣讲")

    response = mc.get(reverse("campaigns:activity_export"), {"format": "csv", "kind": "study"})

    content = file_bytes(response).decode("utf-8-sig")
    assert "全办学习" in content and "全办" in content
    assert "五月宣讲" not in content and "北环路宣讲" not in content


# ---- the month view -------------------------------------------------------------------------


def test_the_month_shows_each_day_s_activities(mc: Client, miaochuan: Community) -> None:
    lecture = make(miaochuan, "五月宣讲", held_on=date(2026, 5, 12))
    make(miaochuan, "六月座谈", held_on=date(2026, 6, 1))

    response = mc.get(reverse("campaigns:activity_month"), {"year": 2026, "month": 5})

    page = response.content.decode()
    assert "五月宣讲" in page and "六月座谈" not in page
    day = next(
        d for week in response.context["weeks"] for d in week if d["date"] == lecture.held_on
    )
    assert [a.title for a in day["items"]] == ["五月宣讲"]
    assert response.context["previous_query"].startswith("year=2026&month=4")
    assert response.context["next_query"].startswith("year=2026&month=6")
    assert 'id="month-days"' in page  # the phone's list of the days with activities
    assert [day for day, _items in response.context["busy_days"]] == [lecture.held_on]


def test_the_month_rolls_over_the_year_and_ignores_nonsense(mc: Client) -> None:
    url = reverse("campaigns:activity_month")
    response = mc.get(url, {"year": 2026, "month": 12})
    assert response.context["next_query"].startswith("year=2027&month=1")
    response = mc.get(url, {"year": "abc", "month": "13"})
    assert response.status_code == 200
    assert (response.context["year"], response.context["month"]) == (TODAY.year, TODAY.month)


def test_the_month_of_one_community_leaves_the_office_s_out(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    make(miaochuan, "庙川宣讲", held_on=date(2026, 5, 12))
    make(None, "全办学习", held_on=date(2026, 5, 13))
    leader = client_as("leader")
    url = reverse("campaigns:activity_month")

    page = leader.get(url, {"year": 2026, "month": 5, "community": miaochuan.pk}).content.decode()

    assert "庙川宣讲" in page and "全办学习" not in page


# ---- the detail -----------------------------------------------------------------------------


def test_the_detail_shows_attendees_photos_files_and_publicity(
    mc: Client, miaochuan: Community, mc_people: dict[str, Any], accounts: dict[str, User]
) -> None:
    from campaigns.activities.rules import set_attendees

    lecture = make(miaochuan, place=mc_people["place"], place_text="")
    set_attendees(lecture, [mc_people["head"], mc_people["wife"]])
    Publicity.objects.create(
        community=miaochuan, title="庙川社区开展政策宣讲", kind="meipian", activity=lecture
    )

    page = mc.get(lecture.get_absolute_url()).content.decode()

    assert "马建国" in page and "杨秀兰" in page and "MC-0001" in page
    assert mc_people["head"].id_number not in page  # names and household numbers, no ID
    assert 'id="counts-derived"' in page
    assert "庙川社区开展政策宣讲" in page
    assert "庙川清真寺" in page
    assert 'capture="environment"' in page  # add photos from the phone's camera


# ---- the forms ------------------------------------------------------------------------------


def test_named_attendees_give_the_counts_and_photos_are_kept(
    mc: Client, miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    data = form_data(
        miaochuan,
        participants="99",
        attendees=[mc_people["head"].pk, mc_people["floating"].pk],
        photos=[SimpleUploadedFile("现场.jpg", jpeg_with_gps(), "image/jpeg")],
        attachments=[SimpleUploadedFile("签到表.pdf", pdf(), "application/pdf")],
    )

    response = mc.post(reverse("campaigns:activity_add"), data, follow=True)

    activity = Activity.objects.get()
    assert response.redirect_chain[-1][0] == activity.get_absolute_url()
    assert "活动已登记" in response.content.decode()
    assert (activity.participants, activity.minority_participants) == (2, 2)
    assert set(activity.attendees.all()) == {mc_people["head"], mc_people["floating"]}
    assert activity.photos.count() == 1
    attachment = activity.attachments.get()
    assert (attachment.kind, attachment.original_name) == ("sign_in", "签到表.pdf")


def test_a_validation_error_keeps_what_was_typed_but_not_the_files(
    mc: Client, miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    data = form_data(
        miaochuan,
        place_text="",
        attendees=[mc_people["head"].pk],
        photos=[SimpleUploadedFile("现场.jpg", jpeg_with_gps(), "image/jpeg")],
    )

    response = mc.post(reverse("campaigns:activity_add"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "请选择场所或填写活动地点" in page
    assert "民族团结座谈会" in page and "马建国" in page  # the title and the chosen attendee
    assert "重新选择照片和文件" in page
    assert not Activity.objects.exists() and not ActivityPhoto.objects.exists()


def test_a_refused_photo_keeps_nothing(mc: Client, miaochuan: Community) -> None:
    data = form_data(miaochuan, photos=[SimpleUploadedFile("x.jpg", b"not a photo", "image/jpeg")])

    response = mc.post(reverse("campaigns:activity_add"), data)

    assert response.status_code == 200
    assert "x.jpg" in response.content.decode()
    assert not Activity.objects.exists()


def test_attendees_are_residents_of_the_activity_s_community(
    mc: Client,
    client_as: Callable[[str], Client],
    accounts: dict[str, User],
    beihuan: Community,
    mc_people: dict[str, Any],
) -> None:
    from ledgers.models import Assignment

    add = reverse("campaigns:activity_add")
    head = mc_people["head"].pk
    # Out of scope: not even a choice.
    refused = client_as("staff_bh").post(add, form_data(beihuan, attendees=[head]))
    assert "请从本人所在社区的居民中选择参加人员" in refused.content.decode()
    # In scope, but 北环路's activity does not take 庙川's residents.
    Assignment.objects.create(user=accounts["staff_mc"], community=beihuan)
    response = mc.post(add, form_data(beihuan, attendees=[head]))
    assert "社区活动的参加人员须为本社区居民：马建国" in response.content.decode()
    assert not Activity.objects.exists()
    # An office-wide activity takes anyone in scope.
    assert mc.post(add, form_data(None, attendees=[head])).status_code == 302


def test_minority_participants_are_within_the_total(mc: Client, miaochuan: Community) -> None:
    data = form_data(miaochuan, minority_participants="30", participants="20")

    response = mc.post(reverse("campaigns:activity_add"), data)

    assert "少数民族参加人数不能多于参加人数" in response.content.decode()


def test_staff_cannot_record_for_another_community(mc: Client, beihuan: Community) -> None:
    response = mc.post(reverse("campaigns:activity_add"), form_data(beihuan))

    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_an_office_wide_activity_is_the_empty_community(mc: Client) -> None:
    mc.post(reverse("campaigns:activity_add"), form_data(None))

    assert Activity.objects.get().community is None


def test_counts_are_needed_without_attendees(mc: Client, miaochuan: Community) -> None:
    response = mc.post(reverse("campaigns:activity_add"), form_data(miaochuan, participants=""))

    assert "请填写参加人数，或列出参加人员" in response.content.decode()


def test_editing_away_the_attendees_keeps_the_typed_counts(
    mc: Client, miaochuan: Community, mc_people: dict[str, Any]
) -> None:
    from campaigns.activities.rules import set_attendees

    lecture = make(miaochuan)
    set_attendees(lecture, [mc_people["head"]])

    data = form_data(miaochuan, participants="50", minority_participants="20")
    mc.post(reverse("campaigns:activity_edit", args=[lecture.pk]), edited(lecture, data))

    lecture.refresh_from_db()
    assert lecture.attendees.count() == 0
    assert (lecture.participants, lecture.minority_participants) == (50, 20)


def test_copy_fills_the_form_from_an_earlier_activity(mc: Client, miaochuan: Community) -> None:
    lecture = make(miaochuan, "每月政策宣讲", theme="民族宗教政策", organiser="马秀英")

    response = mc.get(reverse("campaigns:activity_copy", args=[lecture.pk]))

    form = response.context["form"]
    assert form.initial["title"] == "每月政策宣讲"
    assert form.initial["theme"] == "民族宗教政策"
    assert form["participants"].value() in (0, "0", None)
    assert "已复制" in response.content.decode()
    response = mc.post(reverse("campaigns:activity_copy", args=[lecture.pk]), form_data(miaochuan))
    assert Activity.objects.count() == 2


def test_the_attendee_search_finds_residents_in_scope_only(
    mc: Client, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    url = reverse("campaigns:activity_attendee_search")

    page = mc.get(url, {"attendee_q": "马"}).content.decode()
    assert "马建国" in page and 'data-minority="1"' in page
    tail = mc_people["wife"].id_number[-4:]
    assert "杨秀兰" in mc.get(url, {"attendee_q": tail}).content.decode()
    assert "马建国" not in client_as("staff_bh").get(url, {"attendee_q": "马"}).content.decode()


# ---- photos and files -----------------------------------------------------------------------


def test_photos_are_added_served_and_removed_after_confirmation(
    mc: Client, client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    lecture = make(miaochuan)
    photo_file = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), "image/jpeg")
    mc.post(reverse("campaigns:activity_photo_add", args=[lecture.pk]), {"photos": [photo_file]})
    photo = lecture.photos.get()

    thumb = mc.get(reverse("campaigns:activity_photo_thumb", args=[photo.pk]))
    assert thumb["Content-Type"] == "image/jpeg"
    other = client_as("staff_bh").get(reverse("campaigns:activity_photo", args=[photo.pk]))
    assert other.status_code == 404

    delete = reverse("campaigns:activity_photo_delete", args=[photo.pk])
    assert "confirm-remove" in mc.get(delete).content.decode()
    assert ActivityPhoto.objects.exists()  # asking changes nothing
    mc.post(delete)
    assert not ActivityPhoto.objects.exists()


def test_a_file_downloads_under_its_own_name_in_scope_only(
    mc: Client, client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    lecture = make(miaochuan)
    upload = SimpleUploadedFile("宣讲课件.pdf", pdf(), "application/pdf")
    mc.post(
        reverse("campaigns:activity_attachment_add", args=[lecture.pk]),
        {"attachments": [upload], "attachment_kind": "slides"},
    )
    attachment = ActivityAttachment.objects.get()
    url = reverse("campaigns:activity_attachment", args=[attachment.pk])

    response = mc.get(url)

    assert response.status_code == 200
    assert "%E5%AE%A3%E8%AE%B2%E8%AF%BE%E4%BB%B6.pdf" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert client_as("staff_bh").get(url).status_code == 404


def test_a_refused_file_is_said_and_kept_out(mc: Client, miaochuan: Community) -> None:
    lecture = make(miaochuan)
    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", "application/octet-stream")

    response = mc.post(
        reverse("campaigns:activity_attachment_add", args=[lecture.pk]),
        {"attachments": [bad], "attachment_kind": "other"},
        follow=True,
    )

    assert "病毒.exe" in response.content.decode()
    assert not ActivityAttachment.objects.exists()
