"""Evidence packs (迎检材料): asking for one, following it, downloading and removing it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now

from campaigns.models import EvidencePack
from core.models import AuditEvent
from ledgers.models import Community
from tests.campaigns.evidence_records import YEAR, records
from tests.helpers import assert_fixed_queries

__all__ = ["records"]  # the fixture


def pack_of(user: User, status: str, community: Community, **fields: Any) -> EvidencePack:
    pack = EvidencePack(
        requested_by=user,
        community=community,
        period_start=YEAR[0],
        period_end=YEAR[1],
        indicators=["activities"],
        status=status,
        **fields,
    )
    if status == "done":
        pack.file.save("p.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
        pack.size = 22
    pack.save()
    return pack


def test_the_progress_page_polls_while_building_and_offers_the_download_when_done(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    client = client_as("staff_mc")
    pack = pack_of(
        accounts["staff_mc"], "building", miaochuan, progress=40, total=100, heartbeat_at=now()
    )
    page = client.get(pack.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page and "40%" in page
    assert "evidence-download" not in page

    pack.file.save("p.zip", ContentFile(b"PK"), save=True)
    EvidencePack.objects.filter(pk=pack.pk).update(status="done", counts={"activities": 3})
    partial = client.get(pack.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in partial and "<html" not in partial
    assert reverse("campaigns:evidence_download", args=[pack.pk]) in partial


def test_the_requester_downloads_the_zip_and_nobody_else(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    pack = pack_of(accounts["staff_mc"], "done", miaochuan)
    response = client_as("staff_mc").get(reverse("campaigns:evidence_download", args=[pack.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
    assert "%E8%BF%8E%E6%A3%80%E6%9D%90%E6%96%99" in response["Content-Disposition"]  # 迎检材料
    for persona in ["staff_bh", "leader"]:
        url = reverse("campaigns:evidence_download", args=[pack.pk])
        assert client_as(persona).get(url).status_code == 404
    refused = AuditEvent.objects.filter(detail__pack=pack.pk, outcome="failure")
    assert sorted(refused.values_list("username", flat=True)) == ["leader", "staff_bh"]


def test_a_pack_still_building_cannot_be_downloaded(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    pack = pack_of(accounts["staff_mc"], "building", miaochuan)
    url = reverse("campaigns:evidence_download", args=[pack.pk])
    assert client_as("staff_mc").get(url).status_code == 404


def test_the_owner_removes_a_pack_after_confirming(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    pack = pack_of(accounts["staff_mc"], "done", miaochuan)
    stored = str(pack.file.name)
    url = reverse("campaigns:evidence_delete", args=[pack.pk])
    assert client_as("staff_bh").post(url).status_code == 404
    client = client_as("staff_mc")
    assert "btn-danger" in client.get(url).content.decode()  # asks first
    assert EvidencePack.objects.filter(pk=pack.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not EvidencePack.objects.filter(pk=pack.pk).exists()
    assert not pack.file.storage.exists(stored)


def test_asking_for_a_small_pack_builds_it_at_once(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    records: dict[str, Any],
) -> None:
    form = {
        "community": miaochuan.pk,
        "include_office_wide": "on",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "indicators": ["publicity", "activities"],
    }
    response = client_as("staff_mc").post(reverse("campaigns:evidence_add"), form, follow=True)
    pack = EvidencePack.objects.get()
    assert pack.status == "done" and pack.indicators == ["activities", "publicity"]
    assert pack.requested_by == accounts["staff_mc"]
    assert "evidence-download" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": "2025-12-31"}, "period_end"),  # before the start
        ({"period_end": "2029-01-01"}, "period_end"),  # more than three years
        ({"indicators": []}, "indicators"),
        ({"community": ""}, "community"),  # staff choose one of theirs
        ({"community": "beihuan"}, "community"),  # not theirs
    ],
)
def test_the_form_refuses_what_cannot_be_packed(
    changes: dict[str, Any],
    field: str,
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
) -> None:
    form = {
        "community": miaochuan.pk,
        "period_start": "2026-01-01",
        "period_end": "2028-12-31",  # three years exactly: allowed
        "indicators": ["activities"],
    }
    form.update(changes)
    if form["community"] == "beihuan":
        form["community"] = beihuan.pk
    with_translation = client_as("staff_mc")
    response = with_translation.post(reverse("campaigns:evidence_add"), form)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not EvidencePack.objects.exists()


def test_leaders_may_pack_the_whole_office(
    client_as: Callable[[str], Client], records: dict[str, Any]
) -> None:
    form = {"period_start": "2026-01-01", "period_end": "2026-12-31", "indicators": ["visits"]}
    client_as("leader").post(reverse("campaigns:evidence_add"), form)
    pack = EvidencePack.objects.get()
    assert pack.community is None and pack.status == "done"
    assert pack.counts["visits"] == 2


def test_the_list_shows_my_packs_only_in_a_fixed_number_of_queries(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
) -> None:
    pack_of(accounts["staff_bh"], "done", beihuan)
    client = client_as("staff_mc")
    url = reverse("campaigns:evidence_list")

    def add_rows(n: int) -> None:
        EvidencePack.objects.bulk_create(
            EvidencePack(
                requested_by=accounts["staff_mc"],
                community=miaochuan,
                period_start=YEAR[0],
                period_end=YEAR[1],
                indicators=["activities"],
                status="done",
                file=f"evidence/{i}.zip",
                size=2048,
            )
            for i in range(n)
        )

    assert_fixed_queries(client, url, add_rows)
    page = client.get(url).content.decode()
    assert "北环路社区" not in page
    assert (
        reverse(
            "campaigns:evidence_download",
            args=[EvidencePack.objects.filter(community=miaochuan).latest("pk").pk],
        )
        in page
    )


def test_the_campaigns_menu_leads_to_the_packs(client_as: Callable[[str], Client]) -> None:
    page = client_as("staff_mc").get(reverse("home")).content.decode()
    assert reverse("campaigns:evidence_list") in page
    assert (
        reverse("campaigns:evidence_list")
        not in client_as("admin").get(reverse("home")).content.decode()
    )
