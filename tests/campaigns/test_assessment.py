"""The self-assessment's rules: the tree's points add up, a score above its item's points is
refused, an item computed from the records scores itself against its target, the tree is
copied to the next year, and the evidence pack by indicator holds each indicator's folder with
the cited activity's photos."""

import io
import zipfile
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from campaigns.assessment.steps import copy_tree, start
from campaigns.assessment.tree import load
from campaigns.models import (
    Activity,
    ActivityPhoto,
    AssessmentIndicator,
    EvidencePack,
    ScoreEvidence,
    SelfScore,
    Target,
)
from ledgers.models import Community
from tests.permission_actions_assessment import YEAR, make_score, make_tree


def test_a_parents_points_are_its_items_sum(mc_people: dict[str, Any]) -> None:
    make_tree(mc_people)
    AssessmentIndicator.objects.create(year=YEAR, number="2", name="宣传教育", points=Decimal(8))
    assessment = load(User.objects.get(username="staff_mc"), YEAR, mc_people["household"].community)
    first, second = assessment.roots
    assert [row.indicator.number for row in assessment.rows] == ["1", "1.1", "1.2", "2"]
    assert first.points == Decimal(10) and not first.is_leaf
    assert second.points == Decimal(8) and second.is_leaf
    assert assessment.total_points == Decimal(18)


def test_items_sort_by_number_not_by_text(accounts: dict[str, User]) -> None:
    root = AssessmentIndicator.objects.create(year=YEAR, number="1", name="组织领导")
    for n in (10, 9, 2):
        AssessmentIndicator.objects.create(
            year=YEAR, parent=root, number=f"1.{n}", name=f"第{n}项", points=Decimal(1)
        )
    numbers = list(AssessmentIndicator.objects.filter(year=YEAR).values_list("number", flat=True))
    assert numbers == ["1", "1.2", "1.9", "1.10"]


def test_a_score_above_the_items_points_is_refused(mc_people: dict[str, Any]) -> None:
    leaf = make_tree(mc_people)
    score = SelfScore(indicator=leaf, community=mc_people["household"].community, score=Decimal(7))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        score.full_clean()
    assert "cannot be more than the item's 6 points" in str(refused.value.message_dict["score"])
    score.score = Decimal(6)
    score.full_clean()  # the full points are allowed


def test_a_sub_item_of_a_scored_parent_or_a_fourth_level_is_refused(
    accounts: dict[str, User],
) -> None:
    root = AssessmentIndicator.objects.create(year=YEAR, number="1", name="组织领导", points=5)
    with pytest.raises(ValidationError) as refused:
        AssessmentIndicator(year=YEAR, parent=root, number="1.1", name="x", points=1).full_clean()
    assert "parent" in refused.value.message_dict
    root.points = None
    root.save()
    leaf = AssessmentIndicator.objects.create(year=YEAR, parent=root, number="1.1", name="a")
    third = AssessmentIndicator.objects.create(year=YEAR, parent=leaf, number="1.1.1", name="b")
    with pytest.raises(ValidationError) as refused:
        AssessmentIndicator(year=YEAR, parent=third, number="1.1.1.1", name="c").full_clean()
    assert "number" in refused.value.message_dict or "parent" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        AssessmentIndicator(year=YEAR, parent=root, number="2.1", name="d").full_clean()
    assert "number" in refused.value.message_dict


def test_a_computed_item_scores_itself_from_the_records_against_its_target(
    mc_people: dict[str, Any],
) -> None:
    miaochuan = mc_people["household"].community
    staff = User.objects.get(username="staff_mc")
    root = AssessmentIndicator.objects.create(year=YEAR, number="2", name="宣传教育")
    leaf = AssessmentIndicator.objects.create(
        year=YEAR,
        parent=root,
        number="2.1",
        name="开展民族政策宣讲",
        points=Decimal(5),
        computed_from="activities",
        activity_kind="policy_lecture",
    )
    # Typed, with no target: the typed score applies.
    SelfScore.objects.create(indicator=leaf, community=miaochuan, score=Decimal(1))
    assert load(staff, YEAR, miaochuan).rows[1].score == Decimal(1)
    Target.objects.create(
        community=miaochuan,
        year=YEAR,
        indicator="activities",
        activity_kind="policy_lecture",
        threshold=4,
    )
    for day in (3, 4, 5):
        Activity.objects.create(
            community=miaochuan,
            kind="policy_lecture",
            title=f"宣讲{day}",
            held_on=date(YEAR, 3, day),
            place_text="社区活动室",
            participants=10,
        )
    Activity.objects.create(  # another year's lecture does not count
        community=miaochuan,
        kind="policy_lecture",
        title="去年",
        held_on=date(YEAR - 1, 3, 1),
        place_text="社区活动室",
    )
    row = load(staff, YEAR, miaochuan).rows[1]
    assert row.computed and row.progress is not None and row.progress.count == 3
    assert row.score == Decimal("3.8")  # 5 × 3 ÷ 4 = 3.75, half up
    Activity.objects.create(
        community=miaochuan,
        kind="policy_lecture",
        title="第四次",
        held_on=date(YEAR, 6, 1),
        place_text="社区活动室",
    )
    assessment = load(staff, YEAR, miaochuan)
    assert assessment.rows[1].score == Decimal(5)  # met: the full points
    assert assessment.rows[0].score == Decimal(5) and assessment.total_score == Decimal(5)


