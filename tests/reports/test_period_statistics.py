"""The statistics for any period (issue 16, item 5): each figure against the list it links to,
in the same unit (households to households, people to people, 人次 and amounts to the rows they
add up), for a year and for a two-year range; the period form, its words and its downloads."""

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import docx
import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from campaigns.models import Activity, ActivityKind, AntiFraudCoverage, Visit
from casework.models import AssistanceCase, InsuranceEnrolment
from core.models import AuditEvent
from ledgers.models import Community, FloatingRecord, Household, Place
from reports.yearly.periods import StatPeriod
from reports.yearly.statements import Sentence, yearly_statistics
from tests.helpers import assert_fixed_queries
from tests.reports.year_of_work import (
    DEC31,
    YEAR,
    activity,
    case,
    hazard,
    more_of_everything,
    resident,
)

pytestmark = pytest.mark.django_db

FIRST = date(YEAR - 1, 1, 1)  # the two-year range: the year before YEAR, and YEAR
TWO_YEARS = f"period=range&start={FIRST}&end={DEC31}"
PERIODS = {"year": f"year={YEAR}", "two_years": TWO_YEARS}


@pytest.fixture
def two_years_of_work(
    year_of_work: dict[str, Any], accounts: dict[str, User], beihuan: Community
) -> dict[str, Any]:
    """year_of_work, and what the year before it and the new figures need."""
    mc = year_of_work["household"].community
    household, bh_household = year_of_work["household"], year_of_work["bh_household"]
    # The year before: a service (12 people, 4 of a minority), a visit, an approved relief.
    activity(beihuan, "service", date(YEAR - 1, 9, 9), participants=12, minority_participants=4)
    Visit.objects.create(household=bh_household, visited_on=date(YEAR - 1, 9, 9), purpose="policy")
    case(bh_household, year_of_work["bh_head"], "temporary", date(YEAR - 1, 8, 1), "approved")
    # Overdue: open past the deadline, one found in YEAR, one the year before.
    last_month = timezone.localdate() - timedelta(days=30)
    hazard(mc, "YH-OD1", date(YEAR, 2, 1), state="in_progress", deadline=last_month)
    hazard(beihuan, "YH-OD0", date(YEAR - 1, 2, 1), state="in_progress", deadline=last_month)
    # Minority floating residents: 韩晓东 (here since 2024), 马流 who left in the year before
    # YEAR, twice; a Han one not counted.
    gone = resident(mc, "马流", date(1985, 1, 1), "03", sequence="091", residence_type="floating")
    # 马流 came back for the autumn: two stays in the two years, one person in the figure and one
    # row in its list.
    stays = [
        (date(YEAR - 3, 1, 1), date(YEAR - 1, 6, 30)),
        (date(YEAR - 1, 9, 1), date(YEAR - 1, 11, 30)),
    ]
    for arrived, left in stays:
        FloatingRecord.objects.create(
            resident=gone, origin="甘肃", arrived_on=arrived, left_on=left, inflow_reason="01"
        )
    han = resident(mc, "张流", date(1985, 1, 1), "01", sequence="093", residence_type="floating")
    FloatingRecord.objects.create(
        resident=han, origin="兰州", arrived_on=date(YEAR, 1, 1), inflow_reason="01"
    )
    # The anti-fraud app: installed in 庙川 in YEAR; in 北环路 only after YEAR ended.
    staff = accounts["staff_mc"]
    AntiFraudCoverage.objects.create(
        household=household, status="installed", recorded_on=date(YEAR, 5, 1), recorded_by=staff
    )
    AntiFraudCoverage.objects.create(
        household=bh_household,
        status="installed",
        recorded_on=date(YEAR + 1, 1, 1),
        recorded_by=staff,
    )
    # Cultural positions: an activity room and a square in 庙川, an exhibition hall in 北环路.
    for community, name in [(mc, "活动室"), (mc, "文明实践广场"), (beihuan, "展厅")]:
        Place.objects.create(community=community, name=name, kind="cultural", address="路")
    return year_of_work


def measured(client: Client, sentence: Sentence, index: int) -> tuple[Any, type]:
    """What the list behind the figure holds, in the figure's unit: its rows, or the sum of
    the participants (人次) or of the amounts approved over them; and the rows' model."""
    figure = sentence.figures[index]
    assert figure.url, (sentence.key, index)
    response = client.get(figure.url)
    assert response.status_code == 200, figure.url
    paginator = response.context["paginator"]
    rows = paginator.object_list
    if sentence.key == "participants":
        field = "minority_participants" if index == 1 else "participants"
        return sum(getattr(row, field) or 0 for row in rows), rows.model
    if sentence.key == "assistance_amount":
        return sum(row.amount_approved or 0 for row in rows), rows.model
    return paginator.count, rows.model


