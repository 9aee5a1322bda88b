"""Every page and download, as each persona that may not see a kind of personal data: a full ID
number, a resident's religion, a household's income never reach them (masked or left out)."""

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import AssistanceCase
from ledgers.identifiers import mask_id
from ledgers.models import Resident
from tests.test_permissions import MATRIX

INCOME = Decimal("7654.32")
RELIGION, RELIGION_NAME = "1", "佛教"  # the mosque of mc_people is 伊斯兰教: not this
# Who lacks which right (ledgers/roles.py): full ID numbers, religion, assistance details.
BLIND = {
    "leader": {"id", "religion"},
    "county": {"id", "religion", "income"},
    "grid_mc1": {"religion"},
}


def _text(response: Any) -> str:
    """What a person receives: the page, or the download's text (an .xlsx/.docx unzipped)."""
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return body.decode("utf-8", "replace")


def _leaks(text: str, blind: set[str], head: Resident, page: str, download: bool) -> list[str]:
    found = []
    if "id" in blind and head.id_number in text:
        found.append("full ID number")
    if "income" in blind and str(INCOME) in text:
        found.append("income")
    # A religion's name is also a choice of filters and a place's: only what is about people.
    # (A blank import template lists every religion as a drop-down choice.)
    about_people = (download and not page.endswith("_template")) or page.startswith(
        ("ledgers:resident", "ledgers:minority")
    )
    if "religion" in blind and about_people and RELIGION_NAME in text:
        found.append("religion")
    return found


@pytest.mark.parametrize("persona", sorted(BLIND))
def test_no_page_or_download_shows_what_the_role_may_not_see(
    persona: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head: Resident = mc_people["head"]
    Resident.objects.filter(pk=head.pk).update(religion=RELIGION)
    client = client_as(persona)
    leaks: dict[str, list[str]] = {}
    masked_seen = 0
    for name, (args_factory, expected) in sorted(MATRIX.items()):
        if expected.get(persona) != 200:
            continue
        with transaction.atomic():  # each page's rows are its own, as in the matrix
            url = reverse(name, args=args_factory(mc_people) if args_factory else None)
            AssistanceCase.objects.update(monthly_income=INCOME)
            for query in ("", "?format=csv"):
                response = client.get(url + query)
                if response.status_code != 200:
                    continue
                download = "html" not in response.get("Content-Type", "")
                text = _text(response)
                masked_seen += mask_id(head.id_number) in text
                if found := _leaks(text, BLIND[persona], head, name, download):
                    leaks[name + query] = found
            transaction.set_rollback(True)
    assert not leaks
    if "id" in BLIND[persona]:
        assert masked_seen  # the walk did reach the pages that show the number, masked


@pytest.mark.parametrize("persona", ["leader", "county"])
def test_the_county_workbook_they_build_masks_what_they_may_not_see(
    persona: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    """The workbook is built for its requester (a job): its ledgers show the requester's view."""
    from casework.assistance.workflow import create
    from reports.models import CountyWorkbook

    head: Resident = mc_people["head"]
    Resident.objects.filter(pk=head.pk).update(religion=RELIGION)
    case = AssistanceCase(
        household=mc_people["household"],
        applicant=head,
        kind="temporary",
        reason="户主住院",
        reason_category="illness",
        monthly_income=INCOME,
    )
    create(case, User.objects.get(username="staff_mc"))
    client = client_as(persona)
    community = mc_people["household"].community_id
    today = timezone.localdate()
    response = client.post(
        reverse("reports:county_workbook"),
        {"year": str(today.year), "period": "year-1", "communities": [community]},
    )
    assert response.status_code == 302, response.content[:500]
    book = CountyWorkbook.objects.filter(requested_by__username=persona).latest("pk")
    download = client.get(reverse("reports:county_workbook_download", args=[book.pk]))
    assert download.status_code == 200
    text = _text(download)
    assert mask_id(head.id_number) in text  # the minority ledger is in it …
    assert _leaks(text, BLIND[persona], head, "reports:county_workbook_download", True) == []
