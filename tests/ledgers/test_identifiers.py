"""Chinese identifiers: ID and permit numbers, legacy numbers, credit codes, ethnicity codes."""

import random
from collections.abc import Callable
from datetime import date

import pytest

from ledgers.identifiers import (
    DOC_CITIZEN,
    DOC_FOREIGN_PR,
    DOC_HMT,
    DOC_OTHER,
    DOC_PASSPORT,
    DOCUMENT_TYPES,
    IdentifierError,
    check_credit_code,
    check_document,
    is_minority,
    mask_id,
    normalise_id,
    parse_citizen_id,
    refuse_numeric_id,
    upgrade_15,
)

GANSU_SAMPLE = "620201195007308602"
BEIJING_SAMPLE = "11010519491231002X"
CREDIT_SAMPLE = "91350100M000100Y43"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TODAY = date(2024, 6, 1)
KNOWN_CODES = {"checksum", "birth_date", "length", "characters", "gender", "prefix", "numeric"}


def with_check_digit(body: str) -> str:
    """A 17-digit body plus its GB 11643 check character, computed from the definition."""
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(body))
    return body + "10X98765432"[total % 11]


def with_credit_check(body: str) -> str:
    """A 17-character credit code body plus its GB 32100 check character."""
    total = sum(CREDIT_ALPHABET.index(c) * 3**i % 31 for i, c in enumerate(body))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


def citizen(birth: str, region: str = "110105", sequence: str = "002") -> str:
    return with_check_digit(region + birth + sequence)


