"""The zh-Hans catalogue is complete, not fuzzy, compiled, and holds every string in the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    catalogue = polib.pofile(str(PO))
    assert not [e.msgid for e in catalogue.untranslated_entries()]
    assert not [e.msgid for e in catalogue.fuzzy_entries()]
    plurals = [e.msgid for e in catalogue if e.msgid_plural and not all(e.msgstr_plural.values())]
    assert not plurals


def test_committed_mo_matches_the_po() -> None:
    def table(entries: polib._BaseFile) -> dict[tuple[str, str], object]:
        return {
            (e.msgctxt or "", e.msgid): e.msgstr_plural or e.msgstr
            for e in entries
            if not e.obsolete and e.msgid
        }

    po = {k: v for k, v in table(polib.pofile(str(PO))).items()}
    mo = table(polib.mofile(str(MO)))
    assert po == mo, "run `make messages` and commit the .mo"


def test_catalogue_holds_every_string_in_the_code(tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is needed in CI to check the catalogue")
        pytest.skip("GNU gettext is not installed: cannot extract the source strings")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "static", "node_modules", "*.sqlite3*", "media", "backups"
        ),
    )
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / PO.relative_to(ROOT)))}
    translated = {e.msgid for e in polib.pofile(str(PO)) if e.translated()}
    assert not extracted - translated, (
        "untranslated strings; run `make messages` and translate them"
    )
