"""Activities: counts derived from named attendees, their rules, copying, and scope."""

from datetime import date, time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.activities.rules import copy_activity, derive_counts, set_attendees
from campaigns.models import Activity, ActivityAttendee, ActivityKind, ActivityPhoto
from ledgers.models import Community, Place, Resident
from tests.campaigns.conftest import HAN, HUI, MakeHousehold


def activity(community: Community | None, **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "kind": ActivityKind.POLICY_LECTURE,
        "title": "民族宗教政策宣讲",
        "held_on": date(2026, 5, 12),
        "place_text": "社区党群服务中心",
        "participants": 40,
        "minority_participants": 12,
        **fields,
    }
    return Activity.objects.create(community=community, **values)


def test_named_attendees_give_both_counts(
    miaochuan: Community, make_household: MakeHousehold
) -> None:
    lecture = activity(miaochuan)
    family = make_household(miaochuan, (HUI, HUI, HAN))  # 2 minority, 1 Han
    neighbour = make_household(miaochuan, ("05",))  # 维吾尔族
    residents = [*family.members.all(), *neighbour.members.all()]

    assert set_attendees(lecture, residents) is True

    lecture.refresh_from_db()
    assert (lecture.participants, lecture.minority_participants) == (4, 3)
    assert lecture.attendees.count() == 4


def test_changing_attendees_changes_the_counts(
    miaochuan: Community, make_household: MakeHousehold
) -> None:
    lecture = activity(miaochuan)
    members = list(make_household(miaochuan, (HUI, HAN, HAN)).members.order_by("pk"))
    set_attendees(lecture, members)
    set_attendees(lecture, members[1:])  # the 回族 member did not come after all

    lecture.refresh_from_db()
    assert (lecture.participants, lecture.minority_participants) == (2, 0)
    assert ActivityAttendee.objects.filter(activity=lecture).count() == 2


def test_without_attendees_the_typed_counts_stay(miaochuan: Community) -> None:
    performance = activity(miaochuan, participants=300, minority_participants=90)

    assert derive_counts(performance) is False

    performance.refresh_from_db()
    assert (performance.participants, performance.minority_participants) == (300, 90)


def test_residents_of_moved_out_status_still_count_as_named(
    miaochuan: Community, make_household: MakeHousehold
) -> None:
    """An attendee who later moves out still took part: the count is of the day itself."""
    lecture = activity(miaochuan)
    member = make_household(miaochuan, (HUI,)).members.get()
    set_attendees(lecture, [member])
    Resident.objects.filter(pk=member.pk).update(status="moved_out", status_date=date(2026, 9, 1))

    derive_counts(lecture)

    assert (lecture.participants, lecture.minority_participants) == (1, 1)


def test_a_community_activity_takes_only_its_own_residents(
    miaochuan: Community, beihuan: Community, make_household: MakeHousehold
) -> None:
    lecture = activity(miaochuan)
    outsider = make_household(beihuan, (HUI,)).members.get()

    with pytest.raises(ValidationError):
        set_attendees(lecture, [outsider])

    assert not lecture.attendees.exists()


def test_an_office_wide_activity_takes_residents_of_every_community(
    miaochuan: Community, beihuan: Community, make_household: MakeHousehold
) -> None:
    meeting = activity(None, kind=ActivityKind.MOBILISATION)
    people = [
        make_household(miaochuan, (HUI,)).members.get(),
        make_household(beihuan, (HAN,)).members.get(),
    ]
    set_attendees(meeting, people)

    meeting.refresh_from_db()
    assert (meeting.participants, meeting.minority_participants) == (2, 1)


def test_more_minority_participants_than_participants_is_refused(miaochuan: Community) -> None:
    row = Activity(
        community=miaochuan,
        kind=ActivityKind.FORUM,
        title="座谈会",
        place_text="会议室",
        participants=10,
        minority_participants=11,
    )
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "minority_participants" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_place_of_another_community_is_refused(miaochuan: Community, beihuan: Community) -> None:
    square = Place.objects.create(
        community=beihuan, name="新时代文明实践广场", kind="cultural", address="北环路"
    )
    row = Activity(community=miaochuan, kind="study", title="学习", place=square)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "place" in refused.value.message_dict

    office_wide = Activity(community=None, kind="study", title="学习", place=square)
    office_wide.full_clean()  # the office meets wherever it likes


def test_an_activity_needs_a_place_or_a_location(miaochuan: Community) -> None:
    row = Activity(community=miaochuan, kind="study", title="学习")
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "place_text" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_an_activity_ends_after_it_starts(miaochuan: Community) -> None:
    row = Activity(
        community=miaochuan,
        kind="study",
        title="学习",
        place_text="会议室",
        starts_at=time(15, 0),
        ends_at=time(14, 0),
    )
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "ends_at" in refused.value.message_dict


def test_copying_an_activity_keeps_what_recurs(miaochuan: Community) -> None:
    mosque = Place.objects.create(
        community=miaochuan, name="清真寺", kind="religious", religion="3", address="清真寺巷1号"
    )
    original = activity(
        miaochuan,
        kind=ActivityKind.STUDY,
        title="理论中心组学习（第3次）",
        theme="铸牢中华民族共同体意识",
        place=mosque,
        organiser="社区党委",
        summary="学习了……",
        starts_at=time(9, 0),
    )

    copy = copy_activity(original)

    assert copy.pk is None
    assert (copy.community, copy.kind, copy.title, copy.theme, copy.place, copy.organiser) == (
        miaochuan,
        ActivityKind.STUDY,
        "理论中心组学习（第3次）",
        "铸牢中华民族共同体意识",
        mosque,
        "社区党委",
    )
    assert copy.held_on is None
    assert str(copy) == "理论中心组学习（第3次）"
    assert (copy.participants, copy.minority_participants, copy.summary) == (0, 0, "")
    assert copy.starts_at is None
    assert Activity.objects.count() == 1  # nothing saved


def test_staff_see_their_community_and_the_office_not_others(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    mc = activity(miaochuan, title="庙川的宣讲")
    bh = activity(beihuan, title="北环路的宣讲")
    office = activity(None, title="党工委动员部署会")

    def seen(persona: str) -> set[int]:
        return set(Activity.objects.for_user(accounts[persona]).values_list("pk", flat=True))

    assert seen("staff_bh") == {bh.pk, office.pk}
    assert seen("staff_mc") == {mc.pk, office.pk}
    assert seen("grid_mc1") == {mc.pk, office.pk}
    assert seen("leader") == seen("county") == {mc.pk, bh.pk, office.pk}
    assert seen("admin") == set()  # no community of the office: not even its own rows


def test_photos_follow_their_activity_s_scope(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    mc = activity(miaochuan)
    office = activity(None)
    photos = [
        ActivityPhoto.objects.create(activity=a, uploaded_by=accounts["staff_mc"])
        for a in (mc, office)
    ]

    seen = set(ActivityPhoto.objects.for_user(accounts["staff_bh"]).values_list("pk", flat=True))

    assert seen == {photos[1].pk}
