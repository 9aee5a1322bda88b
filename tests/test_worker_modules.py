"""What a web or job worker holds: the libraries only a rare path needs are imported by that
path, not by Django's set-up or the URLconf (openpyxl is 10 MiB a process, python-docx 3)."""

from tests.conftest import fresh_process

RARE = ("openpyxl", "docx")


def test_a_worker_loads_no_library_only_a_rare_path_needs() -> None:
    code = (
        "import django, sys; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import sheets.writing, sheets.reading, sheets.imports, reports.yearly.views;"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({RARE!r})))"
    )
    assert fresh_process(code) == "[]"
