"""The evidence pack's sheets: one method a record type writes its table into the summary
workbook and gathers the files to copy (an activity's photos and attachments, in a folder named
by its date and title). The texts are Chinese: the pack is a document for the inspectors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from campaigns.activities.models import Activity, ActivityAttachment, ActivityPhoto
from campaigns.antifraud.models import AntiFraudStatus
from campaigns.coverage import rate
from campaigns.evidence.models import EvidencePack
from campaigns.evidence.workbook import SummaryBook
from campaigns.publicity.models import Publicity
from core.people import person_name
from core.scope import sees_all_communities
from ledgers.models import Community, Household

if TYPE_CHECKING:
    from campaigns.evidence.pack import Selection

PROGRESS_STEP = 25  # the progress is saved every this many items
NAME_LIMIT = 60  # characters of a file or folder name in the zip
WORKBOOK = "汇总.xlsx"
INDEX = "目录.txt"
ACTIVITY_FOLDER = "活动"
WHOLE_OFFICE = "全办"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def safe_name(text: str, used: set[str] | None = None, *, fallback: str = "未命名") -> str:
    """`text` as one file or folder name in a zip that opens alike on Windows, macOS and Linux:
    no slashes or characters Windows refuses, no "..", no leading or trailing dots or spaces,
    at most NAME_LIMIT characters (the extension kept), and unique (case aside) in `used`,
    which it is added to: 签到表.pdf, 签到表(2).pdf …"""
    parts = re.split(r"[/\\]", unicodedata.normalize("NFC", str(text)))
    name = "_".join(part for part in parts if part.strip(" .")) or ""
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" .") or fallback
    if _RESERVED.match(name):
        name = f"_{name}"
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not re.fullmatch(r"[A-Za-z0-9]{1,8}", extension):
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    candidate, number = "", 1
    while True:
        tail = f"({number})" if number > 1 else ""
        room = NAME_LIMIT - len(suffix) - len(tail)
        candidate = f"{stem[:room].rstrip(' .')}{tail}{suffix}"
        if used is None or candidate.lower() not in used:
            break
        number += 1
    if used is not None:
        used.add(candidate.lower())
    return candidate


@dataclass(frozen=True)
class Member:
    """A stored file to copy into the zip, and what the index says it is."""

    path: str
    storage_name: str
    storage: Any
    what: str


class Progress:
    """Counts the items done and saves the count now and then, for the progress page."""

    def __init__(self, pack: EvidencePack) -> None:
        self.pack = pack
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.done % PROGRESS_STEP == 0:
            EvidencePack.objects.filter(pk=self.pack.pk).update(progress=self.done)


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}"


def address(household: Household) -> str:
    """The address with building, unit and room as 楼-单元-室: 北环路12号 3-2-301."""
    flat = "-".join(part for part in (household.building, household.unit, household.room) if part)
    return f"{household.address} {flat}".strip()


def _area(record: Any) -> str:
    return record.community.name if record.community_id else WHOLE_OFFICE


class Contents:
    """Writes the sheets of one pack and gathers the files to copy and the index's lines."""

    def __init__(self, selection: Selection, progress: Progress) -> None:
        self.selection = selection
        self.pack = selection.pack
        self.user = self.pack.requested_by
        self.progress = progress
        self.members: list[Member] = []
        self.folders: set[str] = set()
        self.area = self.pack.community.name if self.pack.community else WHOLE_OFFICE
        self.period = f"{_day(self.pack.period_start)}至{_day(self.pack.period_end)}"
        self.notes: dict[str, str] = {}  # a sheet's line in the index

    def title(self, what: str) -> str:
        return f"{self.area}{what}（{self.period}）"

    def unit(self, record: Any) -> list[str]:
        return [_area(record)] if self.selection.mixes_areas else []

    # ---- activities, with their photos and attachments -------------------------------------

    def activities(self, book: SummaryBook) -> None:
        queryset = self.selection.activities
        assert queryset is not None
        visible = Publicity.objects.for_user(self.user).order_by("published_on", "pk")
        rows = (
            queryset.select_related("community", "place")
            .prefetch_related(
                Prefetch("photos", ActivityPhoto.objects.order_by("uploaded_at", "pk")),
                Prefetch("attachments", ActivityAttachment.objects.order_by("uploaded_at", "pk")),
                Prefetch("publicity", visible),
            )
            .order_by("held_on", "starts_at", "pk")
        )
        unit = ["单位"] if self.selection.mixes_areas else []
        headers = ["日期", *unit, "类型", "标题", "主题", "地点", "组织者", "参加人数"]
        headers += ["其中少数民族", "照片数", "附件数", "宣传报道"]
        sums = {"participants": 0, "minority": 0, "photos": 0, "attachments": 0}

        def lines() -> Iterator[list[object]]:
            for activity in rows.iterator(chunk_size=200):
                photos = list(activity.photos.all())
                attachments = list(activity.attachments.all())
                self.activity_files(activity, photos, attachments)
                sums["participants"] += activity.participants
                sums["minority"] += activity.minority_participants
                sums["photos"] += len(photos)
                sums["attachments"] += len(attachments)
                self.progress.step()
                yield [
                    activity.held_on,
                    *self.unit(activity),
                    activity.get_kind_display(),
                    activity.title,
                    activity.theme,
                    activity.where,
                    activity.organiser,
                    activity.participants,
                    activity.minority_participants,
                    len(photos),
                    len(attachments),
                    "\n".join(item.title for item in activity.publicity.all()),
                ]

        def totals() -> list[object]:
            count = self.selection.counts.get("activities", 0)
            return [
                "合计",
                *([""] * len(unit)),
                "",
                f"共{count}次",
                "",
                "",
                "",
                sums["participants"],
                sums["minority"],
                sums["photos"],
                sums["attachments"],
                "",
            ]

        count = book.table("活动", self.title("活动记录"), headers, lines(), totals)
        self.notes["活动"] = (
            f"活动：{count} 次，参加 {sums['participants']} 人次（其中少数民族 "
            f"{sums['minority']} 人次），照片 {sums['photos']} 张，附件 {sums['attachments']} 个"
        )

    def activity_files(
        self, activity: Activity, photos: list[ActivityPhoto], attachments: list[Any]
    ) -> None:
        if not photos and not attachments:
            return
        folder = safe_name(f"{_day(activity.held_on)} {activity.title}", self.folders)
        used: set[str] = set()
        label = f"{_day(activity.held_on)} {activity.title}"
        for number, photo in enumerate(photos, start=1):
            extension = Path(photo.image.name or "").suffix.lower() or ".jpg"
            name = safe_name(f"照片{number}{extension}", used)
            self.add(folder, name, photo.image, f"活动照片：{label}")
        for attachment in attachments:
            name = safe_name(attachment.original_name, used, fallback="附件")
            kind = attachment.get_kind_display()
            self.add(folder, name, attachment.file, f"活动附件（{kind}）：{label}")

    def add(self, folder: str, name: str, stored: Any, what: str) -> None:
        path = f"{ACTIVITY_FOLDER}/{folder}/{name}"
        self.members.append(Member(path, stored.name, stored.storage, what))

    # ---- visits, publicity, anti-fraud coverage --------------------------------------------

    def visits(self, book: SummaryBook) -> None:
        queryset = self.selection.visits
        assert queryset is not None
        users = get_user_model().objects.order_by("pk")
        rows = (
            queryset.select_related("household", "community")
            .prefetch_related(Prefetch("visitors", users))
            .order_by("visited_on", "pk")
        )
        unit = ["社区"] if self.pack.community_id is None else []
        headers = ["日期", *unit, "户号", "地址", "走访人", "目的", "发现问题", "后续处理"]
        households: set[int] = set()

        def lines() -> Iterator[list[object]]:
            for visit in rows.iterator(chunk_size=500):
                households.add(visit.household_id)
                names = [person_name(user) for user in visit.visitors.all()]
                if visit.visitor_names.strip():
                    names.append(visit.visitor_names.strip())
                self.progress.step()
                yield [
                    visit.visited_on,
                    *([visit.community.name] if unit else []),
                    visit.household.number,
                    address(visit.household),
                    "、".join(names),
                    visit.get_purpose_display(),
                    visit.findings,
                    visit.follow_up,
                ]

        def totals() -> list[object]:
            count = self.selection.counts.get("visits", 0)
            blank = [""] * len(unit)
            return ["合计", *blank, f"共{count}次", f"涉及{len(households)}户", "", "", "", ""]

        count = book.table("走访", self.title("走访记录"), headers, lines(), totals)
        self.notes["走访"] = f"走访：{count} 次，{len(households)} 户"

    def publicity(self, book: SummaryBook) -> None:
        queryset = self.selection.publicity
        assert queryset is not None
        rows = queryset.select_related("community", "activity").order_by("published_on", "pk")
        # An office-wide article may report another community's activity: named only in scope.
        mine = (
            None
            if sees_all_communities(self.user)
            else set(Community.objects.for_user(self.user).values_list("pk", flat=True))
        )
        unit = ["单位"] if self.selection.mixes_areas else []
        headers = ["日期", *unit, "类型", "标题", "发布平台", "链接", "所报道活动"]

        def reported(item: Publicity) -> str:
            activity = item.activity
            if activity is None:
                return ""
            if mine is not None and activity.community_id and activity.community_id not in mine:
                return ""
            return str(activity)

        def lines() -> Iterator[list[object]]:
            for item in rows.iterator(chunk_size=500):
                self.progress.step()
                yield [
                    item.published_on,
                    *self.unit(item),
                    item.get_kind_display(),
                    item.title,
                    item.outlet,
                    item.link,
                    reported(item),
                ]

        def totals() -> list[object]:
            count = self.selection.counts.get("publicity", 0)
            return ["合计", *([""] * len(unit)), "", f"共{count}篇", "", "", ""]

        count = book.table("宣传报道", self.title("宣传报道"), headers, lines(), totals)
        self.notes["宣传报道"] = f"宣传报道：{count} 篇"

    def anti_fraud(self, book: SummaryBook) -> None:
        queryset = self.selection.households
        assert queryset is not None
        rows = queryset.select_related(
            "community", "anti_fraud", "anti_fraud__recorded_by"
        ).order_by("community__code", "number", "pk")
        unit = ["社区"] if self.pack.community_id is None else []
        headers = [*unit, "户号", "地址", "状态", "日期", "安装人", "未安装原因"]
        installed = [0]

        def lines() -> Iterator[list[object]]:
            for household in rows.iterator(chunk_size=1000):
                coverage = getattr(household, "anti_fraud", None)
                self.progress.step()
                where = address(household)
                first = [household.community.name] if unit else []
                if coverage is None:
                    yield [*first, household.number, where, "未登记", None, "", ""]
                    continue
                if coverage.status == AntiFraudStatus.INSTALLED:
                    installed[0] += 1
                    by = coverage.installer or person_name(coverage.recorded_by)
                else:
                    by = ""
                status = coverage.get_status_display()
                day = coverage.recorded_on
                yield [*first, household.number, where, status, day, by, coverage.refused_reason]

        def totals() -> list[object]:
            count = self.selection.counts.get("households", 0)
            share = rate(installed[0], count)
            text = f"覆盖率 {share}%" if share is not None else "覆盖率 —"
            blank = [""] * len(unit)
            return ["合计", *blank, f"共{count}户", f"已安装{installed[0]}户", "", "", text]

        today = _day(timezone.localdate())
        title = f"{self.area}国家反诈中心APP推广情况（截至{today}）"
        count = book.table("反诈APP", title, headers, lines(), totals)
        share = rate(installed[0], count)
        self.notes["反诈APP"] = (
            f"反诈APP：住户 {count} 户，已安装 {installed[0]} 户，覆盖率 "
            f"{share if share is not None else '—'}%"
        )