# The rows each figure's list holds: the unit of the figure.
UNITS: dict[str, list[type]] = {
    "visits": [Household, Visit],
    "assistance": [Household, Household],
    "assistance_amount": [AssistanceCase],
    "insurance": [InsuranceEnrolment, InsuranceEnrolment],
    "anti_fraud": [Household, Household],
    "minority_floating": [FloatingRecord],
    "cultural_places": [Place],
    "participants": [Activity] * 13,
}


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("where", ["office", "miaochuan"])
def test_each_figure_equals_its_list_in_the_same_unit(
    period: str,
    where: str,
    two_years_of_work: dict[str, Any],
    client_as: Callable[[str], Client],
    miaochuan: Community,
) -> None:
    client = client_as("leader")
    query = PERIODS[period] + (f"&community={miaochuan.pk}" if where == "miaochuan" else "")
    sentences = client.get(f"/reports/yearly/?{query}").context["sentences"]
    keys = {s.key for s in sentences}
    assert {"participants", "assistance_amount", "anti_fraud", "minority_floating"} <= keys
    assert "cultural_places" in keys
    checked = 0
    for sentence in sentences:
        for index, figure in enumerate(sentence.figures):
            if figure.suffix == "%":  # a share of two numbers, each linked on its own
                continue
            value, model = measured(client, sentence, index)
            assert value == figure.value, (sentence.key, index, figure.url)
            if sentence.key in UNITS:
                assert model is UNITS[sentence.key][index], (sentence.key, index)
            checked += 1
    assert checked >= 30


def numbers(sentences: list[Sentence]) -> dict[str, list[Any]]:
    return {s.key: [f.value for f in s.figures] for s in sentences}


def test_the_new_figures_for_a_year_and_for_two_years(
    two_years_of_work: dict[str, Any], accounts: dict[str, User]
) -> None:
    leader = accounts["leader"]
    year = numbers(yearly_statistics(leader, YEAR))
    two = numbers(yearly_statistics(leader, StatPeriod(FIRST, DEC31)))
    # 人次: 30 + 20 + 50 + 100 + 8 in YEAR (the next 1 January's 99 not), the service of the
    # year before adds 12; by kind, service 8 then 20.
    assert year["participants"][:2] == [208, 73]
    assert two["participants"][:2] == [220, 77]
    service = 2 + ActivityKind.values.index(ActivityKind.SERVICE)
    assert year["participants"][service] == 8 and two["participants"][service] == 20
    assert year["visits"] == [2, 3] and two["visits"] == [2, 4]  # households, visits
    assert year["assistance"] == [2, 1] and two["assistance"] == [2, 2]
    assert year["assistance_amount"] == [Decimal("500")]
    assert two["assistance_amount"] == [Decimal("1000")]
    assert year["insurance"] == two["insurance"] == [2, 1]  # the rows of YEAR, the last year
    # 北环路's after YEAR; the figures in the text's order: "2户中已有1户"
    assert year["anti_fraud"][:2] == [2, 1] == two["anti_fraud"][:2]
    fraud = next(s for s in yearly_statistics(leader, YEAR) if s.key == "anti_fraud")
    assert fraud.number == 1  # the households with the app, in Chinese as in English
    assert year["hazards"] == [4, 1] and two["hazards"] == [7, 2]
    assert year["hazards_overdue"] == [1] and two["hazards_overdue"] == [2]
    assert year["minority_floating"] == [1] and two["minority_floating"] == [2]
    assert year["cultural_places"] == [3]


