"""The evidence pack of a self-assessment (自评佐证材料): a folder per indicator ("1.2 宣传教育/"),
each with the files of the records cited for it (an activity's photos and attachments, a work
document's files, a hazard's photos, a folder a record) and its own index (目录.txt); the
workbook (汇总.xlsx) has the self-assessment table and every indicator's evidence.

Every record cited is read again in the requester's scope: a link to a record they no longer see
is left out. Built by campaigns.evidence.pack.build_pack, like any pack: Chinese, no ID number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, Q

from campaigns.activities.models import Activity, ActivityAttachment, ActivityPhoto
from campaigns.assessment.models import EvidenceKind, ScoreEvidence, SelfScore, points_text
from campaigns.assessment.table import HEADERS, line, title
from campaigns.assessment.tree import Assessment, load
from campaigns.creation.models import WorkDocument, WorkDocumentFile
from campaigns.evidence.models import EvidencePack
from campaigns.evidence.sheets import Member, safe_name
from campaigns.evidence.workbook import SummaryBook
from campaigns.publicity.models import Publicity
from campaigns.visits.models import Visit
from casework.models import Hazard, HazardPhoto
from core.scope import sees_all_communities
from ledgers.models import Community

INDEX = "目录.txt"
KIND_NAMES = {
    EvidenceKind.ACTIVITY: "活动",
    EvidenceKind.DOCUMENT: "工作文档",
    EvidenceKind.VISIT: "走访",
    EvidenceKind.PUBLICITY: "宣传报道",
    EvidenceKind.HAZARD: "隐患",
}


class AssessmentPackError(Exception):
    """The requester may not pack this self-assessment, with a message saying why."""


def _community(pack: EvidencePack) -> Community | None:
    user = pack.requested_by
    if pack.community_id is None:
        if not sees_all_communities(user):
            raise AssessmentPackError("只有能查看全部社区的用户才能打包全办的自评材料。")
        return None
    community = Community.objects.for_user(user).filter(pk=pack.community_id).first()
    if community is None:
        raise AssessmentPackError("该社区不在您的工作范围内。")
    return community


@dataclass
class Cited:
    """The records cited, read again in the requester's scope, with what they hold."""

    records: dict[tuple[str, int], Any] = field(default_factory=dict)

    @classmethod
    def of(cls, user: Any, links: list[ScoreEvidence]) -> Cited:
        wanted: dict[str, set[int]] = {}
        for link in links:
            wanted.setdefault(link.kind, set()).add(getattr(link, f"{link.kind}_id"))
        found = cls()
        querysets: dict[str, Any] = {
            EvidenceKind.ACTIVITY: Activity.objects.prefetch_related(
                Prefetch("photos", ActivityPhoto.objects.order_by("uploaded_at", "pk")),
                Prefetch("attachments", ActivityAttachment.objects.order_by("uploaded_at", "pk")),
            ),
            EvidenceKind.DOCUMENT: WorkDocument.objects.prefetch_related(
                Prefetch("files", WorkDocumentFile.objects.order_by("uploaded_at", "pk"))
            ),
            EvidenceKind.VISIT: Visit.objects.select_related("household"),
            EvidenceKind.PUBLICITY: Publicity.objects.all(),
            EvidenceKind.HAZARD: Hazard.objects.prefetch_related(
                Prefetch("photos", HazardPhoto.objects.order_by("uploaded_at", "pk"))
            ),
        }
        for kind, pks in wanted.items():
            for record in querysets[kind].for_user(user).filter(pk__in=pks):
                found.records[(kind, record.pk)] = record
        return found

    def get(self, link: ScoreEvidence) -> Any:
        return self.records.get((link.kind, getattr(link, f"{link.kind}_id")))


def describe(kind: str, record: Any) -> tuple[str, str]:
    """(date, what) of a record in the index and the workbook."""
    if kind == EvidenceKind.ACTIVITY:
        return f"{record.held_on:%Y-%m-%d}", f"{record.get_kind_display()}：{record.title}"
    if kind == EvidenceKind.DOCUMENT:
        return f"{record.issued_on:%Y-%m-%d}", f"{record.get_kind_display()}：{record.title}"
    if kind == EvidenceKind.VISIT:
        return f"{record.visited_on:%Y-%m-%d}", f"走访户 {record.household.number}"
    if kind == EvidenceKind.PUBLICITY:
        link = f"（{record.link}）" if record.link else ""
        return (
            f"{record.published_on:%Y-%m-%d}",
            f"{record.get_kind_display()}：{record.title}{link}",
        )
    return f"{record.found_on:%Y-%m-%d}", f"{record.number} {record.location}"


