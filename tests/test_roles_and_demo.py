"""Roles come from migrations exactly as the apps declare them (<app>/roles.py); the demo
seeds once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from core.roles import ROLE_PERMISSIONS
from demo import accounts as demo
from ledgers.models import Assignment, Community, Grid


def test_groups_hold_exactly_the_listed_permissions(db: None) -> None:
    for role, names in ROLE_PERMISSIONS.items():
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert granted == set(names), role


def test_every_listed_permission_exists(db: None) -> None:
    existing = {
        f"{app}.{code}"
        for app, code in Permission.objects.values_list("content_type__app_label", "codename")
    }
    listed = {name for names in ROLE_PERMISSIONS.values() for name in names}
    assert listed <= existing, listed - existing


def test_migrations_create_no_accounts(db: None) -> None:
    assert not get_user_model().objects.exists()


def test_demo_seeding_twice_changes_nothing(db: None) -> None:
    demo.seed()
    users = list(get_user_model().objects.order_by("pk").values_list("username", "password"))
    counts = (Community.objects.count(), Grid.objects.count(), Assignment.objects.count())
    history = Grid.history.count()
    demo.seed()
    assert (
        list(get_user_model().objects.order_by("pk").values_list("username", "password")) == users
    )
    assert (Community.objects.count(), Grid.objects.count(), Assignment.objects.count()) == counts
    assert Grid.history.count() == history
    assert counts[0] == 3
    assert all(3 <= c.grids.count() <= 5 for c in Community.objects.all())


def test_demo_accounts_work_as_described(db: None) -> None:
    accounts = demo.seed("Another-pass-2026")
    assert accounts["staff_mc"].check_password("Another-pass-2026")
    assert not accounts["admin"].is_superuser and accounts["admin"].is_staff
    assert Grid.objects.get(code="MC-01").worker == accounts["grid_mc1"]
