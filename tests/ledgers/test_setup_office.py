"""An office's first run: communities and grids from a sheet, checked whole before anything is
written, the first administrator, and what to do next."""

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import Credential
from ledgers.models import Community, Grid

HEADERS = ["社区名称", "统计用区划代码", "社区简称", "网格编号", "网格名称"]


def sheet(tmp_path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> str:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["五华区某街道社区和网格"])  # a title above the header, as offices write them
    ws.append(headers)
    for row in rows:
        ws.append(row)
    path = tmp_path / "社区和网格.xlsx"
    book.save(path)
    return str(path)


def run(*args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("setup_office", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


OFFICE: list[list[Any]] = [
    ["翠湖社区", "530102001001", "CH", "CH-01", "第一网格"],
    ["翠湖社区", "530102001001", "CH", "CH-02", "第二网格"],
    ["圆通社区", 530102001002, "", "YT-01", "圆通一网格"],  # a code typed as a number
    ["新建社区", "530102001003", "", "", ""],  # no grids yet
]


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    secret = "Cuihu-setup-2026!"
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", secret)
    return secret


@pytest.mark.django_db
def test_a_sheet_sets_up_the_office_and_its_first_administrator(
    tmp_path: Path, password: str
) -> None:
    out, _ = run("--from", sheet(tmp_path, OFFICE), "--admin", "it_admin", "--noinput")

    assert set(Community.objects.values_list("name", "code")) == {
        ("翠湖社区", "530102001001"),
        ("圆通社区", "530102001002"),
        ("新建社区", "530102001003"),
    }
    assert Community.objects.get(name="翠湖社区").short_code == "CH"
    assert Community.objects.get(name="圆通社区").short_code  # one is always given
    assert set(Grid.objects.values_list("community__name", "code", "name")) == {
        ("翠湖社区", "CH-01", "第一网格"),
        ("翠湖社区", "CH-02", "第二网格"),
        ("圆通社区", "YT-01", "圆通一网格"),
    }
    admin = User.objects.get(username="it_admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(password)
    assert not Credential.objects.get(user=admin).must_change_password  # its own choice
    assert "已创建社区：3" in out and "下一步" in out and "/admin/" in out
    # History says how they came to be.
    assert Community.objects.get(name="翠湖社区").history.get().history_change_reason == "首次设置"


@pytest.mark.django_db
def test_running_it_again_adds_only_what_is_new(tmp_path: Path, password: str) -> None:
    path = sheet(tmp_path, OFFICE)
    run("--from", path, "--admin", "it_admin", "--noinput")
    out, _ = run(
        "--from",
        sheet(tmp_path, [*OFFICE, ["新建社区", "530102001003", "", "XJ-01", "新网格"]]),
        "--noinput",
    )
    assert Community.objects.count() == 3 and Grid.objects.count() == 4
    assert "已创建社区：0" in out and "已创建网格：1" in out
    assert User.objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
    tmp_path: Path, password: str
) -> None:
    Community.objects.create(name="翠湖社区", code="530102001001", short_code="CH")
    rows = [
        ["翠湖社区", "530102009999", "", "", ""],  # row 3: the recorded community, another code
        ["圆通社区", "53010200100", "", "YT-01", "圆通一网格"],  # row 4: 11 digits
        ["华山社区", "530102001001", "", "", ""],  # row 5: a code recorded for 翠湖社区
        ["五一社区", "530102001004", "wy", "WY-01", ""],  # row 6: short code, grid without name
        ["五一社区", "530102001004", "wy", "WY-01", "五一网格"],  # row 7: grid twice
    ]
    out_err = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何内容"):
        call_command("setup_office", "--from", sheet(tmp_path, rows), "--noinput", stderr=out_err)
    err_text = out_err.getvalue()
    assert "第 3 行，社区名称：翠湖社区已登记，区划代码为530102001001" in err_text
    assert "第 4 行，统计用区划代码：" in err_text and "12" in err_text
    assert "第 5 行，统计用区划代码：此代码已登记为翠湖社区" in err_text
    assert "第 6 行，社区简称：" in err_text
    assert "第 6 行，网格名称：网格须同时填写编号和名称" in err_text
    assert "第 7 行，网格编号：第 6 行已有此网格" in err_text
    assert Community.objects.count() == 1 and not Grid.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_sheet_without_the_code_column_is_refused(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["翠湖社区", "第一网格"]], headers=["社区名称", "网格名称"])
    with pytest.raises(CommandError, match="统计用区划代码"):
        run("--from", path, "--noinput")


@pytest.mark.django_db
def test_the_prompts_ask_community_by_community(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(
        ["翠湖社区", "530102001001", "ch", "CH-01=第一网格，CH-02=第二网格", "", "it_admin"]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    typed = iter(["Cuihu-setup-2026!", "Cuihu-setup-2026!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    run()
    assert Community.objects.get().short_code == "CH"
    assert list(Grid.objects.values_list("code", flat=True).order_by("code")) == ["CH-01", "CH-02"]
    assert User.objects.get(username="it_admin").is_superuser


@pytest.mark.django_db
def test_a_weak_password_makes_no_administrator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "123456")
    with pytest.raises(CommandError):
        run("--from", sheet(tmp_path, OFFICE), "--admin", "it_admin", "--noinput")
    assert not User.objects.exists() and not Community.objects.exists()


def test_the_blank_sheet_reads_back_with_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    run("--template", str(path))
    headers = [c.value for c in openpyxl.load_workbook(path).active[2]]
    assert headers == HEADERS


def test_the_account_page_says_what_staff_status_is_for(
    accounts: dict[str, User], client_as: Any
) -> None:
    page = client_as("admin").get(reverse("admin:auth_user_change", args=[accounts["staff_mc"].pk]))
    assert "只为系统管理员勾选" in page.content.decode()
