"""Importing ledgers from spreadsheets: messy input, all or nothing, scope, undo, export."""

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from ledgers.models import Community, Household, Resident
from sheets.models import ImportBatch, ImportStatus
from tests.conftest import citizen_id

HEADERS = ["姓名", "身份证号码", "民族", "出生日期", "户号", "与户主关系", "联系电话"]


def workbook(rows: list[list[Any]], headers: list[str] = HEADERS, title: bool = True) -> bytes:
    """An .xlsx as offices keep them: a title row and a unit/date row above the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["庙川社区实有人口台账"])
        sheet.append(["填报单位：庙川社区居委会", None, None, "填报日期：2026年11月"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_bytes(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def upload(client: Client, url_name: str, data: bytes, name: str = "台账.xlsx") -> Any:
    return client.post(reverse(url_name), {"file": SimpleUploadedFile(name, data)}, follow=True)


def batch() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


def confirm(client: Client) -> Any:
    return client.post(reverse("sheets:import_confirm", args=[batch().pk]), follow=True)


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


def test_messy_cells_are_understood(mc: Client, mc_people: dict[str, Any]) -> None:
    number = citizen_id("19850302", "012")
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    rows = [[" 马 小 兰 ", full_width, "回", "1985.3.2", "MC-0001", "女儿", 13900001234]]
    response = upload(mc, "ledgers:resident_import", workbook(rows))
    assert batch().status == ImportStatus.READY, batch().errors
    assert batch().counts == {"new": 1, "update": 0, "unchanged": 0, "invalid": 0}
    assert "马小兰" in response.content.decode()  # the preview
    assert not Resident.objects.filter(name="马小兰").exists()  # nothing before confirming
    confirm(mc)
    person = Resident.objects.get(name="马小兰")
    assert (person.id_number, person.ethnicity, person.gender) == (number, "03", "2")
    assert (person.birth_date, person.household, person.relation_to_head) == (
        date(1985, 3, 2),
        mc_people["household"],
        "30",
    )
    assert person.phone == "13900001234"
    assert person.history.get().history_change_reason == f"导入批次 #{batch().pk}"


def test_three_bad_rows_among_a_thousand_write_nothing(mc: Client, miaochuan: Community) -> None:
    rows: list[list[Any]] = [
        [
            f"测试{i}",
            citizen_id("19800101", f"{i % 1000:03d}", region=f"{620100 + i // 1000}"),
            "汉族",
            "",
            "",
            "",
            "",
        ]
        for i in range(1000)
    ]
    rows[10][1] = rows[10][1][:-1] + ("0" if rows[10][1][-1] != "0" else "1")  # check digit
    rows[500][2] = "火星族"
    rows[998][1] = 1.10105e17  # Excel made a number of it
    upload(mc, "ledgers:resident_import", workbook(rows))
    result = batch()
    assert result.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (14, "公民身份号码"),
        (504, "民族"),
        (1002, "公民身份号码"),
    ]
    assert "Excel" in result.errors[2]["message"]
    assert not Resident.objects.filter(name__startswith="测试").exists()


def test_a_duplicate_inside_the_file_names_both_rows(mc: Client, miaochuan: Community) -> None:
    number = citizen_id("19900101", "013")
    upload(
        mc,
        "ledgers:resident_import",
        workbook([["甲", number, "汉族"], ["乙", number, "汉族"]], headers=HEADERS[:3]),
    )
    errors = {e["row"]: e["message"] for e in batch().errors}
    assert set(errors) == {4, 5}
    assert "5" in errors[4] and "4" in errors[5]  # each names the other row


def test_a_missing_required_column_stops_the_import(mc: Client, miaochuan: Community) -> None:
    upload(mc, "ledgers:resident_import", workbook([["甲", "x"]], headers=["姓名", "备注"]))
    assert batch().status == ImportStatus.FAILED
    page = mc.get(reverse("sheets:import_batch", args=[batch().pk])).content.decode()
    assert "“民族”" in page


def test_an_id_number_of_another_community_is_refused(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    bh = client_as("staff_bh")
    upload(
        bh,
        "ledgers:resident_import",
        workbook([["马建国", head.id_number, "汉族"]], headers=HEADERS[:3]),
    )
    assert batch().status == ImportStatus.INVALID
    assert "其他社区" in batch().errors[0]["message"]
    head.refresh_from_db()
    assert head.ethnicity == "03" and head.community.name == "庙川社区"


def test_an_update_changes_only_the_columns_in_the_file(
    mc: Client, mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    upload(
        mc,
        "ledgers:resident_import",
        workbook([["马建国", head.id_number, "回族", "", "", "", "13512345678"]]),
    )
    assert batch().counts["update"] == 1
    confirm(mc)
    head.refresh_from_db()
    assert head.phone == "13512345678" and head.religion == "3" and head.household_id


def test_leaders_cannot_import(
    client_as: Callable[[str], Client], accounts: dict[str, User]
) -> None:
    assert client_as("leader").get(reverse("ledgers:resident_import")).status_code == 403
    assert client_as("county").get(reverse("ledgers:resident_template")).status_code == 403


def test_importing_without_change_permission_adds_but_does_not_update(
    accounts: dict[str, User], mc_people: dict[str, Any]
) -> None:
    clerk = User.objects.create_user("clerk", password="Clerk-pass-2026")
    clerk.user_permissions.set(
        Permission.objects.filter(codename__in=["import_resident", "add_resident", "view_resident"])
    )
    clerk.assignments.create(community=mc_people["household"].community)
    client = Client()
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    head = mc_people["head"]
    upload(
        client,
        "ledgers:resident_import",
        workbook([["马建国", head.id_number, "回族", "", "", "", "13512345678"]]),
    )
    assert batch().status == ImportStatus.INVALID


def test_undo_removes_new_rows_and_restores_changed_ones(
    mc: Client, mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    new = citizen_id("20000101", "015")
    upload(
        mc,
        "ledgers:resident_import",
        workbook(
            [["马建国", head.id_number, "回族", "", "", "", "13512345678"], ["新人", new, "汉族"]]
        ),
    )
    confirm(mc)
    assert Resident.objects.filter(id_number=new).exists()
    assert mc.get(reverse("sheets:import_undo", args=[batch().pk])).status_code == 200
    mc.post(reverse("sheets:import_undo", args=[batch().pk]))
    head.refresh_from_db()
    assert head.phone == "13900001111"
    assert not Resident.objects.filter(id_number=new).exists()
    assert batch().status == ImportStatus.UNDONE


def test_undo_refuses_when_a_row_was_changed_since(mc: Client, mc_people: dict[str, Any]) -> None:
    head = mc_people["head"]
    upload(
        mc,
        "ledgers:resident_import",
        workbook([["马建国", head.id_number, "回族", "", "", "", "13512345678"]]),
    )
    confirm(mc)
    head.refresh_from_db()
    head.occupation = "教师"
    head.save()
    response = mc.post(reverse("sheets:import_undo", args=[batch().pk]), follow=True)
    assert "马建国" in response.content.decode()
    head.refresh_from_db()
    assert head.phone == "13512345678" and batch().status == ImportStatus.DONE


def test_households_then_residents(mc: Client, miaochuan: Community) -> None:
    households = workbook([["MC-0100", "庙川路100号", "是"]], headers=["户号", "地址", "困难户"])
    upload(mc, "ledgers:household_import", households)
    confirm(mc)
    household = Household.objects.get(number="MC-0100")
    assert household.hardship and household.community == miaochuan
    number = citizen_id("19700101", "017")
    upload(
        mc, "ledgers:resident_import", workbook([["白文", number, "回族", "", "MC-0100", "户主"]])
    )
    confirm(mc)
    assert household.members.get().name == "白文"


def test_gbk_csv(mc: Client, miaochuan: Community) -> None:
    number = citizen_id("19750505", "019")
    text = f"姓名,公民身份号码,民族\r\n马福,{number},回族\r\n"
    upload(mc, "ledgers:resident_import", text.encode("gbk"), name="居民.csv")
    assert batch().status == ImportStatus.READY, batch().message
    confirm(mc)
    assert Resident.objects.get(id_number=number).name == "马福"


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n" + b"0" * 100, b"", b"PK\x03\x04 not really a zip"],
    ids=["png", "empty", "broken-zip"],
)
def test_a_file_that_is_no_spreadsheet_is_a_clear_error(
    mc: Client, miaochuan: Community, content: bytes
) -> None:
    response = upload(mc, "ledgers:resident_import", content, name="x.xlsx")
    assert response.status_code == 200
    if content:
        assert batch().status == ImportStatus.FAILED and batch().message
    else:
        assert response.context["form"].errors


def test_the_error_workbook_marks_the_rows(mc: Client, miaochuan: Community) -> None:
    upload(mc, "ledgers:resident_import", workbook([["甲", "123", "汉族"]], headers=HEADERS[:3]))
    response = mc.get(reverse("sheets:import_errors", args=[batch().pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[3]]
    assert headers[-1] == "错误说明"
    # The column as the file names it, once: "身份证号码：身份证号码应为18位…"
    assert sheet.cell(row=4, column=len(headers)).value.startswith("身份证号码：身份证号码应为")


def test_the_template_has_headers_drop_downs_and_text_columns(mc: Client) -> None:
    response = mc.get(reverse("ledgers:resident_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["姓名", "证件类型", "公民身份号码"]
    assert "宗教信仰" in headers  # staff may see religion
    id_column = headers.index("公民身份号码") + 1
    assert sheet.cell(row=2, column=id_column).number_format == "@"
    assert sheet.data_validations.dataValidation  # drop-downs on code columns
    assert len(book.worksheets) >= 2  # instructions


def test_export_masks_ids_and_writes_no_formulas(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head = mc_people["head"]
    Resident.objects.filter(pk=head.pk).update(notes="x", name='=HYPERLINK("http://x","y")')
    leader_file = client_as("leader").get(reverse("ledgers:resident_export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(file_bytes(leader_file))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v]
    assert head.id_number not in flat
    assert f"{head.id_number[:6]}********{head.id_number[-4:]}" in flat
    cell = next(
        c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    )
    assert cell.data_type == "s"
    staff_csv = client_as("staff_mc").get(reverse("ledgers:resident_export"), {"format": "csv"})
    text = file_bytes(staff_csv).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(head.id_number in row for row in rows)
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("pk")
    assert event.detail["rows"] == 3 and event.username == "staff_mc"


def test_export_follows_filters_and_scope(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    response = client_as("staff_bh").get(reverse("ledgers:resident_export"), {"format": "csv"})
    assert "马建国" not in file_bytes(response).decode("utf-8-sig")
    response = client_as("staff_mc").get(
        reverse("ledgers:minority_ledger_export"), {"format": "csv", "ethnicity": "35"}
    )
    rows = list(csv.reader(io.StringIO(file_bytes(response).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["韩晓东"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("url_name", "headers", "row", "check"),
    [
        (
            "ledgers:floatingrecord_import",
            ["姓名", "身份证号", "来源地", "来本地时间", "流入原因", "办证类型", "居住证到期日期"],
            ["韩晓东", "{floating}", "青海循化", "2024年3月1日", "经商", "居住证", "2027.3.1"],
            lambda people: (
                people["floating"].floating_records.filter(permit_expires=date(2027, 3, 1)).exists()
            ),
        ),
        (
            "ledgers:stratamembership_import",
            ["姓名", "公民身份号码", "人士类别", "人大代表"],
            ["杨秀兰", "{wife}", "自由职业人员、新媒体从业人员", "是"],
            lambda people: (
                people["wife"].strata.categories == "3,4" and people["wife"].strata.is_npc_deputy
            ),
        ),
        (
            "ledgers:business_import",
            ["字号名称", "主体类型", "统一社会信用代码", "经营者", "经营地址", "是否少数民族经营"],
            ["清真牛肉面", "个体户", "91350100M000100Y43", "马建国", "庙川路7号", "是"],
            lambda people: (
                people["head"]
                .community.business_set.filter(name="清真牛肉面", minority_run=True)
                .exists()
            ),
        ),
        (
            "ledgers:place_import",
            ["场所名称", "场所类型", "宗教", "地址", "始建年份"],
            ["东关清真寺", "清真寺", "伊斯兰教", "东关街1号", "1398"],
            lambda people: people["head"].community.place_set.filter(year_built=1398).exists(),
        ),
    ],
    ids=["floating", "new-strata", "businesses", "places"],
)
def test_each_ledger_imports_its_own_columns(
    mc: Client,
    mc_people: dict[str, Any],
    url_name: str,
    headers: list[str],
    row: list[str],
    check: Callable[[dict[str, Any]], bool],
) -> None:
    cells = [
        c.format(**{k: getattr(v, "id_number", "") for k, v in mc_people.items()}) for c in row
    ]
    upload(mc, url_name, workbook([cells], headers=headers))
    assert batch().status == ImportStatus.READY, batch().errors or batch().message
    confirm(mc)
    assert batch().status == ImportStatus.DONE
    for value in mc_people.values():
        value.refresh_from_db()
    assert check(mc_people)


def test_undo_refuses_with_a_reason_when_a_later_record_refers_to_a_new_row(
    mc: Client, mc_people: dict[str, Any]
) -> None:
    """A resident the import added was put on the floating ledger since: removing them would
    break that record, so the undo says which row and what refers to it, and changes nothing."""
    from ledgers.models import FloatingRecord

    first, second = citizen_id("19950505", "051"), citizen_id("19960606", "061")
    upload(
        mc,
        "ledgers:resident_import",
        workbook([["马小军", first, "回族"], ["马小红", second, "回族"]], headers=HEADERS[:3]),
    )
    confirm(mc)
    newcomer = Resident.objects.get(id_number=second)
    FloatingRecord.objects.create(
        resident=newcomer, origin="青海省循化县", arrived_on=date(2026, 1, 5), inflow_reason="03"
    )

    response = mc.post(reverse("sheets:import_undo", args=[batch().pk]))

    assert response.status_code == 302
    page = mc.get(response["Location"]).content.decode()
    assert "第 5 行 马小红 被 1 条流动人口登记引用" in page
    assert "第 4 行" not in page  # 马小军 is referred to by nothing
    assert Resident.objects.filter(id_number__in=[first, second]).count() == 2
    assert batch().status == ImportStatus.DONE
    assert newcomer.floating_records.count() == 1


def test_undo_goes_through_once_the_referring_record_is_gone(
    mc: Client, mc_people: dict[str, Any]
) -> None:
    from campaigns.models import Visit

    upload(mc, "ledgers:household_import", workbook([["MC-0200", "庙川路200号"]], ["户号", "地址"]))
    confirm(mc)
    household = Household.objects.get(number="MC-0200")
    visit = Visit.objects.create(household=household, purpose="policy")
    refused = mc.post(reverse("sheets:import_undo", args=[batch().pk]), follow=True)
    assert "第 4 行 MC-0200 庙川路200号 被 1 条走访引用" in refused.content.decode()
    assert batch().status == ImportStatus.DONE

    visit.delete()
    mc.post(reverse("sheets:import_undo", args=[batch().pk]))
    assert batch().status == ImportStatus.UNDONE
    assert not Household.objects.filter(number="MC-0200").exists()
