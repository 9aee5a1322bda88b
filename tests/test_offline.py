"""Offices run on intranets: no page may load anything from another host."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = re.compile(r"""(src|href|action)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""url\(\s*["']?(https?:)?//""", re.IGNORECASE)


def test_templates_load_nothing_from_another_host() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_stylesheets_load_nothing_from_another_host() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "static").rglob("*.css")
        if CSS_EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_every_vendored_asset_has_its_licence() -> None:
    for folder in (ROOT / "static" / "vendor").iterdir():
        assert (folder / "LICENSE").is_file(), folder.name
