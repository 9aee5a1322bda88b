"""The demo's people: seeded once, with valid numbers, consistent families and realistic shares."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Count, F, Q

from demo import accounts as demo
from demo.people import seed_people
from demo.people_facts import REFERENCE_DATE
from ledgers.codes import RelationToHead
from ledgers.identifiers import check_credit_code, is_minority, parse_citizen_id
from ledgers.models import (
    Business,
    FloatingRecord,
    Household,
    OverseasTie,
    Place,
    ResidenceType,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
)

HEAD = RelationToHead.HEAD
CHILDREN = (RelationToHead.SON, RelationToHead.DAUGHTER)
PARENTS = (RelationToHead.FATHER, RelationToHead.MOTHER)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Seed once for the whole module (about two seconds) and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def people(seeded: None, db: None) -> None:
    """The seeded demo, inside the test's own transaction."""


def age(resident: Resident) -> int:
    return resident.age(REFERENCE_DATE)


def counts() -> dict[str, int]:
    tagged = Resident.tags.through.objects.count()
    historical_tags = apps.get_model("ledgers", "HistoricalResident_tags").objects.count()
    return {
        "residents": Resident.objects.count(),
        "households": Household.objects.count(),
        "resident history": Resident.history.count(),  # type: ignore[attr-defined]
        "household history": Household.history.count(),  # type: ignore[attr-defined]
        "tags": tagged,
        "tag history": historical_tags,
        "floating": FloatingRecord.objects.count(),
        "businesses": Business.objects.count(),
        "places": Place.objects.count(),
    }


def test_seeding_people_twice_changes_nothing(people: None) -> None:
    before = counts()
    seed_people()
    demo.seed()
    assert counts() == before


def test_about_a_thousand_households_and_three_thousand_residents(people: None) -> None:
    numbers = counts()
    assert 950 <= numbers["households"] <= 1050
    assert 2_700 <= numbers["residents"] <= 3_300
    # Each row has exactly its creation entry, and that entry records the resident's tags.
    assert numbers["resident history"] == numbers["residents"]
    assert numbers["household history"] == numbers["households"]
    assert numbers["tag history"] == numbers["tags"] > 0
    assert (numbers["businesses"], numbers["places"]) == (40, 12)
    assert 25 <= StrataMembership.objects.count() <= 35
    assert 10 <= OverseasTie.objects.count() <= 20
    assert 8 <= StudyAbroad.objects.count() <= 12
    assert Household.objects.filter(number="MC-0001", community__name="庙川社区").exists()
    assert not Household.objects.filter(grid__isnull=True).exists()
    assert not Household.objects.exclude(grid__community=F("community")).exists()


def test_every_citizen_id_validates_and_agrees_with_the_person(people: None) -> None:
    rows = list(Resident.objects.values_list("id_number", "gender", "birth_date"))
    assert len({number for number, _, _ in rows}) == len(rows)
    for number, gender, birth_date in rows:
        parsed = parse_citizen_id(number)
        assert (parsed.gender, parsed.birth_date) == (gender, birth_date), number


def test_every_household_has_exactly_one_active_head(people: None) -> None:
    heads = Household.objects.annotate(
        head_count=Count("members", filter=Q(members__relation_to_head=HEAD)),
        active_heads=Count(
            "members",
            filter=Q(members__relation_to_head=HEAD, members__status=ResidentStatus.ACTIVE),
        ),
    )
    assert set(heads.values_list("head_count", "active_heads")) == {(1, 1)}


