"""An upgrade brings the database and the static files to the release; a release whose static
files were not collected refuses to start rather than failing every page."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from core import release

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static(settings: Any, tmp_path: Path) -> Path:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    return tmp_path / "static"


def test_a_release_without_its_static_files_does_not_start(production_static: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="collectstatic"):
        release.require_static_files()


def test_the_upgrade_migrates_collects_and_says_what_to_restart(
    production_static: Path, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The browser tests allow Django's sync calls in their event loop; a server does not.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    out = StringIO()
    call_command("upgrade", stdout=out)
    assert (production_static / "staticfiles.json").is_file()
    release.require_static_files()  # starts now
    said = out.getvalue()
    assert "systemctl reload tongxin-web" in said and "systemctl restart tongxin-worker" in said
