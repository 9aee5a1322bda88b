"""The demo's creation file (创建档案): this year's leadership group of the office, its
implementation programme and annual plan (each with a small generated file), the minutes of an
office meeting, and the demonstration titles the office's work report names: the office a
provincial demonstration unit (全省示范单位), 庙川 and 北环路 competing for the city title,
站院巷 named at county level. Once only: each part is skipped when its records exist."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from campaigns.models import (
    Activity,
    ActivityKind,
    Demonstration,
    DemonstrationLevel,
    DemonstrationStatus,
    DocumentKind,
    GroupMember,
    GroupRole,
    LeadershipGroup,
    WorkDocument,
    WorkDocumentFile,
)
from core.uploads.attachments import store_attachment
from demo import clock
from ledgers.models import Community

# (name, the account it is, position, role): 组长 the party secretary, as offices set it up.
MEMBERS = [
    ("马永福", "", "党工委书记", GroupRole.LEADER),
    ("", "leader", "党工委副书记、办事处主任", GroupRole.DEPUTY),
    ("杨建军", "", "党工委委员、统战委员", GroupRole.DEPUTY),
    ("李文华", "", "党工委办公室主任", GroupRole.MEMBER),
    ("马德胜", "", "庙川社区党委书记", GroupRole.MEMBER),
    ("王立新", "", "北环路社区党委书记", GroupRole.MEMBER),
    ("白海燕", "", "站院巷社区党委书记", GroupRole.MEMBER),
    ("周志刚", "", "派出所所长", GroupRole.MEMBER),
]
DUTIES = (
    "主要领导抓总责，对创建工作负总责；分管领导具体抓，统筹协调日常工作；"
    "各社区党委书记为本社区创建工作第一责任人，抓好落实；"
    "领导小组办公室负责制定方案、督促检查、收集整理创建档案。"
)


def _pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing for a signed document (Pillow writes it)."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 555, 802), outline="black")
    draw.text((60, 60), "tongxin demo", fill="black")
    out = io.BytesIO()
    page.save(out, "PDF")
    return SimpleUploadedFile(f"{title}.pdf", out.getvalue(), content_type="application/pdf")


def seed_group(year: int) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username="leader")}
    group = LeadershipGroup.objects.create(
        community=None,
        year=year,
        office="党工委办公室",
        office_head="李文华",
        duties=DUTIES,
    )
    GroupMember.objects.bulk_create(
        GroupMember(
            group=group,
            name=name if not account or account not in users else "",
            user=users.get(account) if account else None,
            position=position,
            role=role,
            order=order,
        )
        for order, (name, account, position, role) in enumerate(MEMBERS, start=1)
    )


def seed_documents(year: int, today: date) -> None:
    uploader = get_user_model().objects.filter(username="leader").first()
    if uploader is None:
        return
    documents = [
        (DocumentKind.PROGRAMME, f"{year}年民族团结进步创建工作实施方案", date(year, 2, 26)),
        (DocumentKind.PLAN, f"{year}年民族团结进步创建工作计划", date(year, 3, 5)),
    ]
    for kind, title, issued_on in documents:
        issued_on = min(issued_on, today)
        with clock.at(clock.on(issued_on, time(16, 0))):
            document = WorkDocument.objects.create(
                kind=kind, title=title, issued_on=issued_on, year=year
            )
            store_attachment(WorkDocumentFile(document=document, uploaded_by=uploader), _pdf(title))
    meeting = (
        Activity.objects.filter(
            community=None,
            kind__in=[ActivityKind.MOBILISATION, ActivityKind.STUDY],
            held_on__year=year,
        )
        .order_by("held_on", "pk")
        .first()
    )
    if meeting is not None:
        issued_on = min(meeting.held_on + timedelta(days=1), today)
        with clock.at(clock.on(issued_on, time(11, 0))):
            WorkDocument.objects.create(
                kind=DocumentKind.MINUTES,
                title=f"{meeting.title}会议纪要",
                issued_on=issued_on,
                year=year,
                activity=meeting,
                note="会议研究部署本年度民族团结进步创建工作。",
            )


def seed_titles(year: int) -> None:
    by_name = {c.name: c for c in Community.objects.all()}
    titles = [
        (None, DemonstrationLevel.PROVINCE, DemonstrationStatus.NAMED, date(year - 3, 11, 20)),
        ("站院巷社区", DemonstrationLevel.COUNTY, DemonstrationStatus.NAMED, date(year - 2, 6, 8)),
    ]
    for name, level, status, named_on in titles:
        if name is not None and name not in by_name:
            continue
        with clock.at(clock.on(named_on, time(15, 0))):  # filed when the title was named
            Demonstration.objects.create(
                community=by_name.get(name) if name else None,
                level=level,
                status=status,
                since=named_on.replace(year=named_on.year - 1),
                named_on=named_on,
                document_number=f"民宗发〔{named_on.year}〕{named_on.month + 10}号",
            )
    for name in ("庙川社区", "北环路社区"):
        if name in by_name:
            with clock.at(clock.on(date(year - 1, 3, 1), time(10, 0))):
                Demonstration.objects.create(
                    community=by_name[name],
                    level=DemonstrationLevel.CITY,
                    status=DemonstrationStatus.COMPETING,
                    since=date(year - 1, 3, 1),
                    note="争创市级民族团结进步示范社区",
                )


@transaction.atomic
def seed_creation() -> None:
    """The demo's creation file; each part once only."""
    today = timezone.localdate()
    if not LeadershipGroup.objects.exists():
        # Set up at the year's first meeting on the creation work.
        with clock.at(clock.on(date(today.year, 2, 24), time(10, 0))):
            seed_group(today.year)
    if not WorkDocument.objects.exists():
        seed_documents(today.year, today)
    if not Demonstration.objects.exists():
        seed_titles(today.year)
