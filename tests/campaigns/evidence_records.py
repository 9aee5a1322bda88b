"""The records an evidence pack is built from in the tests, and helpers to build and open one."""

import io
import zipfile
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from campaigns.evidence.tasks import build_evidence_pack
from campaigns.models import (
    Activity,
    ActivityAttachment,
    ActivityPhoto,
    AntiFraudCoverage,
    EvidencePack,
    Publicity,
    Visit,
)
from ledgers.models import Community
from tests.campaigns.conftest import MakeHousehold

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
ALL = ["activities", "visits", "publicity", "anti_fraud"]
OPENING = "活动/2026-03-05 民族团结宣传月启动仪式"


def add_activity(
    community: Community | None,
    held_on: date,
    title: str,
    user: User,
    files: bool = True,
    **fields: Any,
) -> Activity:
    activity = Activity.objects.create(
        community=community,
        kind=fields.pop("kind", "unity_month"),
        title=title,
        held_on=held_on,
        place_text="社区广场",
        **fields,
    )
    if files:
        photo = ActivityPhoto(activity=activity, content_type="image/jpeg", uploaded_by=user)
        photo.image.save("photos/x.jpg", ContentFile(f"照片:{title}".encode()), save=False)
        photo.thumbnail.save("photos/x-thumb.jpg", ContentFile(b"t"), save=False)
        photo.save()
        attachment = ActivityAttachment(
            activity=activity,
            kind="sign_in",
            original_name="签到表.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=user,
        )
        attachment.file.save("attachments/x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        attachment.save()
    return activity


@pytest.fixture
def records(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    make_household: MakeHousehold,
) -> dict[str, Any]:
    """庙川: an activity with a photo and an attachment, one on the period's last day, one
    the day before the period; an office-wide one; one of 北环路; visits and publicity."""
    staff = accounts["staff_mc"]
    opening = add_activity(
        miaochuan,
        date(2026, 3, 5),
        "民族团结宣传月启动仪式",
        staff,
        theme="铸牢中华民族共同体意识",
        organiser="庙川社区",
        participants=120,
        minority_participants=80,
    )
    office = add_activity(
        None,
        date(2026, 4, 10),
        "党工委理论中心组学习",
        staff,
        kind="study",
        participants=30,
        minority_participants=10,
    )
    last_day = add_activity(
        miaochuan,
        date(2026, 12, 31),
        "年终座谈会",
        staff,
        files=False,
        kind="forum",
        participants=15,
        minority_participants=5,
    )
    add_activity(miaochuan, date(2025, 12, 31), "跨年联欢", staff, participants=999)
    add_activity(beihuan, date(2026, 5, 1), "北环路文艺演出", accounts["staff_bh"], participants=50)
    home = make_household(miaochuan, ("03",))
    other = make_household(beihuan, ("03",))
    Visit.objects.create(
        household=home, visited_on=date(2026, 1, 1), purpose="policy", findings="家中老人行动不便"
    )
    Visit.objects.create(household=home, visited_on=date(2027, 1, 1), purpose="festival")
    Visit.objects.create(
        household=other, visited_on=date(2026, 6, 1), purpose="policy", findings="北环路的发现"
    )
    Publicity.objects.create(
        community=miaochuan,
        title="庙川社区启动民族团结宣传月",
        kind="meipian",
        published_on=date(2026, 3, 6),
        activity=opening,
        link="https://example.com/a",
    )
    Publicity.objects.create(
        community=beihuan, title="北环路演出报道", kind="news", published_on=date(2026, 5, 2)
    )
    AntiFraudCoverage.objects.create(
        household=home, status="installed", recorded_by=staff, recorded_on=date(2026, 2, 1)
    )
    make_household(miaochuan, ("01",))  # not asked yet
    return {"opening": opening, "office": office, "last_day": last_day, "home": home}


def build(
    user: User, community: Community | None, indicators: list[str] = ALL, **fields: Any
) -> EvidencePack:
    pack = EvidencePack.objects.create(
        requested_by=user,
        community=community,
        period_start=YEAR[0],
        period_end=YEAR[1],
        indicators=indicators,
        **fields,
    )
    build_evidence_pack.call(pack.pk)
    pack.refresh_from_db()
    return pack


def opened(pack: EvidencePack) -> tuple[zipfile.ZipFile, Any]:
    archive = zipfile.ZipFile(pack.file.path)
    book = openpyxl.load_workbook(io.BytesIO(archive.read("汇总.xlsx")))
    return archive, book


def values(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]
