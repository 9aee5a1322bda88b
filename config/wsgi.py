"""WSGI entry point (gunicorn config.wsgi). A release whose static files were not collected
does not start (core.release)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from core.release import require_static_files  # noqa: E402 (after Django is set up)

require_static_files()