def test_the_last_two_years_are_the_two_calendar_years_before_this_one(
    two_years_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    response = client.get("/reports/yearly/?period=last-2-years")
    period = response.context["period"]
    assert (period.start, period.end) == (FIRST, DEC31)
    ranged = client.get(f"/reports/yearly/?{TWO_YEARS}").context["sentences"]
    assert numbers(response.context["sentences"]) == numbers(ranged)


def test_a_half_quarter_or_month_counts_its_own_days(
    two_years_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("leader")
    first_half = client.get(f"/reports/yearly/?year={YEAR}&period=half-1").context
    assert (first_half["period"].start, first_half["period"].end) == (
        date(YEAR, 1, 1),
        date(YEAR, 6, 30),
    )
    got = numbers(first_half["sentences"])
    assert got["meetings"][:2] == [1, 1]  # the study session of 1 January; the forum is in Dec.
    december = numbers(
        client.get(f"/reports/yearly/?year={YEAR}&period=month-12").context["sentences"]
    )
    assert december["meetings"][:4] == [1, 0, 0, 1]


def test_the_period_in_words() -> None:
    with translation.override("en"):
        assert StatPeriod.of("quarter", 2026, 3).label == "third quarter of 2026"
        assert StatPeriod.of("half", 2026, 2).label == "second half of 2026"
        assert StatPeriod(date(2025, 1, 1), date(2026, 12, 31)).label == (
            "2025-01-01 to 2026-12-31"
        )
    with translation.override("zh-hans"):  # msgids the office's translation already had
        assert StatPeriod.of("half", 2026, 1).label == "2026年上半年"
        assert StatPeriod.of("month", 2026, 3).label == "2026年3月"


@pytest.mark.parametrize(
    "query, field",
    [
        (f"period=range&start={DEC31}&end={FIRST}", "end"),  # the last day before the first
        ("period=range&start=2000-01-01&end=2010-01-01", "end"),  # over ten years
        (f"period=range&start={FIRST}", "end"),  # no last day
        ("period=range&start=1999-12-31&end=2000-01-02", "start"),
        ("period=range&start=99999-01-01&end=2026-02-30", "start"),
        ("period=decade-1", "period"),
    ],
)
def test_a_wrong_period_is_a_field_error_and_this_year(
    query: str, field: str, client_as: Callable[[str], Client]
) -> None:
    response = client_as("staff_mc").get(f"/reports/yearly/?{query}")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    period = response.context["period"]
    assert (period.start, period.end) == (date(YEAR + 1, 1, 1), date(YEAR + 1, 12, 31))


def test_ten_years_is_the_longest_range(client_as: Callable[[str], Client]) -> None:
    response = client_as("staff_mc").get(
        "/reports/yearly/?period=range&start=2000-01-01&end=2009-12-31"
    )
    assert response.context["form"].is_valid()
    assert response.context["period"].end == date(2009, 12, 31)


def test_amounts_only_for_those_who_may_see_them(
    two_years_of_work: dict[str, Any], accounts: dict[str, User]
) -> None:
    assert "assistance_amount" in numbers(yearly_statistics(accounts["staff_mc"], YEAR))
    county = numbers(yearly_statistics(accounts["county"], YEAR))
    assert "assistance" in county and "assistance_amount" not in county


def test_the_downloads_follow_the_period(
    two_years_of_work: dict[str, Any], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    client = client_as("staff_mc")
    query = f"{TWO_YEARS}&community={miaochuan.pk}"
    response = client.get(f"/reports/yearly/xlsx/?{query}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "工作统计"
    assert str(YEAR - 1) in str(sheet["A1"].value) and str(YEAR) in str(sheet["A1"].value)
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    statements = yearly_statistics(response.wsgi_request.user, StatPeriod(FIRST, DEC31), miaochuan)
    assert [row[1] for row in rows][: len(statements)] == [s.label for s in statements]
    event = AuditEvent.objects.get(action="export")
    assert (event.detail["start"], event.detail["end"]) == (str(FIRST), str(DEC31))

    response = client.get(f"/reports/yearly/docx/?{query}")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[0].startswith("庙川社区") and str(YEAR - 1) in paragraphs[0]
    items = [text for text in paragraphs if re.match(r"\d+\. ", text)]  # not a note "2025年…"
    assert items == [f"{n}. {s.label}：{s.text}" for n, s in enumerate(statements, 1)]


def test_a_range_takes_a_fixed_number_of_queries(
    two_years_of_work: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    mc = two_years_of_work["household"].community

    def add_rows(n: int) -> None:
        more_of_everything(mc, n, FIRST, date(1950, 1, 1), "forum", participants=5)

    assert_fixed_queries(client_as("leader"), f"/reports/yearly/?{TWO_YEARS}", add_rows)


def test_the_drill_down_filters_refuse_a_wrong_day_without_an_error(
    client_as: Callable[[str], Client],
) -> None:
    client = client_as("leader")
    for name in ["visited", "relief", "relief_approved", "app_installed_by", "here"]:
        url = "/ledgers/minority-floating/" if name == "here" else "/ledgers/households/"
        params = [name] if name == "app_installed_by" else [f"{name}_after", f"{name}_before"]
        for param in params:
            for value in ["2026-02-30", "99999-01-01", "0001-01-01", "abc", ""]:
                response = client.get(f"{url}?{param}={value}")
                assert response.status_code == 200, (param, value)
