"""Waiting for an image the page shows to have loaded."""

from typing import Any


def wait_until_loaded(image: Any, tries: int = 100) -> int:
    """Poll until the image has loaded (a lazy image loads after the page's load event); return
    its natural width. Polled from here: `wait_for_function` evaluates its predicate with eval,
    which the site's Content-Security-Policy rightly refuses."""
    width = -1
    for _ in range(tries):
        width = image.evaluate("img => img.complete ? img.naturalWidth : -1")
        if width > 0:
            return int(width)
        image.page.wait_for_timeout(100)
    state = "broken (the server refused it)" if width == 0 else "still loading"
    raise AssertionError(f"the image {image} was {state} after {tries / 10:.0f} s")
