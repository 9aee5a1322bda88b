"""Transfers between communities (迁移) and the other life events of a resident: the workflow's
rules, who sees what before and after, what moves with the people and what stays."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Visit
from casework.models import AssistanceCase, Hazard
from core import workdays
from ledgers.models import (
    Community,
    Grid,
    Household,
    MoveEvent,
    ResidencePeriod,
    Resident,
    Transfer,
    TransferState,
)
from ledgers.moves import transfers
from ledgers.moves.transfers import TransferError
from tests import permission_rows as rows
from tests.conftest import citizen_id
from tests.helpers import assert_fixed_queries, edited

pytestmark = pytest.mark.django_db
MOVED_ON = timezone.localdate()  # the people of these tests were registered today


@pytest.fixture
def bh_grid(beihuan: Community) -> Grid:
    return Grid.objects.filter(community=beihuan).order_by("code").first()  # type: ignore[return-value]


def family(community: Community, number: str, size: int, grid: Grid | None = None) -> Household:
    """A household of `size` on the register, its head first."""
    household = Household.objects.create(
        community=community, grid=grid, number=number, address="庙川路8号"
    )
    for n in range(size):
        Resident.objects.create(
            community=community,
            grid=grid,
            household=household,
            relation_to_head="02" if n == 0 else "20",
            name=f"马{'一二三四五六七八'[n]}",
            id_number=citizen_id(
                f"19{70 + n}0101", f"{number[-2:]}{n + 1}", region=f"6202{community.pk % 100:02d}"
            ),
            gender="1",
            birth_date=date(1970 + n, 1, 1),
            ethnicity="03",
        )
    return household


def propose_household(household: Household, to: Community, who: User) -> Transfer:
    return transfers.propose(household, to, MOVED_ON, "购房迁居", who)


# ---- the workflow -------------------------------------------------------------------------


def test_a_whole_household_moves_on_acceptance(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    grid_mc1: Grid,
    bh_grid: Grid,
) -> None:
    household = family(miaochuan, "MC-0100", 3, grid_mc1)
    transfer = propose_household(household, beihuan, accounts["staff_mc"])
    assert transfer.state == TransferState.PROPOSED
    assert transfer.residents.count() == 3
    assert Resident.objects.filter(household=household, community=miaochuan).count() == 3

    transfers.accept(transfer, accounts["staff_bh"], grid=bh_grid)

    household.refresh_from_db()
    assert (household.community, household.grid, household.number) == (beihuan, bh_grid, "MC-0100")
    members = list(Resident.objects.filter(household=household))
    assert {(m.community_id, m.grid_id) for m in members} == {(beihuan.pk, bh_grid.pk)}
    assert all(m.version == 2 for m in members)  # created, moved
    head = members[0]
    assert head.history.first().community_id == beihuan.pk  # the move is in the history
    old, new = ResidencePeriod.objects.filter(resident=head).order_by("started_on", "pk")
    assert (old.community, old.ended_on, old.end_event) == (miaochuan, MOVED_ON, "transfer")
    assert (new.community, new.started_on, new.start_event) == (beihuan, MOVED_ON, "transfer")
    assert new.reason == "购房迁居"


def test_a_household_number_taken_in_the_new_community_gets_a_new_one(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    Household.objects.create(community=beihuan, number="MC-0100", address="北环路1号")
    household = family(miaochuan, "MC-0100", 1)
    transfers.accept(
        propose_household(household, beihuan, accounts["staff_mc"]), accounts["staff_bh"]
    )
    household.refresh_from_db()
    assert household.community == beihuan
    assert household.number == f"{beihuan.short_code}-{MOVED_ON.year}-0001"


def test_one_person_joins_a_household_of_the_receiving_community(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    leaving = family(miaochuan, "MC-0100", 2)
    joined = family(beihuan, "BH-0100", 1)
    wife = Resident.objects.get(household=leaving, relation_to_head="20")
    transfer = transfers.propose([wife], beihuan, MOVED_ON, "婚迁", accounts["staff_mc"])
    with pytest.raises(TransferError):
        transfers.accept(transfer, accounts["staff_bh"], household=joined)
    transfers.accept(transfer, accounts["staff_bh"], household=joined, relation="10")
    wife.refresh_from_db()
    assert (wife.community, wife.household, wife.relation_to_head) == (beihuan, joined, "10")
    assert Resident.objects.filter(household=leaving, community=miaochuan).count() == 1


def test_what_cannot_be_proposed(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    staff = accounts["staff_mc"]
    household = family(miaochuan, "MC-0100", 2)
    head, wife = Resident.objects.filter(household=household).order_by("pk")
    with pytest.raises(TransferError):
        transfers.propose([head], miaochuan, MOVED_ON, "搬家", staff)
    with pytest.raises(TransferError, match="迁移原因"):
        transfers.propose([head], beihuan, MOVED_ON, " ", staff)
    transfers.propose([head], beihuan, MOVED_ON, "搬家", staff)
    with pytest.raises(TransferError, match=r"已有待答复的迁移.*马一"):
        propose_household(household, beihuan, staff)  # the head already waits
    wife.status, wife.status_date, wife.status_reason = "deceased", MOVED_ON, "病故"
    wife.save()
    with pytest.raises(TransferError, match="不在册"):
        transfers.propose([wife], beihuan, MOVED_ON, "搬家", staff)
    # 北环路's staff cannot propose a 庙川 person: not in their scope.
    with pytest.raises(TransferError):
        transfers.propose([wife], miaochuan, MOVED_ON, "搬家", accounts["staff_bh"])


def test_an_open_hazard_report_does_not_block_a_transfer(
    accounts: dict[str, User], mc_people: dict[str, Any], beihuan: Community
) -> None:
    hazard = rows.make_hazard(mc_people, source="report", found_by="马建国")
    transfer = propose_household(mc_people["household"], beihuan, accounts["staff_mc"])
    transfers.accept(transfer, accounts["staff_bh"])
    hazard.refresh_from_db()
    assert hazard.community == mc_people["household"].community.__class__.objects.get(
        name="庙川社区"
    )  # the hazard stays where it was found
    assert Hazard.objects.for_user(accounts["staff_mc"]).filter(pk=hazard.pk).exists()


def test_refusing_needs_a_reason_and_moves_nobody(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    household = family(miaochuan, "MC-0100", 2)
    transfer = propose_household(household, beihuan, accounts["staff_mc"])
    with pytest.raises(TransferError):
        transfers.refuse(transfer, accounts["staff_bh"], "")  # a reason is required
    with pytest.raises(TransferError):
        transfers.refuse(transfer, accounts["staff_mc"], "不对")  # the sender does not answer
    transfers.refuse(transfer, accounts["staff_bh"], "该户未在本社区购房")
    transfer.refresh_from_db()
    assert (transfer.state, transfer.refusal_reason) == ("refused", "该户未在本社区购房")
    assert Resident.objects.filter(household=household, community=miaochuan).count() == 2
    with pytest.raises(TransferError, match="已答复或已撤回"):
        transfers.accept(transfer, accounts["staff_bh"])
    propose_household(household, beihuan, accounts["staff_mc"])  # may be proposed again


def test_the_sender_withdraws_a_waiting_transfer(
    accounts: dict[str, User], miaochuan: Community, beihuan: Community
) -> None:
    household = family(miaochuan, "MC-0100", 1)
    transfer = propose_household(household, beihuan, accounts["staff_mc"])
    with pytest.raises(TransferError, match="迁出社区"):
        transfers.withdraw(transfer, accounts["staff_bh"])
    transfers.withdraw(transfer, accounts["staff_mc"])
    assert Transfer.objects.get(pk=transfer.pk).state == TransferState.WITHDRAWN
    with pytest.raises(TransferError, match="已答复或已撤回"):
        transfers.accept(transfer, accounts["staff_bh"])


def test_a_mistaken_move_is_corrected_by_a_transfer_back(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    grid_mc1: Grid,
    bh_grid: Grid,
) -> None:
    Household.objects.create(community=beihuan, number="MC-0100", address="北环路1号")
    household = family(miaochuan, "MC-0100", 2, grid_mc1)
    transfer = propose_household(household, beihuan, accounts["staff_mc"])
    with pytest.raises(TransferError, match="已接收的迁移"):
        transfers.correct(transfer, accounts["staff_bh"], "误操作")
    transfers.accept(transfer, accounts["staff_bh"], grid=bh_grid)
    back = transfers.correct(transfer, accounts["staff_bh"], "误操作，应为北环路另一户")

    assert (back.state, back.corrects, back.to_community) == ("accepted", transfer, miaochuan)
    assert Transfer.objects.get(pk=transfer.pk).state == "accepted"  # the mistake stays on record
    household.refresh_from_db()
    assert (household.community, household.grid, household.number) == (
        miaochuan,
        grid_mc1,
        "MC-0100",
    )
    head = Resident.objects.filter(household=household).order_by("pk")[0]
    assert (head.community, head.grid, head.relation_to_head) == (miaochuan, grid_mc1, "02")
    events = list(
        ResidencePeriod.objects.filter(resident=head).values_list("start_event", "end_event")
    )
    assert events == [("registered", "transfer"), ("transfer", "correction"), ("correction", "")]
    with pytest.raises(TransferError, match="已更正"):
        transfers.correct(transfer, accounts["staff_bh"], "again")


# ---- what moves, what stays ---------------------------------------------------------------


def test_open_cases_move_with_the_household_and_closed_ones_stay(
    accounts: dict[str, User], mc_people: dict[str, Any], beihuan: Community, bh_grid: Grid
) -> None:
    open_case = rows.case_in("investigating")(mc_people)
    closed_case = rows.case_in("refused")(mc_people)
    transfer = propose_household(mc_people["household"], beihuan, accounts["staff_mc"])
    transfers.accept(transfer, accounts["staff_bh"], grid=bh_grid)
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    assert (open_case.community, open_case.grid) == (beihuan, bh_grid)
    assert open_case.history.first().history_change_reason == "随家庭迁移"
    assert closed_case.community.name == "庙川社区"
    assert AssistanceCase.objects.for_user(accounts["staff_bh"]).filter(pk=open_case.pk).exists()


def test_a_person_with_an_open_case_moving_alone_needs_a_household(
    accounts: dict[str, User], mc_people: dict[str, Any], beihuan: Community, bh_grid: Grid
) -> None:
    """A case is a household's application: accepted without a household to join, it would
    point at a household of another community."""
    case = rows.case_in("investigating")(mc_people)
    applicant = case.applicant
    transfer = transfers.propose([applicant], beihuan, MOVED_ON, "投靠子女", accounts["staff_mc"])
    with pytest.raises(TransferError, match="在办的救助"):
        transfers.accept(transfer, accounts["staff_bh"], grid=bh_grid)
    applicant.refresh_from_db()
    transfer.refresh_from_db()
    assert applicant.community.name == "庙川社区"  # nothing was written
    assert transfer.state == TransferState.PROPOSED
    home = family(beihuan, "BH-0100", 1, bh_grid)
    transfers.accept(transfer, accounts["staff_bh"], grid=bh_grid, household=home, relation="20")
    case.refresh_from_db()
    assert (case.community, case.household) == (beihuan, home)


def test_scope_before_and_after_acceptance(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
    beihuan: Community,
) -> None:
    head = mc_people["head"]
    visit = rows.make_visit(mc_people)
    staff_mc, staff_bh = client_as("staff_mc"), client_as("staff_bh")
    transfer = propose_household(mc_people["household"], beihuan, accounts["staff_mc"])
    resident_url = reverse("ledgers:resident", args=[head.pk])
    transfer_url = reverse("ledgers:transfer", args=[transfer.pk])

    assert staff_bh.get(resident_url).status_code == 404  # not theirs before acceptance
    page = staff_bh.get(transfer_url)
    assert page.status_code == 200 and "马建国" in page.content.decode()
    assert (
        staff_bh.get(reverse("ledgers:transfer_list") + "?direction=in").context["paginator"].count
        == 1
    )

    response = staff_bh.post(reverse("ledgers:transfer_accept", args=[transfer.pk]), {"grid": ""})
    assert response.status_code == 302
    assert staff_bh.get(resident_url).status_code == 200
    assert staff_mc.get(resident_url).status_code == 404  # gone from 庙川's register
    assert staff_mc.get(transfer_url).status_code == 200  # the transfer stays visible to both
    visits = staff_mc.get(reverse("campaigns:visit_list")).context["paginator"].count
    assert visits == 1 and Visit.objects.get(pk=visit.pk).community.name == "庙川社区"


def test_yearly_statistics_count_old_visits_where_they_happened(
    accounts: dict[str, User], mc_people: dict[str, Any], beihuan: Community
) -> None:
    from reports.yearly import figures

    rows.make_visit(mc_people)
    mc = mc_people["household"].community
    transfers.accept(
        propose_household(mc_people["household"], beihuan, accounts["staff_mc"]),
        accounts["staff_bh"],
    )
    year = timezone.localdate().year
    counted = figures.figures(accounts["leader"], date(year, 1, 1), date(year, 12, 31))
    assert counted[mc.pk]["visits"] == 1
    assert beihuan.pk not in counted or counted[beihuan.pk]["visits"] == 0


def test_a_household_of_six_with_its_records_moves_in_twenty_queries(
    accounts: dict[str, User],
    miaochuan: Community,
    beihuan: Community,
    bh_grid: Grid,
    django_assert_max_num_queries: Any,
) -> None:
    household = family(miaochuan, "MC-0100", 6)
    head = Resident.objects.filter(household=household).order_by("pk").first()
    people = {"household": household, "head": head}
    rows.case_in("investigating")(people)
    rows.case_in("refused")(people)
    Visit.objects.create(household=household, purpose="policy", findings="好")
    transfer = propose_household(household, beihuan, accounts["staff_mc"])
    staff_bh = User.objects.get(username="staff_bh")
    staff_bh.has_perm("ledgers.answer_transfer")  # the permissions, read once per request
    with django_assert_max_num_queries(20):
        transfers.accept(transfer, staff_bh, grid=bh_grid)
    assert Resident.objects.filter(household=household, community=beihuan).count() == 6


# ---- pages --------------------------------------------------------------------------------


def test_proposing_from_the_household_page(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], beihuan: Community
) -> None:
    client = client_as("staff_mc")
    household = mc_people["household"]
    page = client.get(reverse("ledgers:household", args=[household.pk]))
    url = reverse("ledgers:transfer_propose_household", args=[household.pk])
    assert url in page.content.decode()
    response = client.post(
        url, {"to_community": beihuan.pk, "moved_on": f"{MOVED_ON:%Y-%m-%d}", "reason": "购房"}
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response["Location"] == transfer.get_absolute_url()
    assert transfer.household == household and transfer.residents.count() == 2
    again = client.post(
        url, {"to_community": beihuan.pk, "moved_on": f"{MOVED_ON:%Y-%m-%d}", "reason": "购房"}
    )
    assert "已有待答复的迁移" in again.content.decode()


def test_the_resident_page_shows_where_they_lived(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
    beihuan: Community,
) -> None:
    transfers.accept(
        propose_household(mc_people["household"], beihuan, accounts["staff_mc"]),
        accounts["staff_bh"],
    )
    page = client_as("staff_bh").get(reverse("ledgers:resident", args=[mc_people["head"].pk]))
    section = page.content.decode().split('id="residence-periods"')[1]
    assert "庙川社区" in section and "北环路社区" in section
    assert "社区间迁移" in section and "购房迁居" in section


def test_the_transfer_list_filters_and_searches(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
) -> None:
    staff = accounts["staff_mc"]
    late = propose_household(family(miaochuan, "MC-0100", 1), beihuan, staff)
    Transfer.objects.filter(pk=late.pk).update(proposed_at=timezone.now() - timedelta(days=15))
    recent = transfers.propose(
        list(Resident.objects.filter(household__number="MC-0100").none())
        or [
            Resident.objects.create(
                community=miaochuan,
                name="韩梅",
                gender="2",
                birth_date=date(1990, 1, 1),
                ethnicity="01",
                id_number=citizen_id("19900101", "022"),
            )
        ],
        beihuan,
        MOVED_ON,
        "就业",
        staff,
    )
    client = client_as("leader")
    url = reverse("ledgers:transfer_list")
    listed = lambda query: list(client.get(url + query).context["object_list"])  # noqa: E731
    assert listed("?overdue=yes") == [late]
    assert listed("?overdue=no") == [recent]
    assert listed("?q=韩") == [recent]
    assert listed(f"?community={miaochuan.pk}&state=proposed") == [recent, late]
    assert client_as("staff_bh").get(url + "?direction=out").context["paginator"].count == 0


def test_the_transfer_list_takes_a_fixed_number_of_queries(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
) -> None:
    staff = accounts["staff_mc"]

    def add(count: int) -> None:
        start = Transfer.objects.count()
        for n in range(start, start + min(count, 30)):
            household = Household.objects.create(
                community=miaochuan, number=f"T-{n}", address="庙川路"
            )
            person = Resident.objects.create(
                community=miaochuan,
                household=household,
                relation_to_head="02",
                name=f"马{n}",
                gender="1",
                birth_date=date(1980, 1, 1),
                ethnicity="03",
                document_type="other",
            )
            transfers.propose([person], beihuan, MOVED_ON, "搬家", staff)

    assert_fixed_queries(client_as("staff_bh"), reverse("ledgers:transfer_list"), add)


def test_overdue_is_counted_in_working_days() -> None:
    friday = date(2024, 9, 27)  # 09-29 a make-up working day, 10-01…07 the National Day
    assert transfers.answer_due(friday) == workdays.add_working_days(friday, 5)
    assert transfers.answer_due(friday) == date(2024, 10, 10)
    cutoff = transfers.overdue_before(date(2024, 10, 11))
    # Proposed on the Friday or the Saturday: due on 10-10, overdue the day after.
    assert timezone.localtime(cutoff).date() == date(2024, 9, 29)


# ---- the other events ---------------------------------------------------------------------


def test_moving_out_of_the_office_and_back(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    client = client_as("staff_mc")
    wife = mc_people["wife"]
    url = reverse("ledgers:resident_status", args=[wife.pk])
    day = f"{MOVED_ON:%Y-%m-%d}"
    response = client.post(
        url, edited(wife, {"event": "moved_out", "on": day, "reason": "迁往兰州"})
    )
    assert response.status_code == 302
    wife.refresh_from_db()
    assert (wife.status, wife.status_date, wife.status_reason) == (
        "moved_out",
        MOVED_ON,
        "迁往兰州",
    )
    period = ResidencePeriod.objects.get(resident=wife)
    assert (period.ended_on, period.end_event, period.reason) == (MOVED_ON, "moved_out", "")
    early = client.post(
        url,
        edited(
            wife,
            {
                "event": "returned",
                "on": "2000-01-01",
                "reason": "回迁",
                "community": wife.community_id,
            },
        ),
    )
    assert early.status_code == 200 and "日期不能早于" in early.content.decode()
    client.post(
        url,
        edited(
            wife, {"event": "returned", "on": day, "reason": "回迁", "community": wife.community_id}
        ),
    )
    wife.refresh_from_db()
    assert wife.status == "active"
    assert ResidencePeriod.objects.get(resident=wife, ended_on__isnull=True).start_event == (
        MoveEvent.RETURNED
    )


def test_a_new_resident_moved_in_from_outside_the_office(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    client = client_as("staff_mc")
    data = {
        "document_type": "citizen",
        "id_number": citizen_id("19850302", "013"),
        "name": "马小龙",
        "ethnicity": "03",
        "community": miaochuan.pk,
        "residence_type": "registered",
        "arrival": "moved_in",
    }
    missing = client.post(reverse("ledgers:resident_add"), data)
    assert "请填写迁入日期。" in missing.content.decode()
    client.post(reverse("ledgers:resident_add"), {**data, "arrived_on": "2025-06-01"})
    period = ResidencePeriod.objects.get(resident__name="马小龙")
    assert (period.start_event, period.started_on) == ("moved_in", date(2025, 6, 1))


def test_the_edit_form_no_longer_moves_a_person(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], beihuan: Community
) -> None:
    client = client_as("staff_mc")
    head = mc_people["head"]
    form = client.get(reverse("ledgers:resident_edit", args=[head.pk])).context["form"]
    assert form.fields["community"].disabled
    assert "迁移" in str(form.fields["community"].help_text)


# ---- leaders and the demo -----------------------------------------------------------------


def test_the_demo_office_has_an_accepted_an_overdue_and_a_refused_transfer(
    accounts: dict[str, User], client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    from demo.transfers import seed_transfers

    for number in ("MC-0101", "MC-0102", "MC-0103"):
        family(miaochuan, number, 2)
    ResidencePeriod.objects.update(started_on=date(2020, 1, 1))  # registered long ago
    seed_transfers()
    assert sorted(Transfer.objects.values_list("state", flat=True)) == [
        "accepted",
        "proposed",
        "refused",
    ]
    assert Household.objects.get(number="MC-0101").community.name == "北环路社区"

    response = client_as("leader").get(reverse("reports:dashboard"))
    overdue = response.context["figures"]["transfers_overdue"]
    assert overdue.value == 1 and overdue.alert
    listed = client_as("leader").get(overdue.url).context["object_list"]
    assert [t.household.number for t in listed] == ["MC-0102"]


def test_the_transfer_list_finds_people_as_the_register_does(
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
    miaochuan: Community,
    beihuan: Community,
) -> None:
    """By pinyin initials, any part of the name and the ID number's tail, not only a prefix."""
    household = family(miaochuan, "MC-0100", 2)
    propose_household(household, beihuan, accounts["staff_mc"])
    head = household.members.order_by("pk").first()
    assert head is not None
    client = client_as("staff_mc")
    for query in ["马一", "my", head.id_number[-4:]]:
        found = client.get(reverse("ledgers:transfer_list"), {"q": query})
        assert found.context["paginator"].count == 1, query
    assert client.get(reverse("ledgers:transfer_list"), {"q": "wx"}).context["paginator"].count == 0
