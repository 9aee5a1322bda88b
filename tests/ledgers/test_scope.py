"""The scope rule: a user sees the rows of their communities; another community's row is a 404."""

from collections.abc import Callable

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from core.generic import ObjectUpdateView
from ledgers.areas.forms import GridForm
from ledgers.models import Assignment, Community, Grid
from tests.helpers import assert_fixed_queries, edited


def names(queryset: object) -> set[str]:
    return {str(c) for c in queryset}  # type: ignore[attr-defined]


def test_staff_see_only_their_community(accounts: dict[str, User]) -> None:
    assert names(Community.objects.for_user(accounts["staff_mc"])) == {"庙川社区"}
    assert names(Community.objects.for_user(accounts["staff_bh"])) == {"北环路社区"}
    assert {g.community.name for g in Grid.objects.for_user(accounts["grid_mc1"])} == {"庙川社区"}


def test_leader_and_county_see_every_community(accounts: dict[str, User]) -> None:
    everyone = {"庙川社区", "北环路社区", "站院巷社区"}
    assert names(Community.objects.for_user(accounts["leader"])) == everyone
    assert names(Community.objects.for_user(accounts["county"])) == everyone


def test_sysadmin_auditor_and_inactive_users_see_no_community(
    accounts: dict[str, User],
) -> None:
    assert not Community.objects.for_user(accounts["admin"]).exists()
    assert not Community.objects.for_user(accounts["auditor"]).exists()
    leader = accounts["leader"]
    leader.is_active = False
    assert not Community.objects.for_user(leader).exists()


def test_community_list_shows_only_own_community(client_as: Callable[[str], Client]) -> None:
    page = client_as("staff_mc").get(reverse("ledgers:community_list")).content.decode()
    assert "庙川社区" in page
    assert "北环路社区" not in page
    assert "站院巷社区" not in page


def test_search_does_not_reach_other_communities(client_as: Callable[[str], Client]) -> None:
    response = client_as("staff_mc").get(reverse("ledgers:community_list"), {"q": "北环"})
    assert "北环路社区" not in response.content.decode()
    assert response.context["paginator"].count == 0


def test_staff_cannot_open_other_community(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    response = client_as("staff_bh").get(reverse("ledgers:community", args=[miaochuan.pk]))
    assert response.status_code == 404


def test_staff_edits_a_grid_of_their_community(
    client_as: Callable[[str], Client], grid_mc1: Grid, miaochuan: Community
) -> None:
    client = client_as("staff_mc")
    response = client.post(
        reverse("ledgers:grid_edit", args=[grid_mc1.pk]),
        edited(
            grid_mc1, {"community": miaochuan.pk, "name": "东片网格", "code": "MC-01", "worker": ""}
        ),
        follow=True,
    )
    assert response.status_code == 200
    grid_mc1.refresh_from_db()
    assert grid_mc1.name == "东片网格"
    latest = grid_mc1.history.first()
    assert (latest.name, latest.history_user.username) == ("东片网格", "staff_mc")
    assert "网格已保存" in response.content.decode()


def test_staff_cannot_move_a_grid_to_another_community(
    client_as: Callable[[str], Client], grid_mc1: Grid, beihuan: Community
) -> None:
    response = client_as("staff_mc").post(
        reverse("ledgers:grid_edit", args=[grid_mc1.pk]),
        {"community": beihuan.pk, "name": "第1网格", "code": "MC-01", "worker": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["community"]
    grid_mc1.refresh_from_db()
    assert grid_mc1.community.name == "庙川社区"


class UnrestrictedGridForm(GridForm):
    """A form that forgot to limit its choices: the save-time re-check must still hold."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["community"] = forms.ModelChoiceField(Community.objects.all())


def test_scope_is_rechecked_inside_the_save_transaction(
    accounts: dict[str, User], grid_mc1: Grid, beihuan: Community
) -> None:
    from django.contrib.messages.storage.fallback import FallbackStorage

    class View(ObjectUpdateView):
        model = Grid
        form_class = UnrestrictedGridForm

    data = edited(
        grid_mc1, {"community": beihuan.pk, "name": "第1网格", "code": "MC-01", "worker": ""}
    )
    request = RequestFactory().post("/", data)
    request.user = accounts["staff_mc"]
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response = View.as_view()(request, pk=grid_mc1.pk)
    assert response.status_code == 200
    assert "您不能把记录移出您所在的社区" in response.rendered_content  # type: ignore[attr-defined]
    grid_mc1.refresh_from_db()
    assert grid_mc1.community.name == "庙川社区"


def _community_adder(user: User, prefix: str) -> Callable[[int], None]:
    """Adds communities (each with two grids, one without a worker) assigned to `user`."""
    counter = iter(range(10_000))

    def add(n: int) -> None:
        numbers = [next(counter) for _ in range(n)]
        Community.objects.bulk_create(
            Community(
                name=f"{prefix}社区{i}", code=f"{prefix}{i:04d}", short_code=f"T{prefix[-2:]}{i}"
            )
            for i in numbers
        )
        created = Community.objects.filter(code__in=[f"{prefix}{i:04d}" for i in numbers])
        Grid.objects.bulk_create(
            Grid(community=c, name=f"第{k}网格", code=f"G-{k}", worker=user if k == 1 else None)
            for c in created
            for k in (1, 2)
        )
        Assignment.objects.bulk_create(Assignment(user=user, community=c) for c in created)

    return add


@pytest.mark.parametrize("persona", ["staff_mc", "leader"])
def test_community_list_queries_do_not_grow(
    persona: str, accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    add = _community_adder(accounts[persona], "62020201")
    assert_fixed_queries(client_as(persona), reverse("ledgers:community_list"), add)


@pytest.mark.parametrize("persona", ["staff_mc", "leader"])
def test_home_queries_do_not_grow(
    persona: str, accounts: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    add = _community_adder(accounts[persona], "62020202")
    client = client_as(persona)

    def added(n: int) -> None:
        """The communities added, and the dashboard's counts of them counted once (the queries
        of counting again are tests/reports/test_dashboard.py's)."""
        add(n)
        client.get(reverse("home"))

    assert_fixed_queries(client, reverse("home"), added)
