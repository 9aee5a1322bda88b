"""Building an evidence pack (迎检材料): a .zip with the summary workbook (汇总.xlsx), each
activity's photos and attachments in a folder named by date and title, and an index (目录.txt).

The zip is written to a temporary file member by member (stored files are copied in chunks), so
memory stays flat whatever the period. Its contents are a document for the inspectors, written
in Chinese whatever the language of the page that asked for it. No ID number goes in.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.activities.models import Activity, ActivityAttachment, ActivityPhoto
from campaigns.evidence.models import EvidencePack, EvidenceRecord, EvidenceStatus
from campaigns.evidence.sheets import Contents, Member, Progress, safe_name
from campaigns.evidence.workbook import SummaryBook
from campaigns.publicity.models import Publicity
from campaigns.visits.models import Visit
from core import audit
from core.models import AuditAction
from core.people import person_name
from core.scope import sees_all_communities
from ledgers.models import Community, Household

__all__ = ["EvidenceError", "Selection", "build_pack", "pack_items", "safe_name"]

logger = logging.getLogger(__name__)

INLINE_ITEMS = 50  # records and files: a pack this small is built within the request
CHUNK = 1 << 20
WORKBOOK = "汇总.xlsx"
INDEX = "目录.txt"
_ALREADY_COMPRESSED = {".jpg", ".jpeg", ".png", ".webp", ".zip", ".docx", ".xlsx", ".pptx"}


class EvidenceError(Exception):
    """A pack that cannot be built, with a message for its requester."""


@dataclass
class Selection:
    """The records a pack holds: in its requester's scope, in the period (both days count),
    of its community (and the office's own activities and publicity when asked)."""

    pack: EvidencePack
    activities: QuerySet[Activity] | None = None
    visits: QuerySet[Visit] | None = None
    publicity: QuerySet[Publicity] | None = None
    households: QuerySet[Household] | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, pack: EvidencePack) -> Selection:
        user = pack.requested_by
        if pack.community_id is None:
            if not sees_all_communities(user):
                raise EvidenceError(
                    _("Only users who see every community can pack the whole office.")
                )
        elif not Community.objects.for_user(user).filter(pk=pack.community_id).exists():
            raise EvidenceError(_("This community is not one of yours."))
        period = (pack.period_start, pack.period_end)
        chosen = set(pack.indicators)
        selection = cls(pack)
        if EvidenceRecord.ACTIVITIES in chosen:
            activities = Activity.objects.for_user(user).filter(held_on__range=period)
            if pack.activity_kinds:
                activities = activities.filter(kind__in=pack.activity_kinds)
            selection.activities = cls._of_area(pack, activities, office_wide=True)
        if EvidenceRecord.VISITS in chosen:
            visits = Visit.objects.for_user(user).filter(visited_on__range=period)
            selection.visits = cls._of_area(pack, visits, office_wide=False)
        if EvidenceRecord.PUBLICITY in chosen:
            items = Publicity.objects.for_user(user).filter(published_on__range=period)
            selection.publicity = cls._of_area(pack, items, office_wide=True)
        if EvidenceRecord.ANTI_FRAUD in chosen:
            households = Household.objects.for_user(user)
            selection.households = cls._of_area(pack, households, office_wide=False)
        return selection

    @staticmethod
    def _of_area(pack: EvidencePack, queryset: QuerySet[Any], *, office_wide: bool) -> Any:
        if pack.community_id is None:
            return queryset
        area = Q(community=pack.community_id)
        if office_wide and pack.include_office_wide:
            area |= Q(community__isnull=True)
        return queryset.filter(area)

    @property
    def mixes_areas(self) -> bool:
        """Whether rows may be of different communities (or the office): a 单位 column then."""
        return self.pack.community_id is None or self.pack.include_office_wide

    def count(self) -> dict[str, int]:
        """Records and files of each type (a few COUNT queries)."""
        counts: dict[str, int] = {}
        if self.activities is not None:
            counts["activities"] = self.activities.count()
            of = {"activity__in": self.activities.values("pk")}
            counts["photos"] = ActivityPhoto.objects.filter(**of).count()
            counts["attachments"] = ActivityAttachment.objects.filter(**of).count()
        if self.visits is not None:
            counts["visits"] = self.visits.count()
        if self.publicity is not None:
            counts["publicity"] = self.publicity.count()
        if self.households is not None:
            counts["households"] = self.households.count()
        self.counts = counts
        return counts

    @property
    def items(self) -> int:
        """Rows to write and files to copy: what the progress counts."""
        return sum(self.counts.values())


def pack_items(pack: EvidencePack) -> int:
    """Records and files the pack will hold (to decide whether to build it in the request)."""
    if pack.assessment_year:
        return _assessment_items(pack)
    selection = Selection.of(pack)
    selection.count()
    return selection.items