def files_of(kind: str, record: Any) -> Iterator[tuple[str, Any, str]]:
    """(name, stored file, what it is) of the record's files."""
    if kind == EvidenceKind.ACTIVITY:
        for number, photo in enumerate(record.photos.all(), start=1):
            extension = Path(photo.image.name or "").suffix.lower() or ".jpg"
            yield f"照片{number}{extension}", photo.image, "活动照片"
        for attachment in record.attachments.all():
            yield attachment.original_name, attachment.file, "活动附件"
    elif kind == EvidenceKind.DOCUMENT:
        for document_file in record.files.all():
            yield document_file.original_name, document_file.file, "文档文件"
    elif kind == EvidenceKind.HAZARD:
        for number, photo in enumerate(record.photos.all(), start=1):
            extension = Path(photo.image.name or "").suffix.lower() or ".jpg"
            stage = photo.get_stage_display()
            yield f"{stage}照片{number}{extension}", photo.image, f"隐患照片（{stage}）"


@dataclass
class Plan:
    """What goes into the zip: the files, each folder's index, the workbook's lines."""

    assessment: Assessment
    members: list[Member] = field(default_factory=list)
    indexes: dict[str, str] = field(default_factory=dict)  # folder → its 目录.txt
    evidence_rows: list[list[object]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def plan(pack: EvidencePack) -> Plan:
    """The self-assessment of the pack's area and year, and every file to copy, by indicator."""
    user = pack.requested_by
    community = _community(pack)
    year = pack.assessment_year
    assert year is not None
    assessment = load(user, year, community)
    links = [link for row in assessment.leaves for link in row.evidence]
    cited = Cited.of(user, links)
    result = Plan(assessment)
    folders: set[str] = set()
    files = records = 0
    for row in assessment.leaves:
        if not row.evidence:
            continue
        indicator = row.indicator
        folder = safe_name(f"{indicator.number} {indicator.name}", folders)
        used: set[str] = set()
        index = [f"{indicator.number} {indicator.name}", f"分值：{points_text(row.points)}"]
        if row.score is not None:
            index.append(f"自评分：{points_text(row.score)}")
        if indicator.evidence_required:
            index.append(f"佐证材料要求：{indicator.evidence_required}")
        index += ["", "佐证材料："]
        for link in row.evidence:
            record = cited.get(link)
            if record is None:
                continue  # no longer in the requester's scope
            records += 1
            kind = link.kind
            day, what = describe(kind, record)
            result.evidence_rows.append(
                [indicator.number, indicator.name, KIND_NAMES[kind], day, what]
            )
            index.append(f"  {KIND_NAMES[kind]}　{day}　{what}")
            stored = list(files_of(kind, record))
            if not stored:
                continue
            sub = safe_name(f"{KIND_NAMES[kind]} {day} {what.split('：')[-1]}", used)
            names: set[str] = set()
            for name, file, label in stored:
                path = f"{folder}/{sub}/{safe_name(name, names, fallback='文件')}"
                result.members.append(Member(path, file.name, file.storage, f"{label}：{what}"))
                index.append(f"    {path.split('/', 1)[1]}")
                files += 1
        result.indexes[folder] = "\r\n".join(index) + "\r\n"
    result.counts = {"indicators": len(result.indexes), "evidence": records, "files": files}
    return result


def write_workbook(path: Path, result: Plan, generated: str, requester: str) -> None:
    assessment = result.assessment
    book = SummaryBook(path)
    try:
        facts = [
            ("单位", assessment.area),
            ("年度", str(assessment.year)),
            (
                "自评",
                assessment.score_text,
            ),
            ("生成", f"{generated} {requester}"),
        ]
        rows = [
            ["有佐证材料的指标", result.counts["indicators"], "项"],
            ["佐证材料", result.counts["evidence"], "件"],
            ["文件和照片", result.counts["files"], "个"],
        ]
        book.cover(
            "封面", f"{assessment.area}自评佐证材料汇总", facts, ["内容", "数量", "单位"], rows
        )
        book.table(
            "自评表",
            title(assessment),
            HEADERS,
            (line(row) for row in assessment.rows),
            lambda: [
                "合计",
                "",
                float(assessment.total_points),
                "",
                float(assessment.total_score),
                "",
                "",
            ],
        )
        book.table(
            "佐证材料",
            f"{assessment.area}{assessment.year}年自评佐证材料（按指标）",
            ["序号", "测评指标", "类型", "日期", "内容"],
            iter(result.evidence_rows),
            lambda: ["合计", f"共{result.counts['evidence']}件", "", "", ""],
        )
    finally:
        book.close()


def scores_of(pack: EvidencePack) -> Any:
    """The pack's area's score rows (for a quick count before building)."""
    area = Q(community=pack.community_id) if pack.community_id else Q(community__isnull=True)
    return SelfScore.objects.filter(area, indicator__year=pack.assessment_year or 0)
