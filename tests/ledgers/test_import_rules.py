"""Every import runs the model's own rules, as the forms do: a row that breaks one is refused at
its Excel row and column, and nothing of the file is written."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Publicity, Visit
from casework.models import Hazard, InsuranceEnrolment
from ledgers.models import (
    Business,
    Community,
    FloatingRecord,
    Household,
    OverseasTie,
    Place,
    Resident,
    StrataMembership,
    StudyAbroad,
)
from sheets import imports as spreadsheets
from sheets.models import ImportStatus
from sheets.resources import REGISTRY
from tests.campaigns.test_activity_spreadsheets import HEADERS as ACTIVITY_HEADERS
from tests.campaigns.test_activity_spreadsheets import row as activity_row
from tests.campaigns.test_visit_spreadsheets import PUBLICITY_HEADERS, VISIT_HEADERS
from tests.casework.test_hazard_spreadsheets import HEADERS as HAZARD_HEADERS
from tests.casework.test_hazard_spreadsheets import row as hazard_row
from tests.conftest import citizen_id
from tests.ledgers.test_imports import batch, confirm, upload, workbook

STUDY_HEADERS = ["姓名", "公民身份号码", "留学国家或地区", "就读院校", "出国日期", "回国日期"]
NEWCOMER = citizen_id("19880808", "041")
VOLUNTEERS = "、".join(f"志愿者{i:03d}" for i in range(40))  # 279 characters: at most 200


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


def test_a_study_abroad_ending_before_it_starts_is_refused_at_its_row_and_column(
    mc: Client, mc_people: dict[str, Any]
) -> None:
    """StudyAbroad.clean() refuses it in the form; the import says the same, where it is."""
    head = mc_people["head"]
    rows = [
        ["马建国", head.id_number, "埃及", "开罗大学", "2024-09-01", "2025-07-01"],
        ["马建国", head.id_number, "土耳其", "安卡拉大学", "2024-09-01", "2024-06-30"],
    ]
    response = upload(mc, "ledgers:studyabroad_import", workbook(rows, headers=STUDY_HEADERS))

    assert batch().status == ImportStatus.INVALID
    assert batch().errors == [{"row": 5, "column": "回国日期", "message": "结束日期早于开始日期。"}]
    page = response.content.decode()
    assert "第 5 行" in page or "row 5" in page
    assert "结束日期早于开始日期。" in page
    errors = mc.get(reverse("sheets:import_errors", args=[batch().pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(errors.content)).active
    headers = [c.value for c in sheet[3]]
    assert sheet.cell(row=5, column=len(headers)).value == "回国日期：结束日期早于开始日期。"
    assert sheet.cell(row=4, column=len(headers)).value in (None, "")
    confirm(mc)
    assert batch().status == ImportStatus.INVALID
    assert not StudyAbroad.objects.filter(resident=head).exists()


# ledger → (import URL, headers, the row, the column refused, the model whose rows must not grow)
RULES: dict[str, tuple[str, list[str], list[Any], str, Any]] = {
    # Resident.clean_fields: a member of a household has a relation to its head.
    "residents": (
        "ledgers:resident_import",
        ["姓名", "公民身份号码", "民族", "户号", "与户主关系"],
        ["白文", NEWCOMER, "回族", "MC-0001", ""],
        "与户主关系",
        Resident,
    ),
    # Household.number: max_length 30.
    "households": (
        "ledgers:household_import",
        ["户号", "地址"],
        ["MC-" + "9" * 30, "庙川路100号"],
        "户号",
        Household,
    ),
    # FloatingRecord.clean(): one leaves after arriving.
    "floating": (
        "ledgers:floatingrecord_import",
        ["姓名", "公民身份号码", "来源地", "来本地日期", "流入原因", "离开日期"],
        ["韩晓东", "{floating}", "青海循化", "2025-03-01", "经商", "2025-01-01"],
        "离开日期",
        FloatingRecord,
    ),
    # StrataMembership.position: max_length 100.
    "strata": (
        "ledgers:stratamembership_import",
        ["姓名", "公民身份号码", "类别", "职务"],
        ["杨秀兰", "{wife}", "自由职业人员", "职" * 101],
        "职务",
        StrataMembership,
    ),
    # OverseasTie.country: max_length 50.
    "overseas": (
        "ledgers:overseastie_import",
        ["姓名", "公民身份号码", "类别", "侨居国或地区"],
        ["马建国", "{head}", "归侨", "国" * 51],
        "侨居国或地区",
        OverseasTie,
    ),
    # StudyAbroad.clean(): the end comes after the start.
    "study-abroad": (
        "ledgers:studyabroad_import",
        STUDY_HEADERS,
        ["马建国", "{head}", "埃及", "开罗大学", "2024-09-01", "2024-06-30"],
        "回国日期",
        StudyAbroad,
    ),
    # Business.employees: a PositiveIntegerField (the database would refuse -3 at apply).
    "businesses": (
        "ledgers:business_import",
        ["名称", "类型", "地址", "从业人数"],
        ["新开的店", "个体户", "庙川路8号", "-3"],
        "从业人数",
        Business,
    ),
    # Place.clean(): a religious venue has its religion.
    "places": (
        "ledgers:place_import",
        ["名称", "类型", "宗教", "地址"],
        ["东关清真寺", "宗教活动场所", "", "东关街1号"],
        "宗教",
        Place,
    ),
    # Hazard.location: max_length 200.
    "hazards": (
        "casework:hazard_import",
        HAZARD_HEADERS,
        hazard_row(部位="部" * 201),
        "部位",
        Hazard,
    ),
    # InsuranceEnrolment.clean(): pension insurance from 16 (韩晓东 was 10 in 2000).
    "insurance": (
        "casework:insuranceenrolment_import",
        ["姓名", "公民身份号码", "险种", "年度", "参保状态"],
        ["韩晓东", "{floating}", "养老保险", "2000", "已参保"],
        "险种",
        InsuranceEnrolment,
    ),
    # Activity.clean(): no more minority participants than participants.
    "activities": (
        "campaigns:activity_import",
        ACTIVITY_HEADERS,
        activity_row(参加人数=5, 少数民族参加人数=9),
        "少数民族参加人数",
        None,  # Activity: counted below
    ),
    # Visit.visitor_names: max_length 200.
    "visits": (
        "campaigns:visit_import",
        VISIT_HEADERS,
        ["庙川社区", "MC-0001", "2026-03-02", "政策宣传", VOLUNTEERS, "", ""],
        "走访人",
        Visit,
    ),
    # Publicity.title: max_length 200.
    "publicity": (
        "campaigns:publicity_import",
        PUBLICITY_HEADERS,
        ["庙川社区", "题" * 201, "新闻", "", "2026-03-20", ""],
        "标题",
        Publicity,
    ),
}


@pytest.mark.parametrize("ledger", RULES)
def test_each_import_keeps_its_models_rules(
    ledger: str, mc: Client, mc_people: dict[str, Any]
) -> None:
    """One rule of the model per ledger (the assistance ledger is export only: its cases are
    made through their workflow)."""
    from campaigns.models import Activity

    url_name, headers, row, column, model = RULES[ledger]
    model = model or Activity
    numbers = {key: getattr(value, "id_number", "") for key, value in mc_people.items()}
    cells = [c.format(**numbers) if isinstance(c, str) else c for c in row]
    before = model.objects.count()

    upload(mc, url_name, workbook([cells], headers=headers))

    assert batch().status == ImportStatus.INVALID, batch().message
    assert [(e["row"], e["column"]) for e in batch().errors] == [(4, column)], batch().errors
    confirm(mc)
    assert model.objects.count() == before


def test_a_typed_gender_must_match_the_id_number(mc: Client, miaochuan: Community) -> None:
    rows = [["白文", NEWCOMER, "回族", "女"], ["白武", citizen_id("19880808", "051"), "回族", ""]]
    upload(
        mc, "ledgers:resident_import", workbook(rows, headers=["姓名", "身份证号", "民族", "性别"])
    )
    assert [(e["row"], e["column"]) for e in batch().errors] == [(4, "性别")]
    assert "身份证号码" in batch().errors[0]["message"]


def test_a_wrong_id_number_is_one_error_not_three(mc: Client, miaochuan: Community) -> None:
    """The birth date and gender it would have given are not reported missing on top."""
    wrong = NEWCOMER[:-1] + ("0" if NEWCOMER[-1] != "0" else "1")
    upload(mc, "ledgers:resident_import", workbook([["白文", wrong, "回族"]], headers=HEADERS3))
    assert [(e["row"], e["column"]) for e in batch().errors] == [(4, "公民身份号码")]


HEADERS3 = ["姓名", "公民身份号码", "民族"]


def test_a_passport_holder_needs_a_birth_date_and_gender(mc: Client, miaochuan: Community) -> None:
    """Nothing fills them from a passport number: the model's rule asks for them."""
    upload(
        mc,
        "ledgers:resident_import",
        workbook(
            [["JOHN SMITH", "护照", "E12345678", "汉族"]],
            headers=["姓名", "证件类型", "证件号码", "民族"],
        ),
    )
    assert {(e["row"], e["column"]) for e in batch().errors} == {(4, "出生日期"), (4, "性别")}