def test_ages_agree_with_relations(people: None) -> None:
    households = Household.objects.prefetch_related("members")
    for household in households:
        members = list(household.members.all())
        head = next(m for m in members if m.relation_to_head == HEAD)
        assert age(head) >= 18
        for member in members:
            if member.relation_to_head in CHILDREN:
                assert age(head) - age(member) >= 16, (household, member)
                assert member.gender == ("1" if member.relation_to_head == "20" else "2")
            elif member.relation_to_head in PARENTS:
                assert age(member) - age(head) >= 18, (household, member)
            elif member.relation_to_head == RelationToHead.SPOUSE:
                assert member.gender != head.gender and age(member) >= 20
            if age(member) < 20:
                assert member.marital_status == "10", member
            if member.status != ResidentStatus.ACTIVE:
                assert member.status_date and member.status_reason, member
        assert len({m.name for m in members}) == len(members), household
        assert head.current_address.startswith(household.address)


def test_minority_share_is_realistic(people: None) -> None:
    ethnicities = Counter(Resident.objects.values_list("ethnicity", flat=True))
    total = sum(ethnicities.values())
    minority = sum(n for code, n in ethnicities.items() if is_minority(code))
    assert 0.15 <= minority / total <= 0.30
    # Most minority residents are 回族, and several other nationalities live here too.
    assert ethnicities["03"] > minority / 2
    assert len([code for code in ethnicities if is_minority(code)]) >= 8


def test_floating_residents_have_their_record(people: None) -> None:
    floating = Resident.objects.filter(residence_type=ResidenceType.FLOATING)
    share = floating.count() / Resident.objects.count()
    assert 0.05 <= share <= 0.11
    assert not floating.filter(floating_records__isnull=True).exists()
    assert FloatingRecord.objects.count() == floating.count()
    left = FloatingRecord.objects.filter(left_on__isnull=False)
    assert left.exists()
    assert not left.exclude(resident__status=ResidentStatus.MOVED_OUT).exists()
    assert left.count() == floating.filter(status=ResidentStatus.MOVED_OUT).count()
    for record in FloatingRecord.objects.all():
        record.clean()  # left after arriving
    assert FloatingRecord.objects.filter(permit_expires__lt=REFERENCE_DATE).exists()


def test_tags_follow_the_people(people: None) -> None:
    elderly = Resident.objects.filter(tags__name="高龄老人")
    assert elderly.exists()
    assert all(age(r) >= 80 and r.status == ResidentStatus.ACTIVE for r in elderly)
    active = Resident.objects.filter(status=ResidentStatus.ACTIVE)
    assert sum(age(r) >= 80 for r in active) == elderly.count()
    for name in ("低保对象", "残疾人", "退役军人"):
        assert Resident.objects.filter(tags__name=name).exists(), name


def test_the_old_mosque_and_the_cultural_positions(people: None) -> None:
    mosque = Place.objects.get(name="清真寺")
    assert (mosque.kind, mosque.religion, mosque.year_built) == ("religious", "3", 1373)
    assert mosque.notes == "始建于明洪武六年"
    assert Place.objects.filter(kind="religious", religion="1").exists()
    assert Place.objects.filter(kind="gathering").exists()
    cultural = set(Place.objects.filter(kind="cultural").values_list("name", flat=True))
    assert {"民族团结文化展厅", "新时代文明实践广场", "民族团结活动室"} <= cultural


def test_credit_codes_are_valid(people: None) -> None:
    businesses = list(Business.objects.select_related("operator"))
    assert len({b.credit_code for b in businesses}) == len(businesses)
    for business in businesses:
        assert check_credit_code(business.credit_code) == business.credit_code
        prefix = {"individual": "92", "enterprise": "91"}.get(business.kind)
        assert prefix is None or business.credit_code.startswith(prefix), business
        operator = business.operator
        assert business.minority_run == bool(operator and is_minority(operator.ethnicity))
        assert operator or business.operator_name
    assert sum(b.kind == "individual" for b in businesses) >= 30
    assert sum(b.minority_run for b in businesses) >= 8


def test_a_sample_of_rows_passes_model_validation(people: None) -> None:
    models: list[Any] = [
        Household,
        Resident,
        FloatingRecord,
        StrataMembership,
        OverseasTie,
        StudyAbroad,
        Business,
        Place,
    ]
    for model in models:
        for row in model.objects.order_by("?")[:40]:
            row.full_clean()
