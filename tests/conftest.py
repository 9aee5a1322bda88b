"""The personas every test speaks of, made by the same code that seeds the demo."""

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from demo import accounts as demo
from ledgers.models import Community, Grid

PERSONAS = ["anonymous", "staff_mc", "staff_bh", "grid_mc1", "leader", "county", "admin", "auditor"]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(scope="session", autouse=True)
def audit_log_flushable() -> Iterator[None]:
    """A transactional test ends with a flush of every table, which the audit log's triggers
    refuse (core.auditchain): they are lifted around the flush alone."""
    from django.db import transaction
    from django.db.backends.base.operations import BaseDatabaseOperations

    from core import auditchain

    original = BaseDatabaseOperations.execute_sql_flush

    def flush(self: BaseDatabaseOperations, sql_list: Iterable[str]) -> None:
        with transaction.atomic(using=self.connection.alias):
            auditchain.drop_triggers(self.connection)
            original(self, sql_list)
            auditchain.create_triggers(self.connection)

    BaseDatabaseOperations.execute_sql_flush = flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def media_root(tmp_path: Any, settings: Any) -> None:
    """Uploaded files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def calendar_clock_stands_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """The holiday calendar looks again at its table once a minute (core.workdays): within a
    test the clock stands still, so a test slower than a minute on a busy machine does not make
    one query more halfway through (a test that needs the minute to pass moves the clock)."""
    from core import workdays

    now = workdays._clock()
    monkeypatch.setattr(workdays, "_clock", lambda: now)


@pytest.fixture
def accounts(db: None) -> dict[str, User]:
    return demo.seed(people=False)


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


def fresh_process(code: str) -> str:
    """What `code` prints in a new Python process with the tests' settings (Django not set up:
    the code does it), from the project's folder; a failure is the test's."""
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def citizen_id(birth: str, sequence: str = "001", region: str = "620202") -> str:
    """A valid GB 11643 number: `birth` YYYYMMDD, odd last sequence digit = male."""
    from ledgers.identifiers import ID_CHECK_CHARS, ID_WEIGHTS

    body = f"{region}{birth}{sequence}"
    return (
        body + ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    )


@pytest.fixture
def mc_people(accounts: dict[str, User], miaochuan: Community, grid_mc1: Grid) -> dict[str, Any]:
    """A small 庙川社区: a household of two, one floating resident, each special ledger, a
    business and a mosque."""
    from ledgers.models import (
        Business,
        FloatingRecord,
        Household,
        OverseasTie,
        Place,
        Resident,
        StrataMembership,
        StudyAbroad,
    )

    household = Household.objects.create(
        community=miaochuan, grid=grid_mc1, number="MC-0001", address="庙川路1号"
    )
    head = Resident.objects.create(
        community=miaochuan,
        grid=grid_mc1,
        household=household,
        relation_to_head="02",
        name="马建国",
        id_number=citizen_id("19700305", "011"),
        gender="1",
        birth_date=date(1970, 3, 5),
        ethnicity="03",
        religion="3",
        phone="13900001111",
    )
    wife = Resident.objects.create(
        community=miaochuan,
        household=household,
        relation_to_head="10",
        name="杨秀兰",
        id_number=citizen_id("19720811", "022"),
        gender="2",
        birth_date=date(1972, 8, 11),
        ethnicity="03",
    )
    floating = Resident.objects.create(
        community=miaochuan,
        name="韩晓东",
        id_number=citizen_id("19900101", "031", region="630102"),
        gender="1",
        birth_date=date(1990, 1, 1),
        ethnicity="35",
        residence_type="floating",
    )
    return {
        "household": household,
        "head": head,
        "wife": wife,
        "floating": floating,
        "floating_record": FloatingRecord.objects.create(
            resident=floating,
            origin="青海省循化县",
            arrived_on=date(2024, 3, 1),
            inflow_reason="03",
        ),
        "strata": StrataMembership.objects.create(resident=head, categories="1"),
        "overseas": OverseasTie.objects.create(resident=wife, kind="relative", country="马来西亚"),
        "study": StudyAbroad.objects.create(
            resident=wife, country="埃及", institution="爱资哈尔大学", from_date=date(2023, 9, 1)
        ),
        "business": Business.objects.create(
            community=miaochuan,
            name="马家牛肉面",
            kind="individual",
            operator=head,
            address="庙川路3号",
        ),
        "place": Place.objects.create(
            community=miaochuan,
            name="庙川清真寺",
            kind="religious",
            religion="3",
            address="庙川路9号",
            year_built=1373,
        ),
    }
