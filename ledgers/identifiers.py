"""Validators for Chinese identifiers: ID and permit numbers, credit codes, ethnicity codes."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from operator import mul
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import LazyText, lazy_percent

DOC_CITIZEN = "citizen"  # 居民身份证
DOC_HMT = "hmt_residence"  # 港澳台居民居住证
DOC_FOREIGN_PR = "foreign_pr"  # 外国人永久居留身份证
DOC_PASSPORT = "passport"  # 护照
DOC_OTHER = "other"  # 其他
DOCUMENT_TYPES = (DOC_CITIZEN, DOC_HMT, DOC_FOREIGN_PR, DOC_PASSPORT, DOC_OTHER)

# GB 11643-1999, ISO 7064 MOD 11-2.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)
SURELY_PAST = timedelta(days=2)  # more than any two time zones are apart
_PROVINCES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 83))
PROVINCE_CODES = frozenset(str(code) for low, high in _PROVINCES for code in range(low, high + 1))
HMT_PREFIXES = ("810000", "820000", "830000")
_MINORITY_CODES = frozenset(f"{code:02d}" for code in range(2, 57))  # GB 3304

# GB 32100-2015: no I, O, Z, S or V; weights 3^i mod 31.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
CREDIT_AUTHORITIES = "123456789ANY"

# Full-width ASCII (U+FF01–FF5E) to ASCII, lower case to upper, zero-width characters dropped.
_TO_ASCII: dict[int, str | None] = {c: chr(c - 0xFEE0).upper() for c in range(0xFF01, 0xFF5F)}
_TO_ASCII.update({c: chr(c).upper() for c in range(ord("a"), ord("z") + 1)})
_TO_ASCII.update(dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]))
_DIGITS = "0123456789"
_DOCUMENT_CHARS = frozenset(_DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
_ID_CHARS = re.compile("[0-9]{17}[0-9X]", re.ASCII)  # the characters of a well-formed number
_AN_E = re.compile("[eEｅＥ]")
_SCIENTIFIC = re.compile(r"[0-9]\.[0-9]+[eE]\+?[0-9]+|[0-9][eE]\+[0-9]+")


class IdentifierError(ValueError):
    """A number that breaks a rule: `code` names the rule, `message` explains it to the user."""

    def __init__(self, message: LazyText, code: str) -> None:
        super().__init__(message, code)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_date: date
    gender: str  # GB/T 2261.1: "1" male, "2" female
    region_code: str
    region_known: bool  # only whether the province exists; never a reason to refuse


def _error(code: str, template: LazyText, **params: object) -> IdentifierError:
    """The message is filled in when shown, so it follows the reader's language."""
    return IdentifierError(cast(LazyText, lazy_percent(template, params)), code)


def _shown(char: str) -> str:
    return char if char.isprintable() else f"U+{ord(char):04X}"


def _is_digits(text: str) -> bool:
    return text != "" and all(c in _DIGITS for c in text)


def normalise_id(raw: str) -> str:
    """Drop all spaces (also U+3000), turn full-width characters into ASCII, upper-case."""
    return "".join(raw.translate(_TO_ASCII).split())


def refuse_numeric_id(value: object) -> None:
    """Refuse an ID that Excel has stored as a number (or shows in scientific notation)."""
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    # Scientific notation needs an E, which normalise_id makes only of e, E, ｅ and Ｅ: a text
    # without them (every real ID number) is not looked at further.
    if numeric or (
        isinstance(value, str)
        and _AN_E.search(value)
        and _SCIENTIFIC.fullmatch(normalise_id(value))
    ):
        template = _(
            # Translators: Excel 把身份证号码变成了数字，丢失了末几位（或X）。
            # 请把该列设为“文本”格式，再重新输入号码。
            "Excel turned this ID number into a number and lost its last digits (or the X). "
            "Format the column as text (文本) and type the number again."
        )
        raise IdentifierError(template, "numeric")