def error_of(call: object, *args: object, **kwargs: object) -> IdentifierError:
    assert callable(call)
    with pytest.raises(IdentifierError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_the_helper_agrees_with_the_two_known_samples() -> None:
    assert with_check_digit(GANSU_SAMPLE[:17]) == GANSU_SAMPLE
    assert with_check_digit(BEIJING_SAMPLE[:17]) == BEIJING_SAMPLE


def test_a_gansu_number_unknown_to_libraries_is_accepted() -> None:
    parsed = parse_citizen_id(GANSU_SAMPLE)
    assert parsed.number == GANSU_SAMPLE
    assert parsed.birth_date == date(1950, 7, 30)
    assert parsed.gender == "2"
    assert parsed.region_code == "620201"


def test_a_number_ending_in_x_is_accepted_with_birth_date_and_gender() -> None:
    parsed = parse_citizen_id(BEIJING_SAMPLE)
    assert (parsed.birth_date, parsed.gender, parsed.region_code) == (
        date(1949, 12, 31),
        "2",
        "110105",
    )


def test_an_odd_seventeenth_digit_means_male() -> None:
    assert parse_citizen_id(citizen("19800101", sequence="013")).gender == "1"


def test_an_even_seventeenth_digit_means_female() -> None:
    assert parse_citizen_id(citizen("19800101", sequence="014")).gender == "2"


def test_lower_case_x_is_accepted_and_stored_upper_case() -> None:
    assert parse_citizen_id(BEIJING_SAMPLE.lower()).number == BEIJING_SAMPLE


def test_full_width_digits_and_spaces_are_accepted() -> None:
    typed = "　１１０１０５ １９４９１２３１ ００２ｘ "
    assert parse_citizen_id(typed).number == BEIJING_SAMPLE


def test_normalising_strips_spaces_full_width_characters_and_case() -> None:
    assert normalise_id(" 1101 05\u3000１９４９１２３１００２ｘ\n") == BEIJING_SAMPLE


def test_a_short_number_is_refused_with_its_length() -> None:
    err = error_of(parse_citizen_id, "1101051949123100")
    assert err.code == "length"
    assert "16" in str(err.message)


def test_an_old_15_digit_number_is_refused_with_its_upgrade() -> None:
    err = error_of(parse_citizen_id, "110105491231002")
    assert err.code == "length"
    assert BEIJING_SAMPLE in str(err.message)


def test_a_letter_inside_the_number_is_refused() -> None:
    err = error_of(parse_citizen_id, "1101051949A231002X")
    assert err.code == "characters"
    assert "11" in str(err.message)


def test_an_x_anywhere_but_last_is_refused() -> None:
    assert error_of(parse_citizen_id, "X10105194912310021").code == "characters"


def test_a_birth_date_that_does_not_exist_is_refused() -> None:
    err = error_of(parse_citizen_id, citizen("19850230"))
    assert err.code == "birth_date"
    assert "1985-02-30" in str(err.message)


def test_february_29_on_a_leap_year_is_accepted() -> None:
    assert parse_citizen_id(citizen("20000229")).birth_date == date(2000, 2, 29)


def test_february_29_on_a_non_leap_year_is_refused() -> None:
    err = error_of(parse_citizen_id, citizen("20230229"))
    assert err.code == "birth_date"
    assert "2023-02-29" in str(err.message)


def test_january_1_1900_is_the_earliest_birth_date_accepted() -> None:
    assert parse_citizen_id(citizen("19000101")).birth_date == date(1900, 1, 1)


def test_a_birth_date_before_1900_is_refused() -> None:
    err = error_of(parse_citizen_id, citizen("18991231"))
    assert err.code == "birth_date"
    assert "1899-12-31" in str(err.message)


def test_a_birth_date_of_today_is_accepted() -> None:
    assert parse_citizen_id(citizen("20240601"), today=TODAY).birth_date == TODAY


def test_a_birth_date_in_the_future_is_refused() -> None:
    err = error_of(parse_citizen_id, citizen("20240602"), today=TODAY)
    assert err.code == "birth_date"
    assert "2024-06-02" in str(err.message)


def test_wrong_check_digit_is_refused_without_suggesting_a_fix() -> None:
    err = error_of(parse_citizen_id, BEIJING_SAMPLE[:17] + "5")
    assert err.code == "checksum"
    # The right last character is not named: the typo may be anywhere in the number.
    assert "X" not in str(err.message).replace("XX", "")


def test_an_unknown_province_is_accepted_but_flagged() -> None:
    parsed = parse_citizen_id(citizen("19800101", region="991234"))
    assert parsed.region_code == "991234"
    assert parsed.region_known is False


def test_a_known_province_is_flagged_known() -> None:
    assert parse_citizen_id(citizen("19800101", region="650102")).region_known is True


def test_upgrading_a_15_digit_number_inserts_19_and_appends_the_check_digit() -> None:
    assert upgrade_15("110105491231002") == BEIJING_SAMPLE
    assert upgrade_15("620201500730860") == GANSU_SAMPLE


def test_upgrading_refuses_anything_but_15_digits() -> None:
    assert error_of(upgrade_15, "11010549123100").code == "length"
    assert error_of(upgrade_15, "11010549123100X").code == "characters"


def test_a_citizen_number_is_returned_normalised() -> None:
    assert check_document(DOC_CITIZEN, BEIJING_SAMPLE.lower()) == BEIJING_SAMPLE


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_hmt_numbers_are_refused_as_citizen_ids(prefix: str) -> None:
    number = citizen("19900101", region=prefix)
    err = error_of(check_document, DOC_CITIZEN, number)
    assert err.code == "prefix"


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_hmt_numbers_are_accepted_as_residence_permits(prefix: str) -> None:
    number = citizen("19900101", region=prefix)
    assert check_document(DOC_HMT, number) == number


def test_a_residence_permit_must_start_with_810000_820000_or_830000() -> None:
    assert error_of(check_document, DOC_HMT, BEIJING_SAMPLE).code == "prefix"
    assert error_of(check_document, DOC_HMT, citizen("19900101", region="810101")).code == "prefix"


def test_a_residence_permit_needs_a_valid_check_digit() -> None:
    number = citizen("19900101", region="810000")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert error_of(check_document, DOC_HMT, wrong).code == "checksum"


def test_nine_prefixed_numbers_are_refused_as_citizen_ids() -> None:
    number = citizen("19850315", region="911156")
    assert error_of(check_document, DOC_CITIZEN, number).code == "prefix"


def test_nine_prefixed_numbers_are_accepted_as_foreign_permanent_resident_cards() -> None:
    number = citizen("19850315", region="911156")
    assert check_document(DOC_FOREIGN_PR, number) == number


def test_a_foreign_permanent_resident_card_must_start_with_nine() -> None:
    assert error_of(check_document, DOC_FOREIGN_PR, BEIJING_SAMPLE).code == "prefix"


def test_a_foreign_permanent_resident_card_checks_the_birth_date() -> None:
    number = citizen("19850230", region="911156")
    assert error_of(check_document, DOC_FOREIGN_PR, number).code == "birth_date"


def test_a_foreign_permanent_resident_card_checks_the_check_digit() -> None:
    number = citizen("19850315", region="911156")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert error_of(check_document, DOC_FOREIGN_PR, wrong).code == "checksum"


@pytest.mark.parametrize("kind", [DOC_PASSPORT, DOC_OTHER])
def test_passports_and_other_documents_are_only_normalised(kind: str) -> None:
    assert check_document(kind, " e１２３４５６７８ ") == "E12345678"
    assert check_document(kind, "ab-12") == "AB-12"


@pytest.mark.parametrize("kind", [DOC_PASSPORT, DOC_OTHER])
def test_passport_numbers_have_3_to_30_characters(kind: str) -> None:
    assert error_of(check_document, kind, "E1").code == "length"
    assert error_of(check_document, kind, "E" * 31).code == "length"
    assert check_document(kind, "E" * 30) == "E" * 30


def test_a_passport_number_with_a_stray_character_is_refused_naming_it() -> None:
    err = error_of(check_document, DOC_PASSPORT, "E123/456")
    assert err.code == "characters"
    assert "/" in str(err.message)


def test_an_unknown_document_type_is_refused() -> None:
    assert error_of(check_document, "driving_licence", "E12345678").code == "document_type"


@pytest.mark.parametrize("value", [110105194912310000, 1.10105194912310e17, "1.10105E+17"])
def test_excel_numbers_are_refused(value: object) -> None:
    err = error_of(refuse_numeric_id, value)
    assert err.code == "numeric"
    assert "文本" in str(err.message)


def test_lower_case_scientific_notation_is_refused() -> None:
    assert error_of(refuse_numeric_id, "1.10105e17").code == "numeric"


def test_text_numbers_pass_the_excel_check() -> None:
    for value in [BEIJING_SAMPLE, "E12345678", "", None, True]:
        refuse_numeric_id(value)  # does not raise


def test_a_number_in_scientific_notation_is_refused_as_citizen_id() -> None:
    assert error_of(check_document, DOC_CITIZEN, "1.10105E+17").code == "numeric"


def test_masking_keeps_the_first_6_and_last_4_of_18() -> None:
    assert mask_id(BEIJING_SAMPLE) == "110105********002X"


def test_masking_keeps_the_first_6_and_last_3_of_15() -> None:
    assert mask_id("110105491231002") == "110105******002"


def test_masking_other_numbers_keeps_the_last_4() -> None:
    assert mask_id("E12345678") == "*****5678"
    assert mask_id("ABCD") == "ABCD"


def test_masking_short_and_empty_numbers() -> None:
    assert mask_id("E12") == "***"
    assert mask_id("") == ""


def test_the_sample_credit_code_is_accepted() -> None:
    assert check_credit_code(CREDIT_SAMPLE) == CREDIT_SAMPLE


def test_a_credit_code_is_returned_normalised() -> None:
    assert check_credit_code(" ９１３５０１００m０００１００y４３ ") == CREDIT_SAMPLE


def test_the_helper_agrees_with_the_credit_code_sample() -> None:
    assert with_credit_check(CREDIT_SAMPLE[:17]) == CREDIT_SAMPLE


def test_a_credit_code_with_a_wrong_check_character_is_refused() -> None:
    err = error_of(check_credit_code, CREDIT_SAMPLE[:17] + "2")
    assert err.code == "checksum"


def test_a_credit_code_with_an_o_is_refused_naming_the_position() -> None:
    err = error_of(check_credit_code, "91350100MO00100Y43")
    assert err.code == "characters"
    assert "10" in str(err.message)
    assert "O" in str(err.message)


def test_a_credit_code_of_the_wrong_length_is_refused() -> None:
    assert error_of(check_credit_code, CREDIT_SAMPLE[:17]).code == "length"


@pytest.mark.parametrize("authority", ["A", "N", "Y"])
def test_credit_codes_from_authorities_a_n_and_y_are_accepted(authority: str) -> None:
    code = with_credit_check(authority + "1110000MB0123456")
    assert check_credit_code(code) == code


def test_a_credit_code_from_an_unknown_authority_is_refused() -> None:
    code = with_credit_check("B1110000MB0123456")
    assert error_of(check_credit_code, code).code == "prefix"


@pytest.mark.parametrize("code", ["02", "10", "56"])
def test_minority_codes_are_minorities(code: str) -> None:
    assert is_minority(code)


@pytest.mark.parametrize("code", ["01", "97", "98", "57", "", "2", "5６", "xx"])
def test_han_other_foreign_and_junk_codes_are_not_minorities(code: str) -> None:
    assert not is_minority(code)


def every_check_on(raw: str) -> list[Callable[[], object]]:
    calls: list[Callable[[], object]] = [
        lambda: parse_citizen_id(raw, today=TODAY),
        lambda: upgrade_15(raw),
        lambda: check_credit_code(raw),
        lambda: refuse_numeric_id(raw),
        lambda: mask_id(raw),
        lambda: is_minority(raw),
    ]
    return calls + [lambda kind=kind: check_document(kind, raw) for kind in DOCUMENT_TYPES]


def test_random_strings_only_ever_raise_identifier_errors() -> None:
    rng = random.Random(20260601)
    pieces = list("0123456789Xx -/.eE+") + list("０１２３４５６７８９ｘＸ　") + ["\u200b", "\n"]
    pieces += ["²", "٣", "ß", "ﬀ", "İ", "汉", "\ud800", "\x00", "%", "%(count)d", "{0}"]
    samples = [BEIJING_SAMPLE, GANSU_SAMPLE, CREDIT_SAMPLE, "110105491231002"]
    for _round in range(3000):
        if rng.random() < 0.3:
            chars = list(rng.choice(samples))
            chars[rng.randrange(len(chars))] = rng.choice(pieces)
            raw = "".join(chars)
        else:
            raw = "".join(rng.choice(pieces) for _ in range(rng.choice([0, 3, 15, 17, 18, 19])))
        for call in every_check_on(raw):
            try:
                call()
            except IdentifierError as err:
                assert err.code in KNOWN_CODES
                assert str(err.message)
