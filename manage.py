#!/usr/bin/env python
"""Django's command-line utility for 同心."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Without a SECRET_KEY this is a development checkout: run in debug unless DEBUG says
    # otherwise. Production sets SECRET_KEY; its web server (wsgi.py) never takes this default.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