def id_check_char(body: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    if len(body) != len(ID_WEIGHTS):
        raise ValueError(f"17 digits expected, not {len(body)}")
    return ID_CHECK_CHARS[sum(map(mul, map(int, body), ID_WEIGHTS)) % 11]


def upgrade_15(raw: str) -> str:
    """The 18-digit form of a legacy 15-digit number: "19" before the year, check char after."""
    number = normalise_id(raw)
    if len(number) != 15 or not _is_digits(number):
        # Translators: 旧身份证号码正好是15位数字。
        template = _("An old ID number is exactly 15 digits.")
        raise IdentifierError(template, "length" if len(number) != 15 else "characters")
    body = number[:6] + "19" + number[6:]
    return body + id_check_char(body)


def _parse_18(number: str, today: date | None) -> CitizenId:
    """GB 11643-1999 on a normalised number: length, characters, birth date, check digit."""
    if len(number) != 18:
        # Translators: 身份证号码应为18位，这个号码有%(count)d位。
        template = _("An ID number has 18 characters; this one has %(count)d.")
        raise _error("length", template, count=len(number))
    # The characters one by one only when the pattern says one is wrong, to name it.
    suspect = "" if _ID_CHARS.fullmatch(number) else number
    for position, char in enumerate(suspect, start=1):
        if char not in _DIGITS and not (position == 18 and char == "X"):
            template = _(
                # Translators: 第%(position)d位“%(char)s”不允许：身份证号码为17位数字加一位数字或X。
                "Character %(position)d, “%(char)s”, is not allowed: an ID number is 17 digits "
                "followed by a digit or X."
            )
            raise _error("characters", template, position=position, char=_shown(char))
    shown = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        # Translators: 号码中的出生日期%(date)s不存在。
        template = _("The birth date in the number, %(date)s, does not exist.")
        raise _error("birth_date", template, date=shown) from None
    if born < EARLIEST_BIRTH:
        # Translators: 号码中的出生日期%(date)s早于1900年。
        template = _("The birth date in the number, %(date)s, is before 1900.")
        raise _error("birth_date", template, date=shown)
    # Only a birth date near today asks for the office's date (timezone.localdate() costs more
    # than the rest of this check): one two days before the computer's date is past everywhere.
    recent = today is not None or born > date.today() - SURELY_PAST
    if recent and born > (today or timezone.localdate()):
        # Translators: 号码中的出生日期%(date)s晚于今天。
        template = _("The birth date in the number, %(date)s, is in the future.")
        raise _error("birth_date", template, date=shown)
    expected = id_check_char(number[:17])
    if number[17] != expected:
        # Not naming the expected character is deliberate: a typo anywhere in the number shows
        # up here, and "fixing" the last character would save a wrong number as valid.
        # Translators: 校验位错误：号码中有输入错误，请对照证件逐位核对。
        raise _error(
            "checksum",
            _("The check digit is wrong: a character was mistyped. Compare it with the card."),
        )
    return CitizenId(
        number=number,
        birth_date=born,
        gender="1" if int(number[16]) % 2 else "2",
        region_code=number[:6],
        region_known=number[:2] in PROVINCE_CODES,
    )


def parse_citizen_id(raw: str, *, today: date | None = None) -> CitizenId:
    """Validate a resident ID number (GB 11643-1999); the region is only checked softly."""
    refuse_numeric_id(raw)
    return _parse_citizen(raw, today)


def _parse_citizen(raw: str, today: date | None = None) -> CitizenId:
    number = normalise_id(raw)
    if len(number) == 15 and _is_digits(number):
        # Translators: 这是旧的15位号码，对应的18位号码是%(upgraded)s。
        template = _("This is an old 15-digit number; its 18-digit form is %(upgraded)s.")
        raise _error("length", template, upgraded=upgrade_15(number))
    return _parse_18(number, today)


def check_document(document_type: str, number: str) -> str:
    """The normalised number if it is valid for the document type, else IdentifierError."""
    return read_document(document_type, number)[0]


def read_document(document_type: str, number: str) -> tuple[str, CitizenId | None]:
    """check_document, with what an 18-character number says (birth date, gender) when the
    document has one: an import reads each number once."""
    refuse_numeric_id(number)
    if document_type == DOC_CITIZEN:
        parsed = _parse_citizen(number)
        citizen = parsed.number
        if citizen[:2] in ("81", "82", "83"):
            template = _(
                # Translators: 以81、82、83开头的号码属于港澳台居民居住证，请选择该证件类型。
                "Numbers starting with 81, 82 or 83 belong to residence permits for Hong Kong, "
                "Macao and Taiwan residents; choose that document type."
            )
            raise IdentifierError(template, "prefix")
        if citizen.startswith("9"):
            template = _(
                # Translators: 以9开头的号码属于外国人永久居留身份证，请选择该证件类型。
                "Numbers starting with 9 belong to foreign permanent resident ID cards; "
                "choose that document type."
            )
            raise IdentifierError(template, "prefix")
        return citizen, parsed
    if document_type == DOC_HMT:
        parsed = _parse_18(normalise_id(number), None)
        permit = parsed.number
        if not permit.startswith(HMT_PREFIXES):
            template = _(
                # Translators: 港澳台居民居住证号码以810000、820000或830000开头。
                "A residence permit number for Hong Kong, Macao and Taiwan residents starts "
                "with 810000, 820000 or 830000."
            )
            raise IdentifierError(template, "prefix")
        return permit, parsed
    if document_type == DOC_FOREIGN_PR:
        parsed = _parse_18(normalise_id(number), None)
        card = parsed.number
        if not card.startswith("9"):
            # Translators: 外国人永久居留身份证号码以9开头。
            template = _("A foreign permanent resident ID card number starts with 9.")
            raise IdentifierError(template, "prefix")
        return card, parsed
    if document_type in (DOC_PASSPORT, DOC_OTHER):
        cleaned = normalise_id(number)
        if not 3 <= len(cleaned) <= 30:
            # Translators: 证件号码应为3至30位，这个号码有%(count)d位。
            template = _("A document number has 3 to 30 characters; this one has %(count)d.")
            raise _error("length", template, count=len(cleaned))
        for position, char in enumerate(cleaned, start=1):
            if char not in _DOCUMENT_CHARS:
                template = _(
                    # Translators: 第%(position)d位“%(char)s”不允许：只能使用字母、数字和连字符。
                    "Character %(position)d, “%(char)s”, is not allowed: use only letters, "
                    "digits and hyphens."
                )
                raise _error("characters", template, position=position, char=_shown(char))
        return cleaned, None
    # Translators: 未知的证件类型“%(type)s”。
    raise _error("document_type", _("Unknown document type “%(type)s”."), type=document_type)


def mask_id(number: str) -> str:
    """Hide the middle of a number for display: 110105********002X."""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + "*" * 6 + number[-3:]
    if len(number) >= 4:
        return "*" * (len(number) - 4) + number[-4:]
    return "*" * len(number)


# An ID number inside a text (an error message quoting a cell): 18 or 15 characters of digits
# (the last may be X), not part of a longer run of digits.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_ids_in(text: str) -> str:
    """`text` with every ID number in it masked, as mask_id shows one."""
    return _ID_IN_TEXT.sub(lambda match: mask_id(match.group(1)), text)


def credit_check_char(body: str) -> str:
    """GB 32100-2015 check character (MOD 31-3) of the first 17 characters."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(raw: str) -> str:
    """The normalised unified social credit code (GB 32100-2015), or IdentifierError."""
    code = normalise_id(raw)
    if len(code) != 18:
        # Translators: 统一社会信用代码应为18位，这个代码有%(count)d位。
        template = _("A unified social credit code has 18 characters; this one has %(count)d.")
        raise _error("length", template, count=len(code))
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_ALPHABET:
            template = _(
                # Translators: 第%(position)d位“%(char)s”不能出现在统一社会信用代码中
                # （代码中不用字母I、O、Z、S、V）。
                "Character %(position)d, “%(char)s”, cannot appear in a unified social credit "
                "code (the letters I, O, Z, S and V are never used)."
            )
            raise _error("characters", template, position=position, char=_shown(char))
    if code[0] not in CREDIT_AUTHORITIES:
        template = _(
            # Translators: 统一社会信用代码的第一位应为1–9、A、N或Y，这个代码是“%(char)s”。
            "The first character of a unified social credit code is 1–9, A, N or Y; "
            "this one is “%(char)s”."
        )
        raise _error("prefix", template, char=code[0])
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        # Translators: 校验码错误：代码中有输入错误，请对照营业执照逐位核对。
        raise _error(
            "checksum",
            _("The check character is wrong: a character was mistyped. Check the licence."),
        )
    return code


def is_minority(ethnicity_code: str) -> bool:
    """GB 3304: "02"–"56" are the minority nationalities; 01 汉族, 97 其他, 98 外国血统 are not."""
    return ethnicity_code in _MINORITY_CODES
