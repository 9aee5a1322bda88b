"""Spreadsheet cells made ready for validation: text, dates, yes/no, numbers, IDs and code lists."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import models

from ledgers import codes
from ledgers.cells import (
    DOMICILE_TYPE,
    EDUCATION,
    ETHNICITY,
    GENDER,
    HAZARD_CATEGORY,
    MARITAL_STATUS,
    NEW_SOCIAL_STRATUM,
    POLITICAL_STATUS,
    RELATION_TO_HEAD,
    RELIGION,
    id_number,
)
from sheets.cells import CellError, CodeList, boolean, date_value, integer, text

ACCEPTED_DATE_FORMS = ["2024-03-02", "2024.3.2", "2024/3/2", "20240302", "2024年3月2日"]


def error_of(call: object, value: object) -> str:
    assert callable(call)
    with pytest.raises(CellError) as caught:
        call(value)
    assert isinstance(caught.value, ValueError)
    return str(caught.value.message)


# text


def test_empty_cell_is_empty_text() -> None:
    assert text(None) == ""
    assert text("   ") == ""


def test_numbers_are_written_as_excel_shows_them() -> None:
    assert text(12) == "12"
    assert text(3.0) == "3"
    assert text(2.5) == "2.5"
    assert text(0.1 + 0.2) == "0.3"
    assert text(Decimal("7.00")) == "7"


def test_dates_and_date_times_become_iso_dates() -> None:
    assert text(date(1985, 3, 2)) == "1985-03-02"
    assert text(datetime(1985, 3, 2, 14, 30)) == "1985-03-02"


def test_full_width_digits_letters_and_punctuation_become_ascii() -> None:
    assert text("１２３") == "123"
    assert text("Ｍａ　Ｊｉａｎｇｕｏ") == "Ma Jianguo"
    assert text("（一）") == "(一)"


def test_zero_width_characters_are_removed() -> None:
    assert text("\ufeff回\u200b族\u200d") == "回族"


def test_non_breaking_and_ideographic_spaces_are_spaces() -> None:
    assert text("Ma\u00a0Jianguo") == "Ma Jianguo"
    assert text("\u3000汉族\u3000") == "汉族"


def test_outer_whitespace_is_stripped_and_inner_runs_collapsed() -> None:
    assert text("  Ma  \t Jianguo \n") == "Ma Jianguo"


def test_spaces_beside_chinese_characters_are_removed() -> None:
    assert text("马 建 国") == "马建国"
    assert text("马　建　国") == "马建国"
    assert text("庙川路 12 号") == "庙川路12号"
    assert text("阿卜杜拉 · 买买提") == "阿卜杜拉·买买提"


def test_spaces_between_latin_words_stay() -> None:
    assert text("Ma  Jianguo") == "Ma Jianguo"


# date_value


def test_empty_date_cell_is_none() -> None:
    assert date_value(None) is None
    assert date_value("") is None
    assert date_value("　") is None


def test_dates_and_date_times_are_taken_as_they_are() -> None:
    assert date_value(date(1985, 3, 2)) == date(1985, 3, 2)
    assert date_value(datetime(1985, 3, 2, 8, 0)) == date(1985, 3, 2)


def test_excel_serial_number_becomes_its_date() -> None:
    assert date_value(31108) == date(1985, 3, 2)
    assert date_value(31108.0) == date(1985, 3, 2)


def test_excel_serial_with_a_time_of_day_keeps_the_day() -> None:
    assert date_value(31108.75) == date(1985, 3, 2)


def test_excel_serial_one_is_the_first_of_january_1900() -> None:
    assert date_value(1) == date(1900, 1, 1)


def test_excel_serials_around_its_fake_leap_day_are_right() -> None:
    assert date_value(59) == date(1900, 2, 28)
    assert date_value(61) == date(1900, 3, 1)


def test_excel_fake_1900_leap_day_is_refused() -> None:
    assert "1900-02-29" in error_of(date_value, 60)


def test_number_that_looks_like_a_year_and_month_is_not_taken_for_a_serial() -> None:
    message = error_of(date_value, 1985.03)
    assert "1985.03" in message
    assert "1985" in error_of(date_value, 1985)


@pytest.mark.parametrize(
    "typed",
    [
        "1985-03-02",
        "1985-3-2",
        "1985.3.2",
        "1985/3/2",
        "19850302",
        "1985年3月2日",
        "1985年03月02日",
        "1985年3月2",
        "1985 年 3 月 2 日",
    ],
)
def test_every_accepted_written_form_is_read(typed: str) -> None:
    assert date_value(typed) == date(1985, 3, 2)


def test_trailing_time_part_is_ignored() -> None:
    assert date_value("1985-03-02 00:00:00") == date(1985, 3, 2)
    assert date_value("1985/3/2 8:15") == date(1985, 3, 2)
    assert date_value("1985-03-02T00:00:00") == date(1985, 3, 2)
    assert date_value("1985年3月2日 00:00") == date(1985, 3, 2)


def test_full_width_digits_in_a_date_are_read() -> None:
    assert date_value("１９８５－０３－０２") == date(1985, 3, 2)
    assert date_value("１９８５年３月２日") == date(1985, 3, 2)


def test_compact_date_stored_as_a_number_is_read() -> None:
    assert date_value(19850302) == date(1985, 3, 2)


def test_impossible_date_is_refused_by_name() -> None:
    assert "1985-02-30" in error_of(date_value, "1985-02-30")
    assert "1985年13月1日" in error_of(date_value, "1985年13月1日")


@pytest.mark.parametrize(
    "typed", ["85-3-2", "1985-3/2", "3/2/1985", "1985年3月", "明天", "31108", "1985-03-021:00"]
)
def test_unreadable_date_is_refused_with_the_accepted_forms(typed: str) -> None:
    message = error_of(date_value, typed)
    assert typed in message
    assert all(form in message for form in ACCEPTED_DATE_FORMS)


def test_yes_no_cell_is_not_a_date() -> None:
    assert "TRUE" in error_of(date_value, True)


# boolean


def test_empty_yes_no_cell_is_none() -> None:
    assert boolean("") is None
    assert boolean(None) is None


@pytest.mark.parametrize(
    "typed", ["是", "有", "Y", "y", "yes", "YES", "true", "TRUE", "1", 1, 1.0, "√", "✓", "对", True]
)
def test_every_spelling_of_yes_is_true(typed: object) -> None:
    assert boolean(typed) is True


@pytest.mark.parametrize(
    "typed", ["否", "无", "N", "n", "No", "false", "False", "0", 0, "×", "✗", "错", False]
)
def test_every_spelling_of_no_is_false(typed: object) -> None:
    assert boolean(typed) is False


def test_yes_no_cell_with_spaces_or_full_width_is_read() -> None:
    assert boolean(" 是 ") is True
    assert boolean("Ｙｅｓ") is True


def test_other_answers_are_refused() -> None:
    message = error_of(boolean, "也许")
    assert "也许" in message
    assert "是" in message and "否" in message
    error_of(boolean, 2)


# integer


def test_empty_number_cell_is_none() -> None:
    assert integer("") is None
    assert integer(None) is None


def test_whole_numbers_are_read_from_numbers() -> None:
    assert integer(12) == 12
    assert integer(12.0) == 12


def test_whole_numbers_are_read_from_text() -> None:
    assert integer("12") == 12
    assert integer("-3") == -3
    assert integer("1,200") == 1200
    assert integer("1,234,567") == 1234567
    assert integer("12.0") == 12


def test_full_width_digits_and_commas_in_a_number_are_read() -> None:
    assert integer("１２") == 12
    assert integer("１，２００") == 1200


@pytest.mark.parametrize("typed", ["3.5", 3.5, "1,20", "12,0000", "三", "3人", True])
def test_anything_but_a_whole_number_is_refused(typed: object) -> None:
    assert text(typed) in error_of(integer, typed)


# id_number


def test_id_number_is_normalised() -> None:
    assert id_number(" 110105 19491231 002x ") == "11010519491231002X"


def test_full_width_id_number_is_normalised() -> None:
    assert id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


def test_id_number_checksum_is_left_to_the_importer() -> None:
    assert id_number("110105194912310021") == "110105194912310021"


def test_empty_id_number_cell_is_empty() -> None:
    assert id_number(None) == ""


@pytest.mark.parametrize("excel_value", ["1.10105E+17", "１.１０１０５Ｅ＋１７", 1.10105e17])
def test_id_number_in_scientific_notation_is_refused(excel_value: object) -> None:
    assert "Excel" in error_of(id_number, excel_value)


def test_id_number_stored_as_a_whole_number_is_refused() -> None:
    assert "Excel" in error_of(id_number, 110105194912310020)


# CodeList


@pytest.mark.parametrize("typed", ["回", "回族", "03", "3", 3, 3.0, "Hui", "hui", "HU", "hu"])
def test_every_way_of_writing_hui_is_03(typed: object) -> None:
    assert ETHNICITY.match(typed) == "03"


def test_ethnicity_written_with_spaces_or_full_width_digits_is_matched() -> None:
    assert ETHNICITY.match(" 回 族 ") == "03"
    assert ETHNICITY.match("０３") == "03"
    assert ETHNICITY.match("003") == "03"


def test_ethnicity_suffix_is_optional() -> None:
    assert ETHNICITY.match("蒙古") == "02"
    assert ETHNICITY.match("维吾尔") == "05"
    assert ETHNICITY.match("土") == "30"
    assert ETHNICITY.match("土家") == "15"


def test_every_ethnic_group_matches_its_romanisation_and_letters() -> None:
    for code, (roman, letters) in codes.ETHNICITY_ROMAN.items():
        assert ETHNICITY.match(roman) == code
        assert ETHNICITY.match(letters.lower()) == code


def test_legacy_ethnic_names_match_the_current_codes() -> None:
    assert ETHNICITY.match("毛难族") == ETHNICITY.match("毛难") == "36"
    assert ETHNICITY.match("崩龙族") == ETHNICITY.match("崩龙") == "46"


def test_other_and_foreign_origin_are_matched() -> None:
    assert ETHNICITY.match("其他") == "97"
    assert ETHNICITY.match("外国血统") == "98"


def test_empty_code_cell_is_empty() -> None:
    assert ETHNICITY.match("") == ""
    assert ETHNICITY.match(None) == ""


def test_unknown_ethnicity_is_refused_with_examples() -> None:
    message = error_of(ETHNICITY.match, "火星族")
    assert "火星族" in message
    assert "汉族" in message and "回族" in message


def test_yes_no_cell_does_not_match_code_one() -> None:
    error_of(GENDER.match, True)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("男", "1"), ("女", "2"), ("1", "1"), ("2", "2"), (1, "1"), (2.0, "2"), ("M", "1")],
)
def test_gender_forms_are_matched(typed: object, code: str) -> None:
    assert GENDER.match(typed) == code


def test_more_gender_forms_are_matched() -> None:
    assert [GENDER.match(v) for v in ("f", "Male", "FEMALE", "男性", "女性")] == list("21212")
    assert GENDER.match("0") == "0"
    assert GENDER.match(9) == "9"


@pytest.mark.parametrize(
    "typed", ["党员", "中共党员", "共产党员", "中国共产党员", "中国共产党党员", "01", 1]
)
def test_party_members_are_01(typed: object) -> None:
    assert POLITICAL_STATUS.match(typed) == "01"


def test_political_short_names_are_matched() -> None:
    assert POLITICAL_STATUS.match("预备党员") == "02"
    assert POLITICAL_STATUS.match("共青团员") == "03"
    assert POLITICAL_STATUS.match("中国共青团团员") == "03"
    assert POLITICAL_STATUS.match("民革") == "04"
    assert POLITICAL_STATUS.match("民盟盟员") == "05"
    assert POLITICAL_STATUS.match("民建会员") == "06"
    assert POLITICAL_STATUS.match("民进") == "07"
    assert POLITICAL_STATUS.match("农工党") == "08"
    assert POLITICAL_STATUS.match("致公党") == "09"
    assert POLITICAL_STATUS.match("九三学社") == "10"
    assert POLITICAL_STATUS.match("台盟") == "11"
    assert POLITICAL_STATUS.match("无党派民主人士") == "12"
    assert POLITICAL_STATUS.match("群众") == POLITICAL_STATUS.match("普通群众") == "13"


def test_marital_status_divorced_has_two_spellings() -> None:
    assert MARITAL_STATUS.match("离婚") == MARITAL_STATUS.match("离异") == "40"
    assert MARITAL_STATUS.match("已婚") == "20"


def test_education_short_names_are_matched() -> None:
    typed = ["博士", "硕士", "本科", "大专", "中专", "技校", "职高", "初中", "小学", "文盲"]
    expected = ["10", "10", "20", "30", "40", "50", "60", "70", "80", "90"]
    assert [EDUCATION.match(value) for value in typed] == expected


def test_relation_to_head_everyday_words_are_matched() -> None:
    typed = ["本人", "户主", "配偶", "丈夫", "妻子", "儿子", "女儿", "父亲", "母亲", "孙女"]
    expected = ["01", "02", "10", "11", "12", "20", "30", "51", "52", "42"]
    assert [RELATION_TO_HEAD.match(value) for value in typed] == expected
    assert RELATION_TO_HEAD.match("哥哥") == RELATION_TO_HEAD.match("兄") == "71"
    assert RELATION_TO_HEAD.match("儿媳") == "38"
    assert RELATION_TO_HEAD.match("其他") == "80"


def test_religion_without_its_suffix_is_matched() -> None:
    assert RELIGION.match("伊斯兰") == RELIGION.match("伊斯兰教") == "3"
    assert RELIGION.match("佛") == "1"
    assert RELIGION.match("基督新教") == RELIGION.match("基督") == "5"
    assert RELIGION.match("无") == RELIGION.match("无宗教信仰") == "0"


def test_domicile_and_new_social_stratum_short_forms_are_matched() -> None:
    assert DOMICILE_TYPE.match("租房") == "02"
    assert DOMICILE_TYPE.match("自购") == "01"
    assert NEW_SOCIAL_STRATUM.match("自由职业者") == "3"
    assert NEW_SOCIAL_STRATUM.match("新媒体") == "4"


def test_hazard_category_matches_codes_case_insensitively_and_names() -> None:
    assert HAZARD_CATEGORY.match("FIRE") == "fire"
    assert HAZARD_CATEGORY.match("人员聚集/大型活动") == "crowd"
    assert HAZARD_CATEGORY.match("人员聚集／大型活动") == "crowd"


class Colour(models.TextChoices):
    RED = "01", "红色"
    BLUE = "02", "蓝色"


def test_ambiguous_variant_is_refused_when_the_list_is_built() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        CodeList(Colour, variants={"红色": "02"})


def test_variant_for_a_missing_code_is_refused_when_the_list_is_built() -> None:
    with pytest.raises(ValueError, match="no code"):
        CodeList(Colour, variants={"绿": "03"})


def test_suffix_is_stripped_from_both_the_name_and_the_cell() -> None:
    colours = CodeList(Colour, strip_suffixes=["色"])
    assert colours.match("红") == "01"
    assert colours.match("蓝色") == "02"
