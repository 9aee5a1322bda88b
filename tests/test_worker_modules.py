"""What a web or job worker holds: the libraries only a rare path needs are imported by that
path, not by Django's set-up or the URLconf (openpyxl is 10 MiB a process, python-docx 3)."""

import subprocess
import sys
from pathlib import Path

RARE = ("openpyxl", "docx")


def test_a_worker_loads_no_library_only_a_rare_path_needs() -> None:
    code = (
        "import django, sys; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import sheets.writing, sheets.reading, sheets.imports, reports.yearly.views;"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({RARE!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