# ---- the pack --------------------------------------------------------------------------------

SHEETS = {
    EvidenceRecord.ACTIVITIES: Contents.activities,
    EvidenceRecord.VISITS: Contents.visits,
    EvidenceRecord.PUBLICITY: Contents.publicity,
    EvidenceRecord.ANTI_FRAUD: Contents.anti_fraud,
}
COUNT_LABELS = [
    ("activities", "活动", "次"),
    ("photos", "活动照片", "张"),
    ("attachments", "活动附件", "个"),
    ("visits", "走访", "次"),
    ("publicity", "宣传报道", "篇"),
    ("households", "反诈APP统计住户", "户"),
]


def _facts(contents: Contents, generated: str) -> list[tuple[str, str]]:
    pack = contents.pack
    facts = [
        ("单位", contents.area),
        ("期间", contents.period.replace("至", " 至 ")),
        ("内容", "、".join(pack.indicator_labels)),
    ]
    if pack.activity_kinds:
        facts.append(("活动类型", "、".join(pack.activity_kind_labels)))
    if pack.community_id and pack.include_office_wide:
        facts.append(("说明", "含全办（党工委）组织的活动和宣传报道"))
    facts.append(("生成", f"{generated} {person_name(pack.requested_by)}"))
    return facts


def write_workbook(path: Path, contents: Contents, generated: str) -> None:
    counts = contents.selection.counts
    book = SummaryBook(path)
    try:
        rows: list[list[object]] = [
            [label, counts[key], unit] for key, label, unit in COUNT_LABELS if key in counts
        ]
        book.cover(
            "封面",
            f"{contents.area}迎检材料汇总",
            _facts(contents, generated),
            ["记录类型", "数量", "单位"],
            rows,
        )
        for key in contents.pack.indicators:
            if key in SHEETS:
                SHEETS[EvidenceRecord(key)](contents, book)
    finally:
        book.close()


def _copy(archive: zipfile.ZipFile, member: Member, when: tuple[int, ...]) -> bool:
    """Copy a stored file into the zip in chunks; False when the storage has lost it."""
    info = zipfile.ZipInfo(member.path, date_time=when)  # type: ignore[arg-type]
    compressed = Path(member.path).suffix.lower() in _ALREADY_COMPRESSED
    info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
    try:
        source = member.storage.open(member.storage_name, "rb")
    except (FileNotFoundError, OSError):
        logger.warning("evidence pack: %s is missing from the storage", member.storage_name)
        return False
    with source, archive.open(info, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, CHUNK)
    return True


def index_text(contents: Contents, generated: str, listed: list[tuple[str, str]]) -> str:
    """目录.txt: what the pack is, the counts, and every file with what it is."""
    lines = ["迎检材料目录", ""]
    lines += [f"{label}：{value}" for label, value in _facts(contents, generated)]
    lines += ["", "一、数量"]
    lines += [f"  {note}" for note in contents.notes.values()]
    lines += ["", f"二、文件（共 {len(listed)} 个）"]
    lines += [f"  {path}　—　{what}" for path, what in listed]
    return "\r\n".join(lines) + "\r\n"


def build_pack(pack: EvidencePack) -> None:
    """Write the pack's zip, save it and mark the pack done (raises EvidenceError, or any
    error of the storage, leaving the pack to the caller to mark failed)."""
    if pack.assessment_year:
        with translation.override("zh-hans"):
            _build_by_indicator(pack)
        return
    with translation.override("zh-hans"):
        selection = Selection.of(pack)
        selection.count()
        pack.status, pack.total, pack.progress = EvidenceStatus.BUILDING, selection.items, 0
        pack.counts = selection.counts
        pack.save(update_fields=["status", "total", "progress", "counts"])
        progress = Progress(pack)
        contents = Contents(selection, progress)
        now = timezone.localtime()
        generated = f"{now:%Y-%m-%d %H:%M}"
        with tempfile.TemporaryDirectory(prefix="evidence-") as folder:
            book_path, zip_path = Path(folder) / "book.xlsx", Path(folder) / "pack.zip"
            write_workbook(book_path, contents, generated)
            sheets = "、".join(["封面", *contents.notes])
            listed = [(WORKBOOK, f"汇总表：{sheets}（每类一张工作表，含合计）")]
            missing: list[str] = []
            when = now.timetuple()[:6]
            with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                archive.write(book_path, WORKBOOK)
                for member in contents.members:
                    if _copy(archive, member, when):
                        listed.append((member.path, member.what))
                    else:
                        missing.append(member.path)
                    progress.step()
                listed.append((INDEX, "本目录"))
                text = index_text(contents, generated, listed)
                if missing:
                    text += "\r\n三、缺失的文件（存储中已找不到，未能打包）\r\n"
                    text += "".join(f"  {path}\r\n" for path in missing)
                archive.writestr(INDEX, "\ufeff" + text)  # with a BOM: Notepad reads UTF-8
            _finish(
                pack, zip_path, selection.counts, missing, f"迎检材料: {pack.area} {pack.period}"
            )


