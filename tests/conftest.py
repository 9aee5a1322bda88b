"""The personas every test speaks of, made by the same code that seeds the demo."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from ledgers import demo
from ledgers.models import Community, Grid

PERSONAS = ["anonymous", "staff_mc", "staff_bh", "grid_mc1", "leader", "county", "admin", "auditor"]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def accounts(db: None) -> dict[str, User]:
    return demo.seed()


@pytest.fixture
def miaochuan(accounts: dict[str, User]) -> Community:
    return Community.objects.get(name="庙川社区")


@pytest.fixture
def beihuan(accounts: dict[str, User]) -> Community:
    return Community.objects.get(name="北环路社区")


@pytest.fixture
def grid_mc1(accounts: dict[str, User]) -> Grid:
    return Grid.objects.get(code="MC-01")


@pytest.fixture
def client_as(accounts: dict[str, User]) -> Callable[[str], Client]:
    """A test client signed in as the named persona ("anonymous" is signed out)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(accounts[persona], backend=MODEL_BACKEND)
        return client

    return make
