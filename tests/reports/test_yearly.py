"""The yearly statistics: each statement's numbers against a known year, their links, scope."""

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import docx
import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from docx.shared import Cm

from core.models import AuditEvent
from ledgers.models import Community
from reports.yearly.statements import Sentence, yearly_statistics
from tests.helpers import assert_fixed_queries, assert_fixed_queries_of
from tests.reports.year_of_work import DEC31, YEAR, more_of_everything

pytestmark = pytest.mark.django_db


def numbers(sentences: list[Sentence]) -> dict[str, list[Any]]:
    return {s.key: [f.value for f in s.figures] for s in sentences}


def test_the_office_counts_every_community_and_the_office_wide_records(
    year_of_work: dict[str, Any], accounts: dict[str, User]
) -> None:
    got = numbers(yearly_statistics(accounts["leader"], YEAR))
    assert got["meetings"] == [2, 1, 0, 1]  # 1 January and 31 December in, next 1 January out
    assert got["policy_lecture"] == [1]
    assert got["performance"] == [1]  # office-wide
    assert got["training"] == [0]
    assert got["service"] == [1]  # 北环路
    assert got["publicity"] == [3]
    assert got["visits"] == [2, 3]  # households, visits
    assert got["assistance"] == [2, 1]  # households helped (drafts, 医疗救助 not), approved
    assert got["insurance"] == [2, 1]  # minority medical (enrolled or other), minority 60+ pension
    assert got["hazards"] == [3, 1]
    assert got["population"][0] == 5
    assert str(got["population"][1]) == "71.4"


def test_a_community_counts_its_own_records_only(
    year_of_work: dict[str, Any], accounts: dict[str, User], miaochuan: Community
) -> None:
    got = numbers(yearly_statistics(accounts["leader"], YEAR, miaochuan))
    assert got["performance"] == [0]  # the office-wide performance is the office's
    assert got["service"] == [0]
    assert got["publicity"] == [1]
    assert got["visits"] == [1, 2]
    assert got["assistance"] == [1, 1]
    assert got["hazards"] == [2, 1]
    assert got["population"][0] == 4


def test_staff_see_their_community_and_the_office_wide_records(
    year_of_work: dict[str, Any], accounts: dict[str, User]
) -> None:
    got = numbers(yearly_statistics(accounts["staff_mc"], YEAR))
    assert got["performance"] == [1]
    assert got["service"] == [0]  # 北环路's
    assert got["publicity"] == [2]
    assert got["assistance"] == [1, 1]
    assert got["hazards"] == [2, 1]


def test_the_year_after_holds_only_its_own_records(
    year_of_work: dict[str, Any], accounts: dict[str, User]
) -> None:
    got = numbers(yearly_statistics(accounts["leader"], YEAR + 1))
    assert got["meetings"] == [1, 0, 1, 0]
    assert got["publicity"] == [1]
    assert got["visits"] == [1, 1]
    assert got["assistance"] == [1, 0]
    assert got["hazards"] == [1, 0]
    assert got["insurance"] == [1, 0]


def test_sentences_read_as_the_report_writes_them(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    response = client_as("leader").get(f"/reports/yearly/?year={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "召开理论中心组专题学习会、动员部署会、座谈会" in page
    assert "排查安全隐患" in page
    sentences = {s.key: s.text for s in response.context["sentences"]}
    assert "3" in sentences["hazards"] and "1" in sentences["hazards"]
    assert sentences["population"].startswith("辖区少数民族人口5人")


def count_rows(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(response.context["paginator"].count)


@pytest.mark.parametrize(
    "key",
    [
        "meetings",
        "policy_lecture",
        "service",
        "publicity",
        "visits",
        "hazards",
        "assistance",
        "insurance",
    ],
)
def test_each_number_links_to_exactly_its_rows(
    key: str, year_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    sentences = client.get(f"/reports/yearly/?year={YEAR}").context["sentences"]
    figures = next(s for s in sentences if s.key == key).figures
    assert figures and all(f.url for f in figures)
    # Households link to households, visits to visits, people to people: the same unit.
    assert [count_rows(client, f.url) for f in figures] == [f.value for f in figures]


def test_another_community_is_not_found(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], beihuan: Community
) -> None:
    assert client_as("staff_mc").get(f"/reports/yearly/?community={beihuan.pk}").status_code == 404
    assert client_as("leader").get(f"/reports/yearly/?community={beihuan.pk}").status_code == 200


def test_bad_input_shows_this_year(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    response = client_as("staff_mc").get("/reports/yearly/?year=abc")
    assert response.status_code == 200
    assert response.context["year"] == date.today().year


def test_the_xlsx_states_each_item_and_is_logged(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = client_as("staff_mc").get(
        f"/reports/yearly/xlsx/?year={YEAR}&community={miaochuan.pk}"
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "年度工作统计"
    assert [c.value for c in sheet[3]] == ["序号", "项目", "数量", "说明"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    hazards = next(row for row in rows if "隐患" in str(row[1]))
    assert hazards[2] == 2 and "排查安全隐患2处" in hazards[3]
    assert AuditEvent.objects.get(action="export").detail["year"] == YEAR


def test_the_statistics_take_a_fixed_number_of_queries(
    year_of_work: dict[str, Any], accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    mc = year_of_work["household"].community

    def add_rows(n: int) -> None:
        more_of_everything(mc, n, DEC31, date(1990, 1, 1), "service")

    leader = accounts["leader"]
    queries = assert_fixed_queries_of(lambda: yearly_statistics(leader, YEAR), add_rows)
    assert queries <= 12
    assert_fixed_queries(client_as("leader"), f"/reports/yearly/?year={YEAR}", add_rows)


def test_the_docx_states_each_item_under_its_title_and_is_logged(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = client_as("staff_mc").get(
        f"/reports/yearly/docx/?year={YEAR}&community={miaochuan.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert ".docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == f"庙川社区{YEAR}年度工作统计"
    assert paragraphs[1].startswith("填报单位：庙川社区")
    items = [text for text in paragraphs if re.match(r"\d+\. ", text)]  # not a note "2025年…"
    statements = yearly_statistics(response.wsgi_request.user, YEAR, miaochuan)
    assert items == [f"{n}. {s.label}：{s.text}" for n, s in enumerate(statements, 1)]
    assert any("排查安全隐患2处" in text for text in items)
    section = document.sections[0]
    width, height = section.page_width or Cm(0), section.page_height or Cm(0)
    assert (round(width.mm), round(height.mm)) == (210, 297)  # A4
    event = AuditEvent.objects.get(action="export")
    assert (event.detail["year"], event.detail["format"]) == (YEAR, "docx")


def test_the_docx_of_another_community_is_not_found(
    year_of_work: dict[str, Any], client_as: Callable[[str], Client], beihuan: Community
) -> None:
    response = client_as("staff_mc").get(
        f"/reports/yearly/docx/?year={YEAR}&community={beihuan.pk}"
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
