"""The readings ledgers.pinyin looks names up in, written from pypinyin's dictionaries.

pypinyin loads its dictionaries as nested lists when it is imported: 55 MiB in every process
(each web worker, each job worker), most of it for phrases no name holds. ledgers.pinyin needs
of them only each character's first reading and each phrase's, in TONE3: this module writes
those to `pinyin_tables.tsv.gz` (about a fifth of the memory once read), and the tests hold the
file to what the pinned pypinyin gives. After upgrading pypinyin:

    .venv/bin/python -m ledgers.pinyin_tables
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

TABLES = Path(__file__).with_name("pinyin_tables.tsv.gz")
CHARACTER, PHRASE = "c", "p"


def lines() -> Iterator[str]:
    """Each line of the tables: "c<TAB>字<TAB>zi4" (the character's first reading) and
    "p<TAB>短语<TAB>duan3 yu3" (a phrase of two characters or more: each one's first reading)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_tone3

    def tone3(syllable: str) -> str:
        return to_tone3(syllable, neutral_tone_with_five=True)

    for code, readings in sorted(PINYIN_DICT.items()):
        if readings:
            yield f"{CHARACTER}\t{chr(code)}\t{tone3(readings.split(',')[0])}"
    for phrase, syllables in sorted(PHRASES_DICT.items()):
        if len(phrase) >= 2 and syllables:  # ledgers.pinyin looks up phrases of two or more
            yield f"{PHRASE}\t{phrase}\t{' '.join(tone3(s[0]) for s in syllables)}"


def write(path: Path = TABLES) -> None:
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        for line in lines():
            if line.count("\t") != 2 or "\n" in line:
                raise ValueError(f"a reading that cannot be written as a line: {line!r}")
            handle.write(f"{line}\n".encode())


if __name__ == "__main__":
    write()
    print(f"written: {TABLES}")
