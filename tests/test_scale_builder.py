"""The rows benchmarks/scale.py measures keep the models' rules: built with COPY on PostgreSQL,
each passes full_clean and the ledgers' consistency checks find nothing."""

import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from campaigns.models import Activity, Visit
from casework.models import AssistanceCase, Hazard, InsuranceEnrolment
from demo import accounts as demo
from ledgers import checks
from ledgers.models import (
    Community,
    FloatingRecord,
    Grid,
    Household,
    ResidencePeriod,
    Resident,
    StrataMembership,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import scale_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY: PostgreSQL only"),
]

SIZE = 200  # a strata member (every hundredth), a hazard and an activity come with it


@pytest.fixture(autouse=True)
def small_communities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Communities of 40 residents: the builder adds two to the demo's three."""
    monkeypatch.setattr(scale_data, "PER_COMMUNITY", 40)


def build() -> None:
    demo.seed(people=False)
    scale_data._more_communities(SIZE)
    communities = list(Community.objects.order_by("code"))
    grids = {
        c.pk: list(Grid.objects.filter(community=c).order_by("code").values_list("pk", flat=True))
        for c in communities
    }
    staff = get_user_model().objects.get(username="staff_mc").pk
    today = timezone.localdate()
    with connection.cursor() as wrapper:
        copy = scale_data.Copier(wrapper.cursor)
        households = scale_data._households(copy, SIZE, communities, grids)
        residents = scale_data._residents(copy, SIZE, households, today)
        scale_data._records(copy, residents, today)
        scale_data._casework(copy, households, residents, communities, today, staff)
        scale_data.with_history(wrapper.cursor, "ledgers.Resident")


def test_every_row_built_keeps_the_models_rules() -> None:
    build()
    assert Resident.objects.count() == SIZE
    for model in [
        Household,
        Resident,
        ResidencePeriod,
        FloatingRecord,
        StrataMembership,
        InsuranceEnrolment,
        Visit,
        Activity,
        Hazard,
        AssistanceCase,
    ]:
        rows = list(model.objects.all())  # type: ignore[attr-defined]
        assert rows, model
        for row in rows:
            row.full_clean()


def test_the_ledgers_checks_find_nothing_to_put_right() -> None:
    build()
    assert {result.key: result.count for result in checks.run() if result.count} == {}


def test_each_resident_has_one_open_period_and_a_history() -> None:
    build()
    assert ResidencePeriod.objects.filter(ended_on__isnull=True).count() == (
        Resident.objects.filter(status="active").count()
    )
    assert Resident.history.filter(history_type="+").count() == SIZE  # type: ignore[attr-defined]


def test_new_rows_after_the_copy_take_the_next_ids() -> None:
    build()
    household = Household.objects.order_by("pk").first()
    assert household is not None
    added = Household.objects.create(
        community=household.community, number="NEW-1", address="新华路1号"
    )
    assert added.pk == Household.objects.count()


def test_each_community_holds_its_share() -> None:
    build()
    sizes = {c.name: c.residents for c in Community.objects.annotate(residents=Count("resident"))}
    assert len(sizes) == 5  # 200 residents, 40 a community
    assert max(sizes.values()) - min(sizes.values()) <= 30, sizes  # one turn of households
    assert Grid.objects.filter(community__code__startswith="620202002").count() == 2 * 4
