"""A lower app names nothing above it (docs/architecture.md): no import of a higher app, and no
string naming one (a URL name "casework:…", a permission "casework.view_…", a module path
"casework.models", a template "casework/…"), in its Python source (migrations aside) or in the
templates it owns. Higher apps register what lower ones must know from their AppConfig.ready().

    demo → reports → campaigns → casework → ledgers → sheets → core
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app, lowest first, and the apps it may name: those below it.
MAY_NAME: dict[str, set[str]] = {
    "core": set(),
    "sheets": {"core"},
    "ledgers": {"core", "sheets"},
    "casework": {"core", "sheets", "ledgers"},
    "campaigns": {"core", "sheets", "ledgers", "casework"},
    "reports": {"core", "sheets", "ledgers", "casework", "campaigns"},
    "demo": {"core", "sheets", "ledgers", "casework", "campaigns", "reports"},
}
# Every app is held to the rule.
CHECKED = list(MAY_NAME)
# What templates/ holds for core; templates/<app>/ belongs to that app.
CORE_TEMPLATES = [
    "base.html",
    "403.html",
    "404.html",
    "500.html",
    "generic",
    "includes",
    "registration",
]

STRING_TOKENS = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def naming(apps: set[str]) -> re.Pattern[str]:
    """A URL name, permission, dotted path or template path of one of `apps`."""
    names = "|".join(sorted(apps))
    return re.compile(rf"\b(?:{names})(?::\w|\.\w|/)")


def python_files(app: str) -> Iterator[Path]:
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def template_files(app: str) -> Iterator[Path]:
    roots = [ROOT / "templates" / name for name in CORE_TEMPLATES] if app == "core" else []
    roots += [ROOT / "templates" / app, ROOT / app / "templates"]
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from sorted(p for p in root.rglob("*") if p.is_file())


def imports_of(source: str) -> Iterator[tuple[int, str]]:
    """(line, module) of every import, at the top or inside a function."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def strings_of(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal, docstrings included (comments are not strings)."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in STRING_TOKENS:
            yield token.start[0], token.string


def names_above(app: str) -> list[str]:
    """Where `app` names an app above it, as "path:line: what"."""
    above = set(MAY_NAME) - MAY_NAME[app] - {app}
    if not above:  # the top (demo) may name every app
        return []
    pattern = naming(above)
    found = []
    for path in python_files(app):
        where = path.relative_to(ROOT)
        source = path.read_text(encoding="utf-8")
        for line, module in imports_of(source):
            if module.split(".")[0] in above:
                found.append(f"{where}:{line}: imports {module}")
        for line, text in strings_of(source):
            for match in pattern.finditer(text):
                at = line + text.count("\n", 0, match.start())
                found.append(f"{where}:{at}: {match.group(0)}…")
    for path in template_files(app):
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}…")
    return found


@pytest.mark.parametrize("app", CHECKED)
def test_an_app_names_no_app_above_it(app: str) -> None:
    found = names_above(app)
    assert not found, "\n".join(found)


def test_the_ranks_are_a_ladder() -> None:
    """Each app may name exactly the apps listed before it."""
    apps = list(MAY_NAME)
    assert all(MAY_NAME[app] == set(apps[:rank]) for rank, app in enumerate(apps))


@pytest.mark.parametrize(
    "text",
    [
        'reverse("casework:hazard_list")',
        "{% url 'reports:dashboard' %}",
        'user.has_perm("campaigns.view_visit")',
        "{% if perms.ledgers.view_resident %}",
        'render(request, "ledgers/audit_verify.html")',
        'import_module("sheets.imports")',
    ],
)
def test_the_pattern_sees_a_higher_app_named(text: str) -> None:
    assert naming(set(MAY_NAME) - {"core"}).search(text)


@pytest.mark.parametrize(
    "text",
    [
        "ledgers_auditevent",  # a table name kept from before a move
        "worksheets.append(row)",
        "sign-in sheets, slides and plans.",
        "the ledgers' pages",
    ],
)
def test_the_pattern_leaves_other_words_alone(text: str) -> None:
    assert not naming(set(MAY_NAME) - {"core"}).search(text)


def test_imports_are_found_inside_functions_too() -> None:
    source = "def f():\n    from casework.models import Hazard\n    import reports.views\n"
    assert list(imports_of(source)) == [(2, "casework.models"), (3, "reports.views")]
