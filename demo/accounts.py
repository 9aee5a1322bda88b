"""The demo office's communities, grids and accounts, and the staff member of each community;
`seed()` makes them (and the people). The demo seeding and the test personas share them."""

from dataclasses import dataclass

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import transaction

from core import credentials, roles
from ledgers.models import Assignment, Community, Grid

DEFAULT_PASSWORD = "tongxin-demo-2026"

# name, 12-digit area code (居委会 001–199), number of grids
COMMUNITIES = [
    ("庙川社区", "620202001001", 5),
    ("北环路社区", "620202001002", 4),
    ("站院巷社区", "620202001003", 3),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    community: str = ""
    grid_code: str = ""  # for a grid worker: the grid they look after

    @property
    def description(self) -> str:
        where = f" · {self.community}" if self.community else ""
        grid = f" · {self.grid_code}" if self.grid_code else ""
        return f"{self.role}{where}{grid}"


ACCOUNTS = [
    DemoAccount("admin", roles.SYSADMIN, "周系统"),
    DemoAccount("staff_mc", roles.STAFF, "马秀英", "庙川社区"),
    DemoAccount("staff_bh", roles.STAFF, "王建华", "北环路社区"),
    DemoAccount("staff_zy", roles.STAFF, "白玉兰", "站院巷社区"),
    DemoAccount("grid_mc1", roles.GRID_WORKER, "李海燕", "庙川社区", "MC-01"),
    DemoAccount("leader", roles.LEADER, "张国强"),
    DemoAccount("county", roles.COUNTY, "陈丽"),
    DemoAccount("auditor", roles.AUDITOR, "刘审计"),
]

# The staff member who works in each community (the one the demo's records name).
STAFF = {account.community: account.username for account in ACCOUNTS if account.role == roles.STAFF}

# The community's short code: in its grids' codes (MC-01) and its hazard numbers (YH-MC-…).
GRID_PREFIX = {"庙川社区": "MC", "北环路社区": "BH", "站院巷社区": "ZY"}


def create_areas() -> dict[str, Community]:
    communities = {}
    for name, code, grid_count in COMMUNITIES:
        community, _ = Community.objects.get_or_create(
            code=code, defaults={"name": name, "short_code": GRID_PREFIX[name]}
        )
        for number in range(1, grid_count + 1):
            Grid.objects.get_or_create(
                community=community,
                code=f"{GRID_PREFIX[name]}-{number:02d}",
                defaults={"name": f"第{number}网格"},
            )
        communities[name] = community
    return communities


def create_account(account: DemoAccount, password: str) -> User:
    """Create the account once; a second run leaves it (and its password) as it is."""
    user_model = get_user_model()
    family, given = account.full_name[0], account.full_name[1:]
    user, created = user_model.objects.get_or_create(
        username=account.username,
        defaults={
            "last_name": family,
            "first_name": given,
            "is_staff": account.role == roles.SYSADMIN,
            "password": make_password(password),
        },
    )
    if created:
        # The README prints this password; no one is made to replace it at first sign-in.
        credentials.password_changed(user)
        user.groups.add(Group.objects.get(name=account.role))
        if account.community:
            community = Community.objects.get(name=account.community)
            assignment = Assignment.objects.create(user=user, community=community)
            if account.grid_code:
                grid = Grid.objects.get(community=community, code=account.grid_code)
                assignment.grids.add(grid)
                grid.worker = user
                grid.save(update_fields=["worker"])
    return user  # type: ignore[return-value]


@transaction.atomic
def seed(password: str = DEFAULT_PASSWORD, *, people: bool = True) -> dict[str, User]:
    """Areas and accounts; with `people`, also the households, residents and places of the demo."""
    roles.sync_roles(django_apps)  # normally done by migrate; again here after a flush
    create_areas()
    accounts = {account.username: create_account(account, password) for account in ACCOUNTS}
    if people:
        from demo.people import seed_people

        seed_people()
    return accounts
