"""On paper, as Chromium prints it: the resident list whole (every column, the header row on each
page, no navbar), the list as filtered, and each notice on exactly one A4 page.

The PDFs are read with poppler's pdftotext and pdfinfo: without them the tests are skipped,
except in CI (CI=true), where they fail, as a missing browser does."""

import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from casework import notices
from casework.assistance import workflow as steps
from casework.hazards import workflow
from casework.models import AssistanceCase, Hazard
from demo.casework import advance_to
from ledgers.models import Resident
from tests.conftest import citizen_id
from tests.e2e.test_sign_in import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_PORTRAIT = (595, 842)  # points, rounded
A4_LANDSCAPE = (842, 595)
# What the navbar says and a printed page must not: the brand, a menu, the user's menu.
NAVBAR = ["同心", "修改密码", "退出登录"]


@pytest.fixture
def poppler() -> None:
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("poppler-utils is needed for the print tests in CI (apt-get install it)")
    pytest.skip("no pdftotext/pdfinfo (poppler-utils): print tests skipped")


def printed(page: Any, path: str, tmp_path: Any) -> tuple[str, list[tuple[int, int]]]:
    """The page at `path` printed to PDF as Chromium prints it (its own @page sizes): the
    text, read in reading order, and each sheet's size in points."""
    page.goto(path)
    page.emulate_media(media="print")
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]
    return text, sizes


def test_the_resident_list_prints_whole_across_a4_pages(
    page: Any, live_server: Any, mc_people: dict[str, Any], tmp_path: Any, poppler: None
) -> None:
    community = mc_people["household"].community
    for n in range(80):
        Resident.objects.create(
            community=community,
            household=mc_people["household"],
            name=f"测试居民{n:03d}",
            id_number=citizen_id("19850101", f"{n + 100:03d}"),
            gender="1",
            birth_date=date(1985, 1, 1),
            ethnicity="03",
        )
    sign_in_as(page, live_server, "staff_mc")
    page.goto(f"{live_server.url}/ledgers/residents/?community={community.pk}&print=all")
    headers = page.locator("#print-table thead th").all_inner_texts()
    assert len(headers) == 10

    text, sizes = printed(page, page.url, tmp_path)
    assert len(sizes) >= 2 and set(sizes) == {A4_LANDSCAPE}  # ten columns: across the page
    for header in headers:  # every column, none cut off on the right
        assert header.strip() in text, header
    # The header row on every sheet; every row, the last one included.
    assert text.count("人口类型") == len(sizes)
    assert "测试居民000" in text and "测试居民079" in text
    assert re.search(rf"\b{len(sizes)}\s*/\s*{len(sizes)}\s*$", text.strip())  # numbered sheets
    assert "社区：庙川社区；状态：在册" in text
    assert "打印时间" in text
    for word in [*NAVBAR, "返回列表", "打印全部"]:
        assert word not in text, word
    for resident in Resident.objects.all():
        assert resident.id_number not in text  # masked, as on the list


def test_a_list_page_prints_without_its_filters_buttons_or_pagination(
    page: Any, live_server: Any, mc_people: dict[str, Any], tmp_path: Any, poppler: None
) -> None:
    sign_in_as(page, live_server, "staff_mc")
    text, sizes = printed(page, live_server.url + "/ledgers/households/?hardship=false", tmp_path)
    assert len(sizes) == 1
    assert "MC-0001" in text
    assert "筛选条件： 困难户：否" in text
    for word in [*NAVBAR, "打印全部", "导出", "新增", "搜索"]:
        assert word not in text, word


def test_each_notice_prints_on_one_a4_page(
    page: Any,
    live_server: Any,
    mc_people: dict[str, Any],
    accounts: dict[str, User],
    tmp_path: Any,
    poppler: None,
) -> None:
    staff = accounts["staff_mc"]
    hazard = Hazard(
        community=mc_people["household"].community,
        location="大殿及厨房",
        # As long as a real description runs.
        description="大殿电路老化，部分电线裸露，配电箱无漏电保护装置；厨房燃气管道未固定。" * 4,
        category="electric",
        place=mc_people["place"],
        responsible_unit="庙川清真寺民主管理委员会",
        responsible_person="马福",
        responsible_phone="13900001111",
        measures="更换老化电线，加装漏电保护装置，燃气管道加装固定卡并安装报警器。" * 2,
        interim_measures="暂停使用大殿照明，厨房停用燃气。",
        funding=Decimal("3000"),
        deadline=timezone.localdate() + timedelta(days=30),
        reviewer=staff,
    )
    workflow.register(hazard, staff)
    notices.issue(hazard, staff, "ZG", "casework.change_hazard")
    case = AssistanceCase(
        household=mc_people["household"],
        applicant=mc_people["head"],
        kind="dibao",
        applied_on=timezone.localdate() - timedelta(days=60),
        reason="户主患病",
        reason_category="illness",
        family_size=2,
        amount_requested=Decimal("650"),
    )
    steps.create(case, staff)
    advance_to(case, "publicity", staff)
    notices.issue(case, staff, "GS", "casework.change_assistancecase", on=case.publicity_start)
    hazard.refresh_from_db()
    case.refresh_from_db()
    workflow.assign(hazard, staff)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - timedelta(days=9))
    order = workflow.supervise(
        Hazard.objects.get(pk=hazard.pk),
        accounts["leader"],
        "逾期未整改，存在触电和燃气泄漏风险，请立即落实整改措施，每周报告整改进展。" * 3,
        timezone.localdate() + timedelta(days=10),
    )

    sign_in_as(page, live_server, "staff_mc")
    for path, number, signed in [
        (f"/casework/hazards/{hazard.pk}/notice/", hazard.notice_number, "经办人："),
        (f"/casework/assistance/{case.pk}/notice/", case.notice_number, "经办人："),
        (f"/casework/hazards/supervisions/{order.pk}/", order.number, "签发人："),
    ]:
        text, sizes = printed(page, live_server.url + path, tmp_path)
        assert sizes == [A4_PORTRAIT], path
        assert f"编号：{number}" in text
        assert signed in text and "（盖章）" in text
        for word in NAVBAR:
            assert word not in text, word
