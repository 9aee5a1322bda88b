"""The permission matrix's rows and actions of the self-assessment (测评指标自评): a small
indicator tree of 2026, 庙川's self-score of a leaf citing an activity; who may score, start and
pack it (a community's staff score theirs, the leaders the office's own)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests import permission_rows as rows
from tests.permission_kit import DENIED, DONE, HIDDEN, Action, _mc, outcomes
from tests.permission_rows import People

YEAR = 2026
SCORE = ("campaigns.SelfScore", "campaigns.ScoreEvidence")


def make_tree(people: People) -> Any:
    """组织领导 (10 points: 1.1 of 6, 1.2 of 4); returns the first leaf."""
    from campaigns.models import AssessmentIndicator

    root = AssessmentIndicator.objects.create(year=YEAR, number="1", name="组织领导")
    leaf = AssessmentIndicator.objects.create(
        year=YEAR,
        parent=root,
        number="1.1",
        name="成立创建工作领导小组",
        points=Decimal(6),
        evidence_required="成立文件、成员名单",
    )
    AssessmentIndicator.objects.create(
        year=YEAR, parent=root, number="1.2", name="制定实施方案", points=Decimal(4)
    )
    return leaf


def make_score(people: People) -> Any:
    """庙川's self-score of 1.1, citing a 庙川 activity."""
    from campaigns.models import ScoreEvidence, SelfScore

    leaf = make_tree(people)
    score = SelfScore.objects.create(
        indicator=leaf, community=people["household"].community, score=Decimal(5)
    )
    ScoreEvidence.objects.create(score=score, activity=rows.make_activity(people))
    return score


def _area(page: Any) -> dict[str, Any]:
    return {"year": str(YEAR), "community": str(_mc(page.people))}


ASSESSMENT: dict[str, Action] = {
    "campaigns:selfscore_edit": Action(
        make_score,
        lambda page: page.form(score="6", remark="已成立领导小组"),
        SCORE,
        outcomes(DENIED, staff_mc=DONE, staff_bh=HIDDEN),
    ),
    # 北环路's staff do not see 庙川 (404); the leaders keep the office's only.
    "campaigns:assessment_start": Action(
        make_tree,
        _area,
        ("campaigns.SelfScore",),
        outcomes(DENIED, staff_mc=DONE, staff_bh=HIDDEN),
        args=lambda _row: [],
    ),
    # Whoever reads 庙川's self-assessment and packs evidence may pack it.
    "campaigns:assessment_pack": Action(
        make_score,
        _area,
        ("campaigns.EvidencePack",),
        outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, leader=DONE, county=DONE, staff_bh=HIDDEN),
        args=lambda _row: [],
    ),
}
