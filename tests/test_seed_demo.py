"""`manage.py seed_demo` without Faker (the "demo" extra) says what to install and seeds nothing."""

import sys
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from ledgers.models import Community


def test_seed_demo_without_faker_says_what_to_install(db: None) -> None:
    with (
        mock.patch.dict(sys.modules, {"faker": None}),  # `import faker` raises ImportError
        translation.override("en"),
        pytest.raises(CommandError) as refused,
    ):
        call_command("seed_demo")
    assert "Faker" in str(refused.value)
    assert 'pip install -e ".[demo]"' in str(refused.value)
    assert not get_user_model().objects.exists()
    assert not Community.objects.exists()
