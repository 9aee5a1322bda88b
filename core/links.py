"""Paths of named URLs, reversed once per process: a county's dashboard links some 600 figures
to their lists, and reverse() on each took a tenth of the page's time."""

from __future__ import annotations

import functools
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse


def path(name: str) -> str:
    """reverse(name) of a URL without arguments, kept per script prefix and URLconf."""
    return _path(name, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=512)
def _path(name: str, _prefix: str, _urlconf: Any) -> str:
    return reverse(name)
