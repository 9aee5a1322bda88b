"""Names found by pinyin and by any part, listed in pinyin order, on SQLite and PostgreSQL."""

from collections.abc import Callable
from datetime import date
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from ledgers.models import Community, MoveEvent, ResidencePeriod, Resident
from ledgers.pinyin import keys, query_key
from tests.conftest import citizen_id, fresh_process
from tests.ledgers.test_imports import confirm, upload, workbook


@pytest.mark.parametrize(
    ("name", "compact", "initials"),
    [
        ("马秀兰", "maxiulan", "mxl"),
        ("曾国藩", "zengguofan", "zgf"),  # not céng
        ("单田芳", "shantianfang", "stf"),  # not dān
        ("解晓东", "xiexiaodong", "xxd"),
        ("仇英", "qiuying", "qy"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("区志伟", "ouzhiwei", "ozw"),
        ("覃丽", "qinli", "ql"),
        ("朴成浩", "piaochenghao", "pch"),
        ("查良镛", "zhaliangyong", "zly"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("吕洞宾", "lvdongbin", "ldb"),
        ("阿卜杜·热合曼", "abodureheman", "abdrhm"),
    ],
)
def test_a_name_is_read_as_a_surname_is_read(name: str, compact: str, initials: str) -> None:
    found = keys(name)
    assert (found.compact, found.initials) == (compact, initials)


def test_a_persons_own_reading_wins() -> None:
    assert keys("单田芳", "dan tian fang").compact == "dantianfang"
    assert keys("单田芳", "Dān tián fāng").initials == "dtf"
    assert keys("吕洞宾", "Lǚ Dòngbīn").compact == "lvdongbin"


def test_names_sort_as_a_dictionary_orders_them() -> None:
    names = ["严", "万", "乔", "丁", "马秀兰", "马", "麻", "马安", "阿卜杜·热合曼", "曾国藩"]
    ordered = sorted(names, key=lambda name: keys(name).sort)
    assert ordered == [
        "阿卜杜·热合曼",
        "丁",
        "麻",
        "马",
        "马安",
        "马秀兰",
        "乔",
        "万",
        "严",
        "曾国藩",
    ]
    # Only 0-9 and a-z: every database collation orders the keys alike.
    assert all(set(keys(n).sort) <= set("0123456789abcdefghijklmnopqrstuvwxyz") for n in names)


def test_what_was_typed_is_read_as_pinyin_only_when_it_is() -> None:
    assert query_key(" Ma Xiu lan ") == "maxiulan"
    assert query_key("xi'an") == "xian"
    assert query_key("秀兰") == ""
    assert query_key("1234") == ""


def resident(community: Community, name: str, sequence: str, **fields: Any) -> Resident:
    return Resident.objects.create(
        community=community,
        name=name,
        id_number=citizen_id("19800101", sequence),
        gender="2",
        birth_date=date(1980, 1, 1),
        ethnicity="01",
        **fields,
    )


def listed_names(client: Client, query: str = "", sort: str = "") -> list[str]:
    params = {k: v for k, v in (("q", query), ("sort", sort)) if v}
    response = client.get(reverse("ledgers:resident_list"), params)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    return [cell.text_content().strip() for cell in page.xpath("//tbody/tr/td[1]")]


@pytest.fixture
def named(miaochuan: Community, beihuan: Community) -> dict[str, Resident]:
    people = {}
    for number, name in enumerate(["马秀兰", "严", "万", "乔", "丁", "郭文", "曾国藩", "秀兰"]):
        people[name] = resident(miaochuan, name, f"{number:03d}")
    people["北环路的马秀兰"] = resident(beihuan, "马秀兰", "099")
    return people


@pytest.mark.parametrize("query", ["mxl", "maxiulan", "ma xiu lan", "MaXiu", "秀兰", "马秀"])
def test_search_finds_a_name_by_pinyin_initials_or_any_part(
    client_as: Callable[[str], Client], named: dict[str, Resident], query: str
) -> None:
    found = listed_names(client_as("staff_mc"), query)
    assert "马秀兰" in found
    # Only the staff's own community: 北环路's 马秀兰 is another person and not theirs.
    assert found.count("马秀兰") == 1


def test_one_character_is_a_surname(
    client_as: Callable[[str], Client], named: dict[str, Resident]
) -> None:
    assert listed_names(client_as("staff_mc"), "郭") == ["郭文"]
    assert listed_names(client_as("staff_mc"), "秀") == ["秀兰"]


def test_the_register_is_in_pinyin_order_both_ways(
    client_as: Callable[[str], Client], named: dict[str, Resident]
) -> None:
    expected = ["丁", "郭文", "马秀兰", "乔", "万", "秀兰", "严", "曾国藩"]
    client = client_as("staff_mc")
    assert listed_names(client) == expected
    assert listed_names(client, sort="name_sort") == expected
    assert listed_names(client, sort="-name_sort") == expected[::-1]


def test_a_changed_name_or_reading_changes_the_keys(named: dict[str, Resident]) -> None:
    person = named["曾国藩"]
    person.pinyin_override = "ceng guo fan"
    person.save()
    person.refresh_from_db()
    assert (person.name_pinyin, person.name_initials) == ("cengguofan", "cgf")
    person.name = "曾国荃"
    person.pinyin_override = ""
    person.save(update_fields=["name", "pinyin_override"])
    person.refresh_from_db()
    assert person.name_pinyin == "zengguoquan"


def test_an_import_writes_the_keys_and_the_first_residence(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    mc = client_as("staff_mc")
    number = citizen_id("19850505", "041")
    upload(mc, "ledgers:resident_import", workbook([["单丽华", number, "回族"]]))
    confirm(mc)
    person = Resident.objects.get(id_number=number)
    assert (person.name_pinyin, person.name_initials) == ("shanlihua", "slh")
    period = ResidencePeriod.objects.get(resident=person)
    assert (period.community, period.start_event, period.ended_on) == (
        miaochuan,
        MoveEvent.REGISTERED,
        None,
    )
    # A second import renames her: the keys follow, and no new residence begins.
    upload(mc, "ledgers:resident_import", workbook([["单丽", number, "回族"]]))
    confirm(mc)
    person.refresh_from_db()
    assert person.name_pinyin == "shanli"
    assert ResidencePeriod.objects.filter(resident=person).count() == 1


def test_the_fast_reading_is_pypinyins() -> None:
    """ledgers.pinyin reads pypinyin's dictionaries itself, for speed: it must read as
    lazy_pinyin does (phrases first, then each character's first reading)."""
    import random

    from pypinyin import Style, lazy_pinyin

    from ledgers.pinyin import _read

    characters = "王李张刘陈马朱胡郭何曾单解长乐行重朝秀英敏静丽强军洋勇艳杰娟建国华明文海玉兰"
    draw = random.Random(15)
    for _ in range(2000):
        name = "".join(draw.choice(characters) for _ in range(draw.choice((2, 3, 4))))
        assert _read(name) == lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)


def test_the_tables_are_pypinyins() -> None:
    """The readings shipped in ledgers/pinyin_tables.tsv.gz are what the pinned pypinyin's
    dictionaries give: after upgrading it, `python -m ledgers.pinyin_tables` writes them again."""
    import gzip

    from ledgers.pinyin_tables import TABLES, lines

    with gzip.open(TABLES, "rt", encoding="utf-8") as handle:
        shipped = handle.read().splitlines()
    assert shipped == list(lines())


def test_a_process_holds_no_pypinyin() -> None:
    """A web or job worker reads names from the compact tables: pypinyin's own dictionaries
    (55 MiB in every process) are never loaded, not by Django's set-up nor by reading a name."""
    code = (
        "import django, sys; django.setup();"
        "from ledgers.pinyin import keys; from ledgers.people import resources;"
        "assert keys('马秀兰').compact == 'maxiulan';"
        "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))"
    )
    assert fresh_process(code) == "[]"
