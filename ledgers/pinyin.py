"""Names read in pinyin: the keys a resident is found and sorted by.

The readings are pypinyin's (its dictionaries, written once into a compact table by
ledgers.pinyin_tables, so that no process holds pypinyin's own 55 MiB of them). pypinyin reads a
character as it is most often read, which for some surnames is wrong: 曾 is
zēng as a surname, not céng; 单 shàn, not dān. SURNAMES corrects the first character (or the
first two, for a compound surname) of a Han name; a person whose name is read otherwise still
has their reading typed in (Resident.pinyin_override), which wins over both.

Three keys are stored on each resident and indexed:
- `compact`: the whole reading without spaces or tones ("maxiulan"): typed as one word or as
  syllables ("ma xiu lan"), matched by its beginning;
- `initials`: the first letter of each syllable ("mxl");
- `sort`: the dictionary order of the name, syllable by syllable and tone by tone, then by the
  characters themselves, written only in 0-9 and a-z so that every collation (SQLite's binary,
  PostgreSQL's C or a language's) puts the keys in the same order.
"""

from __future__ import annotations

import functools
import gzip
import re
import sys
import unicodedata
from dataclasses import dataclass

from ledgers.pinyin_tables import CHARACTER, TABLES

# Surnames that pypinyin reads as the character's common reading (checked against pypinyin
# 0.55): the reading as a surname, with its tone.
SURNAMES: dict[str, str] = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "翟": "zhai2",
    "区": "ou1",
    "覃": "qin2",
    "朴": "piao2",
    "查": "zha1",
    "盖": "ge3",
    "种": "chong2",
    "缪": "miao4",
    "黑": "he4",
    "秘": "bi4",
    "任": "ren2",
    "员": "yun4",
    "华": "hua4",
    "纪": "ji3",
    "燕": "yan1",
    "过": "guo1",
    "繁": "po2",
    "句": "gou1",
    "召": "shao4",
    "冼": "xian3",
    "洗": "xian3",
    "隗": "wei3",
    "祭": "zhai4",
    "厍": "she4",
    "阚": "kan4",
    "牟": "mou2",
    "能": "nai4",
    "长": "chang2",
    "乜": "nie4",
    "宓": "fu2",
    "郇": "huan2",
    "眭": "sui1",
    "逄": "pang2",
    "尉": "yu4",
    "晟": "cheng2",
    "禚": "zhuo2",
    "谌": "chen2",
    "褚": "chu3",
    "蕃": "pi2",
    "贲": "ben1",
}
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "单于": ("chan2", "yu2"),
    "尉迟": ("yu4", "chi2"),
    "万俟": ("mo4", "qi2"),
    "长孙": ("zhang3", "sun1"),
    "澹台": ("tan2", "tai2"),
    "令狐": ("ling2", "hu2"),
    "亓官": ("qi2", "guan1"),
    "乐正": ("yue4", "zheng4"),
}

SYLLABLE_WIDTH = 6  # zhuang, shuang, chuang
SORT_LENGTH = 255
_READING = re.compile(r"[a-z]+[0-5]?")
_SPACES = re.compile(r"[\s'’·•.\-]+")


@dataclass(frozen=True)
class NameKeys:
    compact: str
    initials: str
    sort: str


@functools.lru_cache(maxsize=32768)
def _is_han(character: str) -> bool:
    return unicodedata.name(character, "").startswith("CJK")


def syllables(name: str, reading: str = "") -> list[str]:
    """The name's syllables with their tones ("ma3"), one per character that is read; letters
    and digits of a name written in them are kept as they are, other marks dropped.

    `reading`, when given, is the person's own reading ("shan4 tian2 fang1" or "shan tian
    fang"), taken as it is."""
    if reading.strip():
        return _READING.findall(plain_letters(reading))
    letters = [c for c in name.strip() if c.isalnum()]
    result = _read("".join(letters))
    han = "".join(c for c in letters if _is_han(c))
    if len(han) >= 2 and len(han) == len(letters):
        compound = COMPOUND_SURNAMES.get(han[:2])
        if compound and len(han) > 2:
            result[0], result[1] = compound
        elif han[0] in SURNAMES:
            result[0] = SURNAMES[han[0]]
    return result


