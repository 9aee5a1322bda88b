"""Every download of personal data is in the audit log: who, what, and how many rows if known
(the ledgers' own exports are tested with their lists; here the other downloads)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from campaigns.models import EvidencePack
from core.models import AuditAction, AuditEvent
from ledgers.models import Community
from reports.models import CountyWorkbook
from sheets.models import ImportBatch


def last_export() -> AuditEvent:
    return AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("pk")


def test_the_error_workbook_of_an_import_is_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    batch = ImportBatch(
        user=accounts["staff_mc"],
        ledger="residents",
        file_name="台账.csv",
        sha256="0" * 64,
        status="invalid",
        total_rows=2,
        errors=[{"row": 2, "column": "民族", "message": "不是民族"}],
    )
    batch.file.save("upload", ContentFile("姓名,民族\r\n马福,火星\r\n马海,回族\r\n".encode()))
    response = client_as("staff_mc").get(reverse("sheets:import_errors", args=[batch.pk]))
    assert response.status_code == 200
    event = last_export()
    assert (event.username, event.target) == ("staff_mc", "residents: 台账.csv 错误说明")
    assert (event.detail["batch"], event.detail["rows"], event.detail["errors"]) == (batch.pk, 2, 1)


def test_a_full_id_number_shown_is_logged(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    head = mc_people["head"]
    client_as("staff_mc").get(reverse("ledgers:resident_id_number", args=[head.pk]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW_ID_NUMBER)
    assert (event.username, event.target) == ("staff_mc", f"resident:{head.pk} 马建国")


def test_the_yearly_statistics_downloaded_are_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    url = f"{reverse('reports:yearly_xlsx')}?year=2026&community={miaochuan.pk}"
    assert client_as("staff_mc").get(url).status_code == 200
    event = last_export()
    assert (event.username, event.target) == ("staff_mc", "工作统计: 庙川社区 2026年度")
    assert event.detail["rows"] > 0 and event.detail["format"] == "xlsx"


def test_the_county_workbook_downloaded_is_logged(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    client = client_as("staff_mc")
    data = {"year": 2026, "period": "month-3", "communities": [miaochuan.pk]}
    response = client.post(reverse("reports:county_workbook"), data, follow=True)
    assert response.status_code == 200
    job = CountyWorkbook.objects.get()
    event = last_export()
    assert (event.username, event.target) == ("staff_mc", f"县级报表: {job.file_name}")
    assert event.detail["communities"] == ["庙川社区"] and event.detail["workbook"] == job.pk


def test_an_evidence_pack_downloaded_is_logged_with_its_counts(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    pack = EvidencePack(
        requested_by=accounts["staff_mc"],
        community=miaochuan,
        period_start="2026-01-01",
        period_end="2026-12-31",
        indicators=["activities"],
        status="done",
        counts={"activities": 3, "photos": 5},
    )
    pack.file.save("p.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    pack.size = 22
    pack.save()
    response = client_as("staff_mc").get(reverse("campaigns:evidence_download", args=[pack.pk]))
    assert response.status_code == 200
    event = last_export()
    assert event.username == "staff_mc" and event.target.startswith("迎检材料: 庙川社区")
    assert event.detail["counts"] == {"activities": 3, "photos": 5}
