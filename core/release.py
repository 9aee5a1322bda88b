"""What a release needs before it serves: its static files collected (the hashed names of the
manifest), checked where the site starts and by `manage.py upgrade`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


def static_manifest() -> Path | None:
    """The manifest the static files are served by, or None when they are served as they are
    (DEBUG: no manifest is needed)."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in backend:
        return None
    return Path(settings.STATIC_ROOT) / "staticfiles.json"


def require_static_files() -> None:
    """Refuse to serve a release whose static files were not collected: every page would fail
    on its first stylesheet (an error 500 for everyone) instead of saying why once."""
    manifest = static_manifest()
    if manifest is not None and not manifest.is_file():
        raise ImproperlyConfigured(
            _(
                "The static files of this release are not collected (%(path)s is missing): run "
                "manage.py collectstatic --noinput, or manage.py upgrade, then start again."
            )
            % {"path": manifest}
        )
