#!/usr/bin/env python
"""Django's command-line utility for 同心."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Without a SECRET_KEY this is a development checkout: run in debug unless DEBUG says
    # otherwise. Production sets SECRET_KEY; its web server (wsgi.py) never takes this default.
    if not os.environ.get("SECRET_KEY") and "DEBUG" not in os.environ:
        os.environ["DEBUG"] = "1"
        database = os.environ.get("DATABASE_URL", "db.sqlite3 (SQLite)")
        print(
            f"No SECRET_KEY and no DEBUG in the environment: running as a development checkout "
            f"(DEBUG=1, database {database}). On a server, load the environment file first "
            f"(docs/deployment.md).",
            file=sys.stderr,
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