@dataclass(frozen=True)
class _Tables:
    characters: dict[str, str]  # character → its first reading ("zi4")
    phrases: dict[str, str]  # phrase → its readings ("duan3 yu3")
    longest: int  # characters of the longest phrase


@functools.cache
def _tables() -> _Tables:
    """The readings, read once per process on first use (about 0.1 s, 15 MiB)."""
    characters: dict[str, str] = {}
    phrases: dict[str, str] = {}
    with gzip.open(TABLES, "rt", encoding="utf-8") as handle:
        for line in handle:
            kind, text, reading = line.rstrip("\n").split("\t")
            if kind == CHARACTER:
                characters[text] = sys.intern(reading)  # some 1,500 syllables, shared
            else:
                phrases[text] = reading
    return _Tables(characters, phrases, max(map(len, phrases), default=1))


def _read(text: str) -> list[str]:
    """pypinyin's reading of the text, as lazy_pinyin(text, Style.TONE3,
    neutral_tone_with_five=True) gives it (the tests compare the two) but ten times faster,
    which an import of 50,000 names needs: the longest phrase of its phrase dictionary at each
    place, else each character's first reading; anything else as a lower-case letter."""
    tables = _tables()
    result: list[str] = []
    at = 0
    while at < len(text):
        for length in range(min(tables.longest, len(text) - at), 1, -1):
            phrase = tables.phrases.get(text[at : at + length])
            if phrase:
                result.extend(phrase.split(" "))
                at += length
                break
        else:
            result.append(_character(text[at]))
            at += 1
    return result


@functools.lru_cache(maxsize=32768)
def _character(character: str) -> str:
    return _tables().characters.get(character) or character.lower()


def plain_letters(text: str) -> str:
    """Pinyin as typed, tone marks and all ("Lǚ Dòngbīn"), in the letters of the keys:
    lower case, ü as v, tone marks dropped."""
    text = text.lower().replace("ü", "v").replace("u:", "v")
    text = unicodedata.normalize("NFD", text).replace("u\u0308", "v")
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.lru_cache(maxsize=16384)  # an import meets the same names again and again
def keys(name: str, reading: str = "") -> NameKeys:
    parts = [_parts(syllable) for syllable in syllables(name, reading)]
    compact = "".join(bare for bare, _sort in parts)
    initials = "".join(bare[:1] for bare, _sort in parts)
    sort = "".join(sort for _bare, sort in parts) + "0"
    sort += "".join(f"{ord(c):05x}" for c in name.strip() if c.isalnum())
    return NameKeys(compact[:200], initials[:50], sort[:SORT_LENGTH])


@functools.lru_cache(maxsize=4096)
def _parts(syllable: str) -> tuple[str, str]:
    """The syllable without its tone, and its seven characters of the sort key: the syllable
    padded with 0 (below every letter, so ma < mai) and its tone (0 for a letter or digit
    written as it is). Nothing of a character that is no letter (a Uyghur letter, say): the
    sort key's code points still order it."""
    if not syllable.isascii():
        return "", ""
    tone = syllable[-1] if syllable[-1] in "12345" and len(syllable) > 1 else "0"
    bare = syllable.rstrip("012345") if tone != "0" else syllable
    return bare, bare[:SYLLABLE_WIDTH].ljust(SYLLABLE_WIDTH, "0") + tone


def query_key(text: str) -> str:
    """What a person typed to find a name in pinyin ("Ma Xiu lan", "mxl"), as the stored keys
    are written: lower case, without spaces or apostrophes; "" when it is not pinyin."""
    compact = _SPACES.sub("", plain_letters(text.strip()))
    return compact if re.fullmatch(r"[a-z]+", compact) else ""