def _finish(
    pack: EvidencePack, zip_path: Path, counts: dict[str, int], missing: list[str], target: str
) -> None:
    """Store the written zip, mark the pack done (saying how many files were missing from the
    storage) and log the export."""
    with zip_path.open("rb") as handle:
        pack.file.save("pack.zip", File(handle), save=False)
    pack.size = pack.file.size
    pack.status, pack.progress = EvidenceStatus.DONE, pack.total
    pack.counts = {**counts, "missing": len(missing)}
    pack.message = (
        ngettext(
            "%(count)d file was missing from the storage; the index lists it.",
            "%(count)d files were missing from the storage; the index lists them.",
            len(missing),
        )
        % {"count": len(missing)}
        if missing
        else ""
    )
    pack.finished_at = timezone.now()
    # Only these fields: a pack removed meanwhile raises here (and its file is removed) rather
    # than coming back.
    pack.save(
        update_fields=["size", "status", "progress", "counts", "message", "file", "finished_at"]
    )
    audit.record(
        None,
        AuditAction.EXPORT,
        user=pack.requested_by,
        target=target,
        pack=pack.pk,
        step="build",
        counts=counts,
    )


# ---- a self-assessment's pack, by indicator ----------------------------------------------------


def _assessment_items(pack: EvidencePack) -> int:
    """The records cited and the activities' photos and attachments (three COUNT queries)."""
    from campaigns.assessment.models import ScoreEvidence
    from campaigns.assessment.pack import scores_of

    links = ScoreEvidence.objects.filter(score__in=scores_of(pack).values("pk"))
    of = {"activity__in": links.filter(activity__isnull=False).values("activity_id")}
    photos = ActivityPhoto.objects.filter(**of).count()
    return links.count() + photos + ActivityAttachment.objects.filter(**of).count()


def _build_by_indicator(pack: EvidencePack) -> None:
    """The pack of a self-assessment (campaigns.assessment.pack): a folder per indicator with
    its index, the workbook, the whole pack's index; saved and logged as any pack."""
    from campaigns.assessment.pack import INDEX as FOLDER_INDEX
    from campaigns.assessment.pack import AssessmentPackError, plan, write_workbook

    try:
        result = plan(pack)
    except AssessmentPackError as error:
        raise EvidenceError(str(error)) from None
    pack.status, pack.total, pack.progress = EvidenceStatus.BUILDING, len(result.members), 0
    pack.counts = result.counts
    pack.save(update_fields=["status", "total", "progress", "counts"])
    progress = Progress(pack)
    now = timezone.localtime()
    generated = f"{now:%Y-%m-%d %H:%M}"
    assessment = result.assessment
    with tempfile.TemporaryDirectory(prefix="evidence-") as folder:
        book_path, zip_path = Path(folder) / "book.xlsx", Path(folder) / "pack.zip"
        write_workbook(book_path, result, generated, person_name(pack.requested_by))
        listed = [(WORKBOOK, "汇总表：封面、自评表、佐证材料（按指标）")]
        missing: list[str] = []
        when = now.timetuple()[:6]
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.write(book_path, WORKBOOK)
            for name, text in result.indexes.items():
                archive.writestr(f"{name}/{FOLDER_INDEX}", "\ufeff" + text)
                listed.append((f"{name}/{FOLDER_INDEX}", "本指标的佐证材料目录"))
            for member in result.members:
                if _copy(archive, member, when):
                    listed.append((member.path, member.what))
                else:
                    missing.append(member.path)
                progress.step()
            lines = [
                "自评佐证材料目录",
                "",
                f"单位：{assessment.area}",
                f"年度：{assessment.year}",
                assessment.score_text,
                f"生成：{generated} {person_name(pack.requested_by)}",
                "",
                f"文件（共 {len(listed) + 1} 个）",
                *[f"  {path}　—　{what}" for path, what in listed],
                f"  {INDEX}　—　本目录",
            ]
            if missing:
                lines += [
                    "",
                    "缺失的文件（存储中已找不到，未能打包）",
                    *[f"  {p}" for p in missing],
                ]
            archive.writestr(INDEX, "\ufeff" + "\r\n".join(lines) + "\r\n")
        _finish(
            pack,
            zip_path,
            result.counts,
            missing,
            f"自评佐证材料: {assessment.area} {assessment.year}",
        )