def test_no_unique_check_is_left_to_a_query_per_row() -> None:
    """What ModelRules leaves out takes every unique field with it; the constraints a resource
    says its look-ups keep are constraints of its model."""
    for resource in REGISTRY.values():
        rules = resource.model_rules
        instance: Any = resource.model()
        unique, dates = instance._get_unique_checks(exclude=rules.exclude)
        assert (unique, dates) == ([], []), resource.key


def test_checking_updates_costs_no_query_per_row(
    mc_people: dict[str, Any], accounts: dict[str, Any], miaochuan: Community
) -> None:
    """The model's rules read the rows' grid and household (clean() compares their
    community): those come with the rows, so ten rows or thirty cost the same queries."""
    household, grid = mc_people["household"], mc_people["head"].grid
    people = [
        Resident.objects.create(
            community=miaochuan,
            grid=grid,
            household=household,
            relation_to_head="20",
            name=f"子{i}",
            id_number=citizen_id("20000101", f"{100 + i:03d}"),
            gender="1" if i % 2 else "2",
            birth_date=date(2000, 1, 1),
            ethnicity="03",
        )
        for i in range(30)
    ]

    def queries(count: int) -> int:
        rows = [
            [p.name, p.id_number, "回族", f"1380000{i:04d}"] for i, p in enumerate(people[:count])
        ]
        data = workbook(rows, headers=["姓名", "公民身份号码", "民族", "联系电话"])
        resource = REGISTRY["residents"]
        new = spreadsheets.new_batch(resource, accounts["staff_mc"], "x.xlsx", data)
        with CaptureQueriesContext(connection) as captured:
            result = spreadsheets.run_check(new, resource)
        assert result is not None and result.counts["update"] == count, new.errors
        return len(captured)

    queries(10)  # the user's permissions, cached from then on
    assert queries(10) == queries(30)
