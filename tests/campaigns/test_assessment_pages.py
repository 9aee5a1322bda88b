"""The self-assessment's pages: the tree of a year and community with its totals, in a fixed
number of queries; the score's form refuses a score above the points and evidence out of
scope; another community's self-assessment is a 404; the printed table has the totals and the
signature block; the .xlsx download is logged."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from campaigns.assessment.models import sort_key
from campaigns.models import (
    Activity,
    AssessmentIndicator,
    ScoreEvidence,
    SelfScore,
)
from core.models import AuditEvent
from ledgers.models import Community
from tests.helpers import assert_fixed_queries, edited
from tests.permission_actions_assessment import YEAR, make_score

PAGE = reverse("campaigns:assessment")


def area(community: Community | None) -> str:
    return f"?year={YEAR}&community={community.pk if community else ''}"


def test_the_page_shows_the_tree_with_scores_evidence_and_totals(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    score = make_score(mc_people)
    miaochuan = mc_people["household"].community
    response = client_as("staff_mc").get(PAGE + area(miaochuan))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="total-score">5<' in html and 'id="total-points">10<' in html
    assert "民族宗教政策宣讲" in html  # the activity cited
    assert reverse("campaigns:selfscore_edit", args=[score.pk]) in html
    assert 'id="assessment-start"' in html  # 1.2 has no score row yet
    # Read by the leaders, scored by 庙川's staff only.
    leader = client_as("leader").get(PAGE + area(miaochuan)).content.decode()
    assert "民族宗教政策宣讲" in leader
    assert reverse("campaigns:selfscore_edit", args=[score.pk]) not in leader


def test_another_communitys_self_assessment_is_a_404(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    make_score(mc_people)
    miaochuan = mc_people["household"].community
    client = client_as("staff_bh")
    assert client.get(PAGE + area(miaochuan)).status_code == 404
    assert client.get(reverse("campaigns:assessment_print") + area(miaochuan)).status_code == 404
    own = client.get(PAGE + f"?year={YEAR}").content.decode()  # their own community by default
    assert "北环路社区" in own and "民族宗教政策宣讲" not in own


def test_a_score_above_the_points_is_refused_on_the_form(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    score = make_score(mc_people)
    url = reverse("campaigns:selfscore_edit", args=[score.pk])
    client = client_as("staff_mc")
    response = client.post(url, edited(score, {"score": "6.5", "remark": "多报"}))
    assert response.status_code == 200
    assert response.context["form"].errors["score"]
    score.refresh_from_db()
    assert score.score == Decimal(5) and score.remark == ""


def test_evidence_out_of_scope_is_refused_and_in_scope_is_linked(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    score = make_score(mc_people)
    theirs = Activity.objects.create(
        community=Community.objects.get(name="北环路社区"),
        kind="forum",
        title="北环路座谈",
        held_on=date(YEAR, 4, 1),
        place_text="会议室",
    )
    ours = Activity.objects.create(
        community=mc_people["household"].community,
        kind="forum",
        title="庙川座谈",
        held_on=date(YEAR, 4, 2),
        place_text="会议室",
    )
    url = reverse("campaigns:selfscore_edit", args=[score.pk])
    client = client_as("staff_mc")
    refused = client.post(url, edited(score, {"score": "6", "activities": [theirs.pk]}))
    assert refused.status_code == 200 and refused.context["form"].errors["activities"]
    assert not ScoreEvidence.objects.filter(activity=theirs).exists()
    saved = client.post(url, edited(score, {"score": "6", "activities": [ours.pk]}))
    assert saved.status_code == 302
    assert list(ScoreEvidence.objects.filter(score=score).values_list("activity", flat=True)) == [
        ours.pk
    ]
    score.refresh_from_db()
    assert score.score == Decimal(6) and score.version == 2
    assert score.history.count() == 2


def test_the_page_makes_a_fixed_number_of_queries(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    miaochuan = mc_people["household"].community
    root = AssessmentIndicator.objects.create(year=YEAR, number="1", name="组织领导")
    made = [0]

    def add_rows(n: int) -> None:
        numbers = [f"1.{made[0] + i + 1}" for i in range(n)]
        made[0] += n
        leaves = AssessmentIndicator.objects.bulk_create(
            AssessmentIndicator(
                year=YEAR,
                parent=root,
                number=number,
                sort_key=sort_key(number),
                name="要点",
                points=Decimal(1),
            )
            for number in numbers
        )
        scores = SelfScore.objects.bulk_create(
            SelfScore(indicator=leaf, community=miaochuan, score=Decimal(1)) for leaf in leaves
        )
        activities = Activity.objects.bulk_create(
            Activity(
                community=miaochuan,
                kind="forum",
                title="座谈",
                held_on=date(YEAR, 5, 1),
                place_text="会议室",
            )
            for _ in scores
        )
        ScoreEvidence.objects.bulk_create(
            ScoreEvidence(score=s, activity=a) for s, a in zip(scores, activities, strict=True)
        )

    queries = assert_fixed_queries(client_as("staff_mc"), PAGE + area(miaochuan), add_rows)
    assert queries <= 25


def test_the_printed_table_has_the_totals_and_the_signature_block(
    mc_people: dict[str, Any], client_as: Any
) -> None:
    make_score(mc_people)
    miaochuan = mc_people["household"].community
    response = client_as("leader").get(reverse("campaigns:assessment_print") + area(miaochuan))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="assessment-total"' in html and 'id="print-score">5<' in html
    assert "成立创建工作领导小组" in html and "成立文件、成员名单" in html
    assert 'id="assessment-sign"' in html
    sign = html.split('id="assessment-sign"', 1)[1]
    assert sign.count('class="blank"') == 3  # 填报人, 审核人, 日期: lines to sign on
    assert "庙川社区" in sign  # above the seal


def test_the_xlsx_download_is_logged(mc_people: dict[str, Any], client_as: Any) -> None:
    import io

    from openpyxl import load_workbook

    make_score(mc_people)
    miaochuan = mc_people["household"].community
    response = client_as("county").get(reverse("campaigns:assessment_xlsx") + area(miaochuan))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert f"庙川社区{YEAR}年民族团结进步创建测评指标自评表" in values
    assert any("填报人" in str(v) for v in values) and 10 in values
    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert "测评指标自评表" in event.target
