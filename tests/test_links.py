"""A path kept once per process is still the path under the prefix the site is served at."""

from django.urls import reverse, set_script_prefix

from core.links import path


def test_a_kept_path_follows_the_script_prefix() -> None:
    assert path("ledgers:resident_list") == reverse("ledgers:resident_list")
    set_script_prefix("/tongxin/")
    try:
        assert path("ledgers:resident_list") == reverse("ledgers:resident_list")
        assert path("ledgers:resident_list").startswith("/tongxin/")
    finally:
        set_script_prefix("/")
    assert not path("ledgers:resident_list").startswith("/tongxin/")