def test_the_tree_is_copied_to_the_next_year_once(mc_people: dict[str, Any]) -> None:
    make_tree(mc_people)
    assert copy_tree(YEAR, YEAR + 1) == 3
    copied = AssessmentIndicator.objects.filter(year=YEAR + 1).order_by("sort_key")
    assert [(i.number, i.parent.number if i.parent else None) for i in copied] == [
        ("1", None),
        ("1.1", "1"),
        ("1.2", "1"),
    ]
    with pytest.raises(ValidationError):
        copy_tree(YEAR, YEAR + 1)


def test_starting_makes_a_score_row_for_each_leaf_once(mc_people: dict[str, Any]) -> None:
    make_tree(mc_people)
    miaochuan = mc_people["household"].community
    staff = User.objects.get(username="staff_mc")
    assert start(YEAR, miaochuan, staff) == 2
    assert start(YEAR, miaochuan, staff) == 0
    assert start(YEAR, None, User.objects.get(username="leader")) == 2  # the office's own
    assert SelfScore.objects.filter(community=miaochuan).count() == 2
    assert SelfScore.history.count() == 4


def photo_of(activity: Activity) -> ActivityPhoto:
    photo = ActivityPhoto(
        activity=activity,
        content_type="image/jpeg",
        uploaded_by=User.objects.get(username="staff_mc"),
    )
    photo.image.save("photos/a.jpg", ContentFile(b"jpeg-bytes"), save=False)
    photo.thumbnail.save("photos/a-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return photo


def test_the_evidence_pack_by_indicator_has_each_indicators_folder_with_the_photos(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    score = make_score(mc_people)
    activity = ScoreEvidence.objects.get(score=score).activity
    assert activity is not None
    activity.held_on = date(YEAR, 5, 4)
    activity.save()
    photo_of(activity)
    # Another community's activity cited by hand is not packed for 庙川's staff.
    other = Activity.objects.create(
        community=Community.objects.get(name="北环路社区"),
        kind="forum",
        title="北环路座谈",
        place_text="会议室",
    )
    ScoreEvidence.objects.create(score=score, activity=other)
    miaochuan = mc_people["household"].community
    response = client_as("staff_mc").post(
        reverse("campaigns:assessment_pack"), {"year": YEAR, "community": miaochuan.pk}
    )
    pack = EvidencePack.objects.get()
    assert response.status_code == 302 and response["Location"] == pack.get_absolute_url()
    assert pack.status == "done", pack.message
    assert pack.download_name == f"自评佐证材料_庙川社区_{YEAR}.zip"
    with zipfile.ZipFile(io.BytesIO(pack.file.read())) as archive:
        names = archive.namelist()
        folder = "1.1 成立创建工作领导小组"
        photos = [n for n in names if n.startswith(f"{folder}/") and n.endswith("照片1.jpg")]
        assert len(photos) == 1, names
        assert archive.read(photos[0]) == b"jpeg-bytes"
        index = archive.read(f"{folder}/目录.txt").decode("utf-8-sig")
        assert "成立文件、成员名单" in index and "民族宗教政策宣讲" in index
        assert "北环路座谈" not in index
        assert "汇总.xlsx" in names and "目录.txt" in names
        assert not any(n.startswith("1.2 ") for n in names)  # nothing cited for 1.2
    assert pack.counts["indicators"] == 1 and pack.counts["evidence"] == 1
    download = client_as("staff_mc").get(reverse("campaigns:evidence_download", args=[pack.pk]))
    assert download.status_code == 200
