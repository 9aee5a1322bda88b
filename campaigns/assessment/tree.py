"""A self-assessment as it is read: the year's indicator tree, with the area's self-scores, the
computed leaves' progress against their targets, the evidence and the totals, in a fixed number
of queries whatever the size of the tree (indicators, scores, evidence, targets and their
progress: campaigns.targets.progress counts, never this module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from campaigns.assessment.models import AssessmentIndicator, ScoreEvidence, SelfScore
from campaigns.targets.models import Target
from campaigns.targets.progress import TargetProgress, progress, records_url
from ledgers.models import Community

TENTH = Decimal("0.1")


def computed_score(points: Decimal, reached: TargetProgress) -> Decimal:
    """The full points when the target is met, otherwise in proportion of the threshold reached
    (points × actual ÷ threshold), to one decimal, rounded half up."""
    if reached.met or reached.threshold <= 0:
        return points
    return (points * reached.actual / reached.threshold).quantize(TENTH, ROUND_HALF_UP)


def of_area(queryset: QuerySet[Any], community: Community | None) -> QuerySet[Any]:
    return queryset.filter(Q(community=community) if community else Q(community__isnull=True))


@dataclass
class Row:
    """One indicator of the tree, as the page and the printed table show it."""

    indicator: AssessmentIndicator
    children: list[Row] = field(default_factory=list)
    score_row: SelfScore | None = None
    progress: TargetProgress | None = None
    records_url: str = ""
    evidence: list[ScoreEvidence] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.indicator.depth

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def points(self) -> Decimal:
        if self.children:
            return sum((child.points for child in self.children), Decimal(0))
        return self.indicator.points or Decimal(0)

    @property
    def computed(self) -> bool:
        """Computed from the records against a target set for the year and area."""
        return self.progress is not None

    @property
    def score(self) -> Decimal | None:
        """The leaf's self-score (computed when it can be), a parent's its leaves' sum; None
        while nothing under it is scored."""
        if self.children:
            scores = [s for s in (child.score for child in self.children) if s is not None]
            return sum(scores, Decimal(0)) if scores else None
        if self.progress is not None:
            return computed_score(self.points, self.progress)
        return self.score_row.score if self.score_row else None

    @property
    def remark(self) -> str:
        return self.score_row.remark if self.score_row else ""


@dataclass
class Assessment:
    """The self-assessment of a year and an area (community None: the office's own)."""

    year: int
    community: Community | None
    roots: list[Row]
    rows: list[Row]  # every row, in the tree's order

    @property
    def area(self) -> str:
        from django.utils.translation import gettext as _

        return self.community.name if self.community else str(_("Whole office"))

    @property
    def leaves(self) -> list[Row]:
        return [row for row in self.rows if row.is_leaf]

    @property
    def total_points(self) -> Decimal:
        return sum((row.points for row in self.roots), Decimal(0))

    @property
    def total_score(self) -> Decimal:
        return sum((row.score or Decimal(0) for row in self.roots), Decimal(0))

    @property
    def score_text(self) -> str:
        """得分 90.5 / 总分 100: the totals as the filed documents write them."""
        from campaigns.assessment.models import points_text

        return f"得分 {points_text(self.total_score)} / 总分 {points_text(self.total_points)}"

    @property
    def scored(self) -> int:
        return sum(1 for row in self.leaves if row.score is not None)

    @property
    def missing_scores(self) -> int:
        """Leaves without a self-score row yet (the self-assessment is started, or extended
        after the administrator added items, by `start`)."""
        return sum(1 for row in self.leaves if row.score_row is None)

    @property
    def evidence_count(self) -> int:
        return sum(len(row.evidence) for row in self.leaves)


EVIDENCE_RELATED = ["activity", "document", "visit__household", "publicity", "hazard"]


def load(user: Any, year: int, community: Community | None) -> Assessment:
    """The tree of `year` with `community`'s self-scores (in `user`'s scope), their evidence and
    the computed leaves' progress: five queries, and at most six more for the progress."""
    indicators = list(AssessmentIndicator.objects.filter(year=year).order_by("sort_key"))
    scores = of_area(SelfScore.objects.for_user(user), community).filter(indicator__year=year)
    by_indicator = {score.indicator_id: score for score in scores}
    evidence: dict[int, list[ScoreEvidence]] = {}
    if by_indicator:
        links = (
            ScoreEvidence.objects.filter(score__in=[s.pk for s in by_indicator.values()])
            .select_related(*EVIDENCE_RELATED)
            .order_by("pk")
        )
        for link in links:
            evidence.setdefault(link.score_id, []).append(link)
    rows: dict[int, Row] = {}
    ordered: list[Row] = []
    roots: list[Row] = []
    for indicator in indicators:
        row = Row(indicator)
        score = by_indicator.get(indicator.pk)
        if score is not None:
            row.score_row = score
            row.evidence = evidence.get(score.pk, [])
        rows[indicator.pk] = row
        ordered.append(row)
        parent = rows.get(indicator.parent_id) if indicator.parent_id else None
        (parent.children if parent is not None else roots).append(row)
    _fill_progress(user, year, community, [row for row in ordered if row.is_leaf])
    return Assessment(year, community, roots, ordered)


def _fill_progress(user: Any, year: int, community: Community | None, leaves: list[Row]) -> None:
    computed = [row for row in leaves if row.indicator.computed_from]
    if not computed:
        return
    targets = of_area(Target.objects.for_user(user), community).filter(year=year)
    by_key = {(t.indicator, t.activity_kind): t for t in targets.select_related("community")}
    wanted = {}
    for row in computed:
        target = by_key.get((row.indicator.computed_from, row.indicator.activity_kind))
        if target is not None:
            wanted[target.pk] = target
    reached = {item.target.pk: item for item in progress(wanted.values(), user)}
    for row in computed:
        target = by_key.get((row.indicator.computed_from, row.indicator.activity_kind))
        if target is not None:
            row.progress = reached[target.pk]
            row.records_url = records_url(target)
