"""Pages go compressed to a browser that accepts it; files that are compressed already do not."""

import gzip
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_every_page_is_sent_gzipped_and_padded(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("staff_mc")
    url = reverse("ledgers:resident_list")
    plain = client.get(url)
    packed = client.get(url, **GZIP)  # type: ignore[arg-type]
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content)
    assert "马建国".encode() in page
    assert len(packed.content) < len(plain.content) / 3
    # Django's mitigation of BREACH: the same page compresses to a different length each time.
    lengths = {len(client.get(url, **GZIP).content) for _ in range(6)}  # type: ignore[arg-type]
    assert len(lengths) > 1


def test_a_spreadsheet_goes_as_it_is(
    mc_people: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    response = client_as("staff_mc").get(reverse("ledgers:resident_export"), **GZIP)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    body = response.getvalue()
    assert body[:2] == b"PK"  # an .xlsx: a zip file
